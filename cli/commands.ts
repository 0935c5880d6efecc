import { auditAccountsOf } from '../src/io/engineInput.ts';
import { OWNERSHIP_REASONS, TERRITORY_COLOURS, type Plan, type Territory } from '../src/domain/plan.ts';
import {
  AUDIT_CSV_HEADER,
  AUDIT_STATUSES,
  auditAssignments,
  auditRows,
  tallyTotal,
  type AuditTally,
} from '../src/engine/audit.ts';
import { autoBalance } from '../src/engine/balance.ts';
import {
  balanceGeography,
  buildBalanceInput,
  DEFAULT_BALANCE_SETTINGS,
  wantsMapColumns,
  wantsOwnershipLoads,
  type BalanceSettings,
} from '../src/engine/balanceInput.ts';
import type { BalanceMetrics } from '../src/engine/metrics.ts';
import {
  OWNERSHIP_REASON_LABELS,
  UNROUTABLE_WHY,
  UNROUTABLE_WHY_LABELS,
  type OwnershipResult,
} from '../src/engine/ownership.ts';
import type { BalanceLoads } from '../src/engine/planEngine.ts';
import type { PlanShapeSummary } from '../src/engine/shapeMeasures.ts';
import { assignTeams } from '../src/engine/teams.ts';
import { stringAt } from '../src/io/accountTable.ts';
import { ASSIGNMENT_LAYOUTS, assignmentsCsv } from '../src/io/assignmentExport.ts';
import { toSafeCsv } from '../src/io/csvExport.ts';
import { serialisePlan } from '../src/io/planFile.ts';
import { CliError, type CommandName, type Options } from './args.ts';
import { formatBand, formatCount, formatPercent, formatValue, plural, renderTable } from './format.ts';
import { openWorkspace, resolvePlanOwnership, writeOutput, type Notes, type Workspace } from './workspace.ts';

/** What a command prints: the report on stdout and notes about its inputs on stderr. */
export interface CommandResult {
  stdout: string;
  notes: Notes;
}

type Command = (options: Options) => CommandResult;

const DELIMITER_WORDS = { comma: ',', semicolon: ';', tab: '\t', pipe: '|' } as const;
const DECIMAL_WORDS = { comma: ',', point: '.', dot: '.' } as const;

const open = (options: Options): Workspace => {
  const delimiter = options.choice('delimiter', Object.keys(DELIMITER_WORDS) as (keyof typeof DELIMITER_WORDS)[]);
  const decimal = options.choice('decimal', Object.keys(DECIMAL_WORDS) as (keyof typeof DECIMAL_WORDS)[]);
  return openWorkspace(options.required('plan'), options.required('accounts'), {
    valueColumn: options.string('value-column'),
    map: options.all('map'),
    delimiter: delimiter && DELIMITER_WORDS[delimiter],
    decimal: decimal && DECIMAL_WORDS[decimal],
    quotesAsText: options.has('quotes-as-text'),
  });
};

// --- stats ----------------------------------------------------------------------------------------

/** Balance metrics as JSON (max/min is null when the smallest territory is empty). */
interface MetricsJson {
  mean: number;
  maxDeviation: number;
  maxMinRatio: number | null;
  coefficientOfVariation: number;
  gini: number;
  /** Null while nothing is assigned: an empty plan is not "perfectly balanced". */
  score: number | null;
  insideBand: number | null;
}

/** One team in `tessera stats --json`; deviations are fractions of the mean (0.05 = 5% above). */
interface TeamStats {
  number: number;
  name: string;
  routing: 'territory' | 'roundRobin';
  accounts: number;
  value: number;
  territories: {
    name: string;
    rep: string | null;
    accounts: number;
    value: number;
    deviation: { accounts: number; value: number };
    /** Connected pieces on the map (1 = contiguous, 0 = empty). */
    pieces: number;
  }[];
  /** On the map but outside every territory of the team. */
  unassigned: { accounts: number; value: number };
  /** Without a usable location, so outside every territory. */
  notPlaced: { accounts: number; value: number };
  metrics: { accounts: MetricsJson; value: MetricsJson } | null;
}

