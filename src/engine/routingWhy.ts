import type { OwnershipRule, OwnershipSettings, Team, TeamCondition } from '../domain/plan.ts';
import type { TeamFilterColumns } from './teams.ts';

/** Names of the fields team filters read, as the import's column mapping calls them. */
const FIELD_NAMES: Record<TeamCondition['field'], string> = {
  employees: 'Employees',
  value: 'Account value',
  segment: 'Segment',
  tier: 'Tier',
  industry: 'Industry',
  accountType: 'Type / lifecycle',
};

const count = (v: number): string => v.toLocaleString('en-US');

/** A team filter condition in words, e.g. "Segment = Enterprise" or "Employees at least 1,000". */
export function describeCondition(c: TeamCondition): string {
  if (c.op === 'in') return `${FIELD_NAMES[c.field]} ${c.values.length === 1 ? '=' : 'in'} ${c.values.join(', ')}`;
  return `${FIELD_NAMES[c.field]} ${c.op === '>=' ? 'at least' : 'under'} ${count(c.value)}`;
}

/** What one account or lead holds in a filter's field, in words ("no Segment", "Segment SMB", "240"). */
function heldValue(c: TeamCondition, columns: TeamFilterColumns, a: number): string {
  if (c.op === 'in') {
    const col = columns.categories[c.field];
    const code = col.codes[a];
    return code >= 0 && col.labels[code] ? `${FIELD_NAMES[c.field]} ${col.labels[code]}` : `no ${FIELD_NAMES[c.field]}`;
  }
  const v = columns[c.field][a];
  return v === v ? `${FIELD_NAMES[c.field]} ${count(v)}` : `no ${FIELD_NAMES[c.field]}`;
}

/** Whether one condition holds for an account (the rule of `assignTeams`, for one account). */
function holds(c: TeamCondition, columns: TeamFilterColumns, a: number): boolean {
  if (c.op === 'in') {
    const col = columns.categories[c.field];
    const label = col.codes[a] >= 0 ? col.labels[col.codes[a]].toLowerCase() : null;
    return label !== null && c.values.some((v) => v.toLowerCase() === label);
  }
  const v = columns[c.field][a];
  return c.op === '>=' ? v >= c.value : v < c.value;
}

/**
 * Why no team takes an account: per team, the first filter condition it fails and what the account has
 * there, e.g. "Team Enterprise needs Segment = Enterprise; the lead has no Segment". `who` names the
 * account ("the lead", "the account"). Empty when some team takes it.
 */
export function whyNoTeam(
  teams: readonly Pick<Team, 'name' | 'conditions'>[],
  columns: TeamFilterColumns,
  a: number,
  who = 'the lead',
): string {
  const reasons: string[] = [];
  for (const team of teams) {
    const failed = team.conditions.find((c) => !holds(c, columns, a));
    if (!failed) return '';
    reasons.push(`Team ${team.name} needs ${describeCondition(failed)}; ${who} has ${heldValue(failed, columns, a)}`);
  }
  if (teams.length === 0) return 'The plan has no team.';
  return `${reasons.join('. ')}.${teams.every((t) => t.conditions.length > 0) ? ' No team takes every account left (a team without filters would).' : ''}`;
}

/** Columns the routing reads, each with what reads it, for the routing tester's help. */
export interface RoutingColumn {
  column: string;
  usedBy: string;
}

/** Rules of the ownership ladder and the columns each one reads. */
const RULE_COLUMNS: Partial<Record<OwnershipRule, { rule: string; columns: string[] }>> = {
  NAMED: { rule: 'named accounts', columns: ['Account Id'] },
  OPEN_OPPORTUNITY: { rule: 'open opportunities', columns: ['Open opportunity owner'] },
  CUSTOMER: { rule: 'customers', columns: ['Type / lifecycle', 'Owner name or email'] },
  RECENT_ENGAGEMENT: { rule: 'recent engagement', columns: ['Last activity date', 'Last activity by'] },
  PARENT: { rule: 'parent accounts', columns: ['Parent account Id'] },
};

/**
 * The columns the current teams and ownership rules read, for the routing tester's help: where the lead
 * is (always), each team filter's field with the teams that use it, then the columns of each rule that
 * is switched on (in ladder order). Matching a lead to an existing account reads Id, domain or name.
 */
export function routingColumns(
  teams: readonly Pick<Team, 'name' | 'conditions' | 'routing'>[],
  ownership: Pick<OwnershipSettings, 'order' | 'enabled'>,
): RoutingColumn[] {
  const out: RoutingColumn[] = [
    { column: 'ZIP / postal code or Country', usedBy: 'where the lead is: its territory on the map' },
  ];
  const byField = new Map<string, string[]>();
  for (const team of teams)
    for (const c of team.conditions) {
      const name = FIELD_NAMES[c.field];
      const list = byField.get(name) ?? [];
      if (!list.includes(team.name)) list.push(team.name);
      byField.set(name, list);
    }
  for (const [column, names] of byField)
    out.push({ column, usedBy: `team filter${names.length > 1 ? 's' : ''} of ${names.join(', ')}` });
  for (const rule of ownership.order) {
    const read = RULE_COLUMNS[rule];
    if (!read || !ownership.enabled[rule]) continue;
    for (const column of read.columns) {
      const seen = out.find((c) => c.column === column);
      if (seen) seen.usedBy += `; rule ${read.rule}`;
      else out.push({ column, usedBy: `rule ${read.rule}` });
    }
  }
  out.push({ column: 'Account Id, Website / domain or Account name', usedBy: 'recognising an existing account' });
  return out;
}