const metricsJson = (m: BalanceMetrics): MetricsJson => ({
  mean: m.mean,
  ...(m.mean > 0 ? { score: m.score, insideBand: m.insideBand } : { score: null, insideBand: null }),
  maxDeviation: m.maxDeviation,
  maxMinRatio: Number.isFinite(m.maxMinRatio) ? m.maxMinRatio : null,
  coefficientOfVariation: m.coefficientOfVariation,
  gini: m.gini,
});

function teamStats(ws: Workspace): TeamStats[] {
  const { plan, table, engine } = ws;
  const teamOf = assignTeams(
    table.count,
    plan.teams.map((t) => t.conditions),
    table,
  );
  const size = new Float64Array(plan.teams.length * 2);
  const notPlaced = new Float64Array(plan.teams.length * 2);
  for (let a = 0; a < table.count; a++) {
    const t = teamOf[a];
    if (t < 0) continue;
    const v = table.value[a] === table.value[a] ? table.value[a] : 0;
    size[t * 2]++;
    size[t * 2 + 1] += v;
    if (table.unit[a] < 0) {
      notPlaced[t * 2]++;
      notPlaced[t * 2 + 1] += v;
    }
  }
  return plan.teams.map((team, t) => {
    const report = engine.report(t);
    const k = report.territoryCount;
    const width = report.columnNames.length;
    const hasMap = (team.routing ?? 'territory') === 'territory' && k > 0;
    return {
      number: t + 1,
      name: team.name,
      routing: team.routing ?? 'territory',
      accounts: size[t * 2],
      value: size[t * 2 + 1],
      territories: team.territories.map((territory, i) => ({
        name: territory.name,
        rep: plan.reps.find((r) => r.id === territory.repId)?.name ?? null,
        accounts: report.totals[i * width],
        value: report.totals[i * width + 1],
        deviation: { accounts: report.count.deviation[i], value: report.value.deviation[i] },
        pieces: report.pieces[i],
      })),
      unassigned: { accounts: report.totals[k * width], value: report.totals[k * width + 1] },
      notPlaced: { accounts: notPlaced[t * 2], value: notPlaced[t * 2 + 1] },
      metrics: hasMap ? { accounts: metricsJson(report.count), value: metricsJson(report.value) } : null,
    };
  });
}

function statsText(ws: Workspace, teams: TeamStats[]): string {
  const { plan, table } = ws;
  const band = `±${formatBand(plan.tolerance)}`;
  const out = [
    `Plan "${plan.name}": ${plural(table.count, 'account')}, value column ${table.valueName || '(none)'}, tolerance ${band}`,
  ];
  for (const team of teams) {
    out.push(
      '',
      `Team ${team.number} "${team.name}": ${plural(team.accounts, 'account')}, value ${formatValue(team.value)}`,
    );
    if (team.routing === 'roundRobin') {
      const pool = plan.teams[team.number - 1].poolRepIds ?? [];
      out.push(`  round-robin pool of ${plural(pool.length, 'rep')}; no territories`);
      continue;
    }
    if (team.territories.length === 0) {
      out.push('  no territories yet');
      continue;
    }
    const rows = team.territories.map((t) => [
      t.name,
      t.rep ?? '(vacant)',
      formatCount(t.accounts),
      formatPercent(t.deviation.accounts, true),
      formatValue(t.value),
      formatPercent(t.deviation.value, true),
      String(t.pieces),
    ]);
    const totalsRow = (label: string, t: { accounts: number; value: number }): string[] => [
      label,
      '',
      formatCount(t.accounts),
      '',
      formatValue(t.value),
      '',
      '',
    ];
    rows.push(totalsRow('Unassigned', team.unassigned));
    if (team.notPlaced.accounts > 0) rows.push(totalsRow('Not on the map', team.notPlaced));
    out.push(renderTable(['Territory', 'Rep', 'Accounts>', 'vs mean>', 'Value>', 'vs mean>', 'Pieces>'], rows));
    const m = team.metrics;
    if (!m) continue;
    const k = team.territories.length;
    const ratio = (x: number | null) => (x === null ? 'no min' : x.toFixed(2));
    const scoreText = (x: number | null) => (x === null ? '—' : String(x));
    const inBand = (x: number | null) => (x === null ? '—' : `${x} of ${k}`);
    out.push(
      '',
      renderTable(
        ['Balance', 'Accounts>', 'Value>'],
        [
          ['Mean', formatValue(m.accounts.mean), formatValue(m.value.mean)],
          ['Max deviation', formatPercent(m.accounts.maxDeviation), formatPercent(m.value.maxDeviation)],
          ['Max/min', ratio(m.accounts.maxMinRatio), ratio(m.value.maxMinRatio)],
          [
            'Coefficient of variation',
            m.accounts.coefficientOfVariation.toFixed(3),
            m.value.coefficientOfVariation.toFixed(3),
          ],
          ['Gini', m.accounts.gini.toFixed(3), m.value.gini.toFixed(3)],
          ['Score (0-100)', scoreText(m.accounts.score), scoreText(m.value.score)],
          [`Inside ${band}`, inBand(m.accounts.insideBand), inBand(m.value.insideBand)],
        ],
      ),
    );
  }
  return `${out.join('\n')}\n`;
}

const stats: Command = (options) => {
  const ws = open(options);
  const teams = teamStats(ws);
  if (!options.has('json')) return { stdout: statsText(ws, teams), notes: ws.notes };
  const json = {
    plan: ws.plan.name,
    planFile: ws.planPath,
    accountsFile: options.required('accounts'),
    valueColumn: ws.table.valueName,
    accounts: ws.table.count,
    tolerance: ws.plan.tolerance,
    teams,
  };
  return { stdout: `${JSON.stringify(json, null, 2)}\n`, notes: ws.notes };
};

// --- route ----------------------------------------------------------------------------------------

/** "7 because no territory covers its area yet; 2 because ..." from account counts per UNROUTABLE_WHY. */
function unroutableCauses(why: Float64Array): string {
  return UNROUTABLE_WHY.flatMap((w, i) =>
    i > 0 && why[i] > 0 ? [`${formatCount(why[i])} because ${UNROUTABLE_WHY_LABELS[w]}`] : [],
  ).join('; ');
}

function reasonSummary(result: OwnershipResult, value: Float64Array): string {
  const n = result.reason.length;
  const accounts = new Float64Array(OWNERSHIP_REASONS.length);
  const values = new Float64Array(OWNERSHIP_REASONS.length);
  const why = new Float64Array(UNROUTABLE_WHY.length);
  for (let a = 0; a < n; a++) {
    accounts[result.reason[a]]++;
    if (value[a] === value[a]) values[result.reason[a]] += value[a];
    if (result.unroutableWhy[a]) why[result.unroutableWhy[a]]++;
  }
  const rows = OWNERSHIP_REASONS.map((reason, r) => [
    reason,
    formatCount(accounts[r]),
    formatPercent(n ? accounts[r] / n : 0),
    formatValue(values[r]),
    OWNERSHIP_REASON_LABELS[reason],
  ]);
  const lines = [renderTable(['Reason', 'Accounts>', 'Share>', 'Value>', 'Rule'], rows)];
  if (why.some((n) => n > 0)) lines.push(`  Unroutable: ${unroutableCauses(why)}`);
  return lines.join('\n');
}

const route: Command = (options) => {
  const layout = options.choice('layout', ASSIGNMENT_LAYOUTS) ?? 'tessera';
  const asOf = options.date('as-of');
  const outPath = options.required('out');
  const ws = open(options);
  const result = resolvePlanOwnership(ws, asOf);
  const out = assignmentsCsv(result, ws.table, ws.plan, layout);
  const leftOut: string[] = [];
  if (out.withoutOwner)
    leftOut.push(`Left out ${plural(out.withoutOwner, 'account')} without a rep (vacant territory or unroutable)`);
  if (out.withoutOwnerKey) {
    const key = layout === 'salesforce' ? 'CRM user Id' : 'email';
    leftOut.push(
      `Left out ${plural(out.withoutOwnerKey, 'account')} whose rep has no ${key}: ${out.repsWithoutKey.join(', ')}`,
    );
  }
  // a header-only file would load into the CRM as "nothing to change" without a word
  if (out.rows === 0 && ws.table.count > 0)
    throw new CliError(
      `no account can be written in the ${layout} layout, so ${outPath} was not written. ${leftOut.join('. ')}`,
    );
  writeOutput(outPath, out.csv);
  const lines = [
    `Routed ${plural(ws.table.count, 'account')} with plan "${ws.plan.name}"`,
    reasonSummary(result, ws.table.value),
    `Wrote ${plural(out.rows, 'row')} to ${outPath} (${layout} layout)`,
    ...leftOut,
  ];
  return { stdout: `${lines.join('\n')}\n`, notes: ws.notes };
};

// --- balance --------------------------------------------------------------------------------------

function pickTeam(plan: Plan, wanted: string | undefined): number {
  const list = plan.teams.map((t, i) => `${i + 1} "${t.name}"`).join(', ');
  if (wanted === undefined) {
    const first = plan.teams.findIndex((t) => (t.routing ?? 'territory') === 'territory');
    if (first < 0) throw new CliError('the plan has no team with a territory map to balance');
    return first;
  }
  const byName = plan.teams.findIndex((t) => t.name.trim().toLowerCase() === wanted.trim().toLowerCase());
  if (byName >= 0) return byName;
  const position = /^\d+$/.test(wanted.trim()) ? Number(wanted) - 1 : -1;
  if (position >= 0 && position < plan.teams.length) return position;
  throw new CliError(`the plan has no team "${wanted}"; its teams are ${list || '(none)'}`);
}

/** The team's territories after balancing into k: existing ones keep name, colour and rep; new ones are vacant. */
function territoriesFor(existing: readonly Territory[], k: number): Territory[] {
  const kept = existing.slice(0, k).map((t) => ({ ...t }));
  const ids = new Set(existing.map((t) => t.id));
  const used = new Set(kept.map((t) => t.colour));
  const free = TERRITORY_COLOURS.filter((c) => !used.has(c));
  for (let i = kept.length; i < k; i++) {
    let id = `territory-${i + 1}`;
    for (let n = 2; ids.has(id); n++) id = `territory-${i + 1}-${n}`;
    ids.add(id);
    const colour =
      free[(i - existing.length) % Math.max(1, free.length)] ?? TERRITORY_COLOURS[i % TERRITORY_COLOURS.length];
    kept.push({ id, name: `Territory ${i + 1}`, colour, repId: null, vacantFrom: '', locked: false });
  }
  return kept;
}

const balance: Command = (options) => {
  const requested = options.integer('territories', 2, 500);
  const tolerancePct = options.number('tolerance', 0, 100) ?? DEFAULT_BALANCE_SETTINGS.tolerancePct;
  const seed = options.integer('seed', 0, 2 ** 31 - 1) ?? DEFAULT_BALANCE_SETTINGS.seed;
  const compactness = options.integer('compactness', 0, 100) ?? DEFAULT_BALANCE_SETTINGS.compactness;
  const compactFloor = options.fraction('compact-floor') ?? DEFAULT_BALANCE_SETTINGS.compactFloor;
  const asOf = options.date('as-of');
  const outPath = options.required('out');
  const ws = open(options);
  const { geo, plan, engine, notes } = ws;
  const t = pickTeam(plan, options.string('team'));
  const team = plan.teams[t];
  if ((team.routing ?? 'territory') !== 'territory')
    throw new CliError(`team "${team.name}" is a round-robin pool; it has no territories to balance`);
  const existing = team.territories;
  const current = plan.assignments[t];
  let assigned = false;
  for (let u = 0; u < current.length && !assigned; u++) if (current[u] >= 0) assigned = true;
  if (requested === undefined && existing.length < 2)
    throw new CliError(
      `team "${team.name}" has ${plural(existing.length, 'territory', 'territories')}; pass --territories K to create K`,
    );
  const k = requested ?? existing.length;
  const rebalance = k === existing.length && assigned;
  const settings: BalanceSettings = {
    ...DEFAULT_BALANCE_SETTINGS,
    mode: rebalance ? 'rebalance' : 'create',
    territories: k,
    tolerancePct,
    compactness,
    compactFloor,
    seed,
    keepProtected: !options.has('no-keep-protected'),
    avoidEngaged: !options.has('no-avoid-engaged'),
  };

  const lockedTerritories = existing.filter((x) => x.locked).length;
  if (!rebalance && lockedTerritories > 0)
    notes.push(
      `${plural(lockedTerritories, 'locked territory', 'locked territories')} kept as they are; ${plural(Math.max(0, k - lockedTerritories), 'territory', 'territories')} created on the rest of the map`,
    );
  // the same input the app's auto-balance dialog builds: protected accounts stay with their reps by default
  let loads: BalanceLoads | null = null;
  if (wantsOwnershipLoads(settings)) {
    resolvePlanOwnership(ws, asOf);
    loads = engine.balanceLoads(t);
  }
  const mapColumns = wantsMapColumns(settings, loads) ? engine.teamUnitColumns(t) : null;
  const shapeGeo = balanceGeography(geo, ws.measureShapes());
  const prepared = buildBalanceInput({ plan, team: t, geo: shapeGeo, settings, mapColumns, ownershipLoads: loads });
  if (typeof prepared === 'string') throw new CliError(prepared);
  const before = existing.length > 0 && assigned ? engine.report(t) : null;
  const raw = autoBalance(prepared.input);
  const result = { ...raw, assignment: prepared.toUnits(raw.assignment) };
  // locked territories (and territories holding locked units) beyond k are kept with their units
  const kept = prepared.territoryCount;
  const territories = territoriesFor(existing, kept);
  const dropped = existing.slice(kept).map((x) => x.name);
  if (dropped.length)
    notes.push(`dropped ${plural(dropped.length, 'territory', 'territories')} beyond ${kept}: ${dropped.join(', ')}`);
  const after = engine.setAssignment(t, result.assignment, kept);
  const balanced: Plan = {
    ...plan,
    teams: plan.teams.map((x, i) => (i === t ? { ...x, territories } : x)),
    assignments: plan.assignments.map((a, i) => (i === t ? result.assignment : a)),
  };
  writeOutput(outPath, serialisePlan(balanced, geo.ids));

  const dev = (r: typeof before, which: 'count' | 'value') => (r ? formatPercent(r[which].maxDeviation) : '-');
  const lines = [
    `Team ${t + 1} "${team.name}": ${rebalance ? 'rebalanced' : 'created'} ${plural(k, 'territory', 'territories')} (tolerance ±${tolerancePct}%, compactness ${compactness}, seed ${seed}; ${plural(result.sweeps, 'sweep')} in ${(result.elapsedMs / 1000).toFixed(1)} s)`,
    renderTable(
      ['Max deviation from the mean', 'Before>', 'After>'],
      [
        ['Accounts', dev(before, 'count'), dev(after, 'count')],
        ['Value', dev(before, 'value'), dev(after, 'value')],
      ],
    ),
    `  Inside ±${tolerancePct}%: ${after.count.insideBand} of ${kept} by accounts, ${after.value.insideBand} of ${kept} by value (plan band ±${formatBand(plan.tolerance)})`,
    `  Contiguous: ${result.contiguous ? 'yes' : `no (${plural(Array.from(result.pieces).filter((p) => p > 1).length, 'territory', 'territories')} in pieces)`}`,
    compactnessLine(before?.shapes?.summary ?? null, after.shapes?.summary ?? null, compactFloor),
  ];
  if (settings.keepProtected && rebalance)
    lines.push(
      `  Kept ${plural(prepared.protectedAccounts, 'protected account')} with their reps (named, open opportunities, customers, recent engagement)`,
    );
  if (rebalance)
    lines.push(
      `  Moved ${formatPercent(result.moved[0])} of accounts and ${formatPercent(result.moved[1])} of value to another territory`,
    );
  lines.push(`Wrote ${outPath}`);
  return { stdout: `${lines.join('\n')}\n`, notes };
};

// --- audit ----------------------------------------------------------------------------------------

const audit: Command = (options) => {
  const asOf = options.date('as-of');
  const outPath = options.required('out');
  const ws = open(options);
  const { table, plan } = ws;
  const result = resolvePlanOwnership(ws, asOf);
  const accounts = auditAccountsOf(table);
  const found = auditAssignments(accounts, result, plan);
  const rows = auditRows(found, accounts, result, plan, { changesOnly: options.has('changes-only') });
  writeOutput(outPath, toSafeCsv(AUDIT_CSV_HEADER, rows));

  const [keep, newOwner, toVacant, unroutable] = AUDIT_STATUSES.map((_, s) => found.total.accounts[s]);
  const changing = (tally: AuditTally) => tallyTotal(tally, ['new-owner', 'to-vacant']);
  const cells = (tally: AuditTally): string[] => [
    formatCount(tallyTotal(tally).accounts),
    formatValue(tallyTotal(tally).value),
    ...AUDIT_STATUSES.map((_, s) => formatCount(tally.accounts[s])),
    formatValue(changing(tally).value),
  ];
  const header = ['Accounts>', 'Value>', 'Keep owner>', 'New owner>', 'To vacant>', 'Unroutable>', 'Value changing>'];
  const lines = [
    `Audited ${plural(table.count, 'account')} against plan "${plan.name}": owner kept ${formatCount(keep)}, new owner ${formatCount(newOwner)}, to a vacant territory ${formatCount(toVacant)}, unroutable ${formatCount(unroutable)}`,
    '',
    'By territory',
    renderTable(
      ['Team', 'Territory', ...header],
      found.byTerritory.map((g) => [g.teamName, g.territoryName, ...cells(g.tally)]),
    ),
    '',
    'By reason',
    renderTable(
      ['Reason', ...header],
      OWNERSHIP_REASONS.flatMap((r, i) =>
        tallyTotal(found.byReason[i]).accounts > 0 ? [[r, ...cells(found.byReason[i])]] : [],
      ),
    ),
  ];
  if (found.unroutable.length) {
    const why = new Float64Array(UNROUTABLE_WHY.length);
    for (const a of found.unroutable) why[result.unroutableWhy[a]]++;
    const examples = Array.from(found.unroutable.subarray(0, 5), (a) => stringAt(table.id, a));
    lines.push(
      '',
      `Unroutable: ${plural(found.unroutable.length, 'account')}: ${unroutableCauses(why)} (e.g. ${examples.join(', ')})`,
    );
  }
  lines.push('', `Wrote ${plural(rows.length, 'row')} to ${outPath}`);
  return { stdout: `${lines.join('\n')}\n`, notes: ws.notes };
};

export const COMMAND_RUNNERS: Record<CommandName, Command> = { stats, route, balance, audit };

/** "Compactness (Polsby-Popper): median 0.41 -> 0.45, lowest 0.12 -> 0.20 (floor 0.15); 1 corridor -> none". */
function compactnessLine(before: PlanShapeSummary | null, after: PlanShapeSummary | null, floor: number): string {
  if (!after) return '  Compactness: not measured';
  const pp = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(2));
  const change = (b: number | undefined, a: number) => (before ? `${pp(b)} -> ${pp(a)}` : pp(a));
  const corridors = (n: number) => (n === 0 ? 'none' : String(n));
  return `  Compactness (Polsby-Popper, 1 = a circle): median ${change(before?.medianPolsbyPopper, after.medianPolsbyPopper)}, lowest ${change(before?.minPolsbyPopper, after.minPolsbyPopper)} (floor ${floor}); one-ZIP corridors ${before ? `${corridors(before.corridorTerritories)} -> ` : ''}${corridors(after.corridorTerritories)}`;
}
