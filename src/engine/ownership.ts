import type { AccountIdLookup } from './accountIdLookup.ts';
import {
  OWNERSHIP_REASONS,
  type OwnershipReason,
  type OwnershipRule,
  type OwnershipSettings,
  type Rep,
} from '../domain/plan.ts';

/** A dictionary-encoded text column (same shape as the import's CategoryColumn). */
export interface CodedColumn {
  codes: Int32Array;
  labels: string[];
}

/** The account columns the ownership ladder reads. */
export interface OwnershipAccounts {
  count: number;
  /** Unit the account sits in, -1 when not placed. */
  unit: Int32Array;
  /** Parent account index, -1 for none or a parent missing from the data (see accountHierarchy). */
  parent: Int32Array;
  ownerName: CodedColumn;
  ownerEmail: CodedColumn;
  ownerId: CodedColumn;
  openOpportunityOwner: CodedColumn;
  lastActivityBy: CodedColumn;
  accountType: CodedColumn;
  /** Days since 1970-01-01, NaN = no activity. */
  lastActivityDay: Float64Array;
}

/** What the ladder needs to know about a team. */
export interface OwnershipTeam {
  routing: 'territory' | 'roundRobin';
  /** Unit -> territory index (-1 unassigned); ignored for round-robin teams. */
  assignment: Int32Array;
  /** Territory -> rep index (-1 = vacant). */
  territoryRep: Int32Array;
  /** Rep indexes of a round-robin pool, in rotation order. */
  poolReps: number[];
}

/** Why an account ended UNROUTABLE. */
export const UNROUTABLE_WHY = ['', 'no-team', 'no-location', 'no-territory', 'no-pool-reps', 'rules-off'] as const;
export type UnroutableWhy = (typeof UNROUTABLE_WHY)[number];

export const UNROUTABLE_WHY_LABELS: Record<UnroutableWhy, string> = {
  '': '',
  'no-team': 'no team filter matches it',
  'no-location': 'its location is missing or invalid',
  'no-territory': 'no territory covers its area yet',
  'no-pool-reps': 'its round-robin pool has no available rep',
  'rules-off': 'the routing rules that would place it are switched off',
};

/** Everything one resolution of the ladder decides, per account. */
export interface OwnershipResult {
  /** Final owner as a rep index; -1 when the account goes to a vacant territory or is unroutable. */
  ownerRep: Int32Array;
  /** Index into OWNERSHIP_REASONS. */
  reason: Uint8Array;
  /** Team by filter (-1 none) and the territory of that team the account's area is painted into (-1 none). */
  team: Int32Array;
  territory: Int32Array;
  /** Index into UNROUTABLE_WHY, 0 unless reason is UNROUTABLE. */
  unroutableWhy: Uint8Array;
  /** Accounts per reason, indexed like OWNERSHIP_REASONS. */
  reasonCounts: number[];
}

/** Inputs of one resolution beyond the accounts. */
export interface OwnershipContext {
  reps: readonly Pick<Rep, 'name' | 'email' | 'crmUserId' | 'capacityAccounts' | 'unavailable'>[];
  teams: readonly OwnershipTeam[];
  /** Account -> team by filter (-1 none), from assignTeams. */
  teamOfAccount: Int32Array;
  /** Account -> named rep index (-1 none). */
  namedRep: Int32Array;
  settings: OwnershipSettings;
  /** The evaluation day, days since 1970-01-01. */
  asOfDay: number;
}

export const REASON_CODE: Record<OwnershipReason, number> = Object.fromEntries(
  OWNERSHIP_REASONS.map((r, i) => [r, i]),
) as Record<OwnershipReason, number>;
const UNROUTABLE = REASON_CODE.UNROUTABLE;
const NONE = -1;
const PENDING_ROTATION = -2;

/** Plain words for each reason, as shown next to an account and written to exports. */
export const OWNERSHIP_REASON_LABELS: Record<OwnershipReason, string> = {
  NAMED: 'Named account',
  OPEN_OPPORTUNITY: 'Open opportunity: stays with its owner until close',
  CUSTOMER: 'Current customer: stays with its account manager',
  RECENT_ENGAGEMENT: 'Recently engaged: stays with the rep who engaged it',
  PARENT: "Follows its parent account's owner",
  TERRITORY: 'Territory: team by filter, territory by location',
  ROUND_ROBIN: 'Round-robin pool',
  UNROUTABLE: 'Unroutable: fallback queue',
};

/** Short names of the rules for settings and filters. */
export const OWNERSHIP_RULE_NAMES: Record<OwnershipReason, string> = {
  NAMED: 'Named accounts',
  OPEN_OPPORTUNITY: 'Open opportunities',
  CUSTOMER: 'Current customers',
  RECENT_ENGAGEMENT: 'Recent engagement',
  PARENT: 'Parent account',
  TERRITORY: 'Territory map',
  ROUND_ROBIN: 'Round-robin pools',
  UNROUTABLE: 'Unroutable',
};

/** Days since 1970-01-01 of an ISO date (YYYY-MM-DD), or of today when blank. */
export function dayNumber(isoDate: string, now: Date = new Date()): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  const ms = m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) : Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  return Math.round(ms / 86_400_000);
}

/** Rep index per label of a people column (owner name, email or CRM user Id), -1 when no rep matches. */
export function repOfLabels(
  labels: readonly string[],
  reps: readonly Pick<Rep, 'name' | 'email' | 'crmUserId'>[],
): Int32Array {
  const byKey = new Map<string, number>();
  reps.forEach((r, i) => {
    for (const key of [r.email, r.name, r.crmUserId ?? '']) {
      const k = key.trim().toLowerCase();
      if (k && !byKey.has(k)) byKey.set(k, i);
    }
  });
  return Int32Array.from(labels, (l) => byKey.get(l.trim().toLowerCase()) ?? NONE);
}

/** Whether an account type label means a current customer ("Customer - Direct" yes, "Former Customer" no). */
export function isCustomerType(label: string): boolean {
  const l = label.toLowerCase();
  return l.includes('customer') && !/\b(former|ex|past|lost|churn(ed)?|prospect)\b/.test(l);
}

/**
 * Resolves every account's owner through the ladder in settings.order (NAMED, OPEN_OPPORTUNITY,
 * CUSTOMER, RECENT_ENGAGEMENT, PARENT, TERRITORY, ROUND_ROBIN; UNROUTABLE last). People columns
 * are matched to reps by email, name or CRM user Id; a rule whose person is not a rep in the plan
 * does not fire. PARENT gives a child its parent's final owner when that is a rep; parent cycles
 * are skipped. Round-robin pools rotate in account order, weighted by capacity, skipping
 * unavailable reps, so the same input always gives the same owners.
 */
export function resolveOwnership(accounts: OwnershipAccounts, context: OwnershipContext): OwnershipResult {
  const n = accounts.count;
  const { settings, reps, teams, teamOfAccount, namedRep } = context;
  const order = settings.order.filter((rule) => settings.enabled[rule]);
  const parentAt = order.indexOf('PARENT');
  const before = parentAt < 0 ? order : order.slice(0, parentAt);
  const after = parentAt < 0 ? [] : order.slice(parentAt + 1);

  const ownerOf = {
    name: repOfLabels(accounts.ownerName.labels, reps),
    email: repOfLabels(accounts.ownerEmail.labels, reps),
    id: repOfLabels(accounts.ownerId.labels, reps),
  };
  const opportunityRep = repOfLabels(accounts.openOpportunityOwner.labels, reps);
  const activityRep = repOfLabels(accounts.lastActivityBy.labels, reps);
  const customerType = Uint8Array.from(accounts.accountType.labels, (l) => (isCustomerType(l) ? 1 : 0));
  const minActivityDay = context.asOfDay - settings.engagementWindowDays;
  const poolOpen = teams.map((t) => t.routing === 'roundRobin' && availablePool(t, reps).length > 0);

  const ownerRep = new Int32Array(n).fill(NONE);
  const reason = new Uint8Array(n).fill(UNROUTABLE);
  const team = Int32Array.from(teamOfAccount);
  const territory = new Int32Array(n).fill(NONE);
  const unroutableWhy = new Uint8Array(n);
  const whyCode = (why: UnroutableWhy): number => UNROUTABLE_WHY.indexOf(why);

  // hot loop over a million accounts: plain typed arrays and numeric rule codes, no string compares
  const ownerIdCodes = accounts.ownerId.codes;
  const ownerEmailCodes = accounts.ownerEmail.codes;
  const ownerNameCodes = accounts.ownerName.codes;
  const opportunityCodes = accounts.openOpportunityOwner.codes;
  const activityByCodes = accounts.lastActivityBy.codes;
  const typeCodes = accounts.accountType.codes;
  const activityDay = accounts.lastActivityDay;
  const territoryRepOf = teams.map((t) => t.territoryRep);
  const byMap = Uint8Array.from(teams, (t) => (t.routing === 'territory' ? 1 : 0));
  const pooled = Uint8Array.from(poolOpen, (open) => (open ? 1 : 0));

  const currentOwner = (a: number): number => {
    let code = ownerIdCodes[a];
    let r = code >= 0 ? ownerOf.id[code] : NONE;
    if (r >= 0) return r;
    code = ownerEmailCodes[a];
    r = code >= 0 ? ownerOf.email[code] : NONE;
    if (r >= 0) return r;
    code = ownerNameCodes[a];
    return code >= 0 ? ownerOf.name[code] : NONE;
  };

  const ruleCodes = (rules: readonly OwnershipRule[]) => Uint8Array.from(rules, (r) => REASON_CODE[r]);
  const NAMED = REASON_CODE.NAMED;
  const OPPORTUNITY = REASON_CODE.OPEN_OPPORTUNITY;
  const CUSTOMER = REASON_CODE.CUSTOMER;
  const ENGAGEMENT = REASON_CODE.RECENT_ENGAGEMENT;
  const TERRITORY = REASON_CODE.TERRITORY;
  const ROUND_ROBIN = REASON_CODE.ROUND_ROBIN;

  // Writes the first rule of `rules` that fires for account a; false when none does.
  const applyRules = (a: number, rules: Uint8Array): boolean => {
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i];
      let rep = NONE;
      if (rule === NAMED) rep = namedRep[a];
      else if (rule === OPPORTUNITY) {
        const code = opportunityCodes[a];
        if (code >= 0) rep = opportunityRep[code];
      } else if (rule === CUSTOMER) {
        const code = typeCodes[a];
        if (code >= 0 && customerType[code] === 1) rep = currentOwner(a);
      } else if (rule === ENGAGEMENT) {
        if (activityDay[a] >= minActivityDay) {
          const code = activityByCodes[a];
          // activity without "by whom" was logged by the account's owner
          rep = code >= 0 ? activityRep[code] : currentOwner(a);
        }
      } else if (rule === TERRITORY) {
        const t = territory[a];
        if (t >= 0) {
          ownerRep[a] = territoryRepOf[team[a]][t];
          reason[a] = TERRITORY;
          return true;
        }
      } else if (rule === ROUND_ROBIN) {
        // owners are dealt after the ladder, in account order, so the rotation stays even
        const t = team[a];
        if (t >= 0 && pooled[t] === 1) rep = PENDING_ROTATION;
      }
      if (rep >= 0 || rep === PENDING_ROTATION) {
        ownerRep[a] = rep;
        reason[a] = rule;
        return true;
      }
    }
    return false;
  };
  const beforeCodes = ruleCodes(before);
  const afterCodes = ruleCodes(after);

  // Map territory of every account first: TERRITORY uses it, and exports show it whatever the reason.
  for (let a = 0; a < n; a++) {
    const t = team[a];
    if (t < 0) continue;
    const u = accounts.unit[a];
    if (byMap[t] === 1 && u >= 0) territory[a] = teams[t].assignment[u];
  }

  // 0 = not yet, 1 = decided by own rules, 2 = waits for the parent chain
  const state = new Uint8Array(n);
  const decidedBy = new Int32Array(n);
  for (let a = 0; a < n; a++) {
    decidedBy[a] = a;
    state[a] = applyRules(a, beforeCodes) ? 1 : 2;
  }

  if (parentAt >= 0) {
    // state: 1 decided by own rules, 2 waiting, 3 on the current walk, 4 settled through the chain
    const parentOf = accounts.parent;
    const path = new Int32Array(64);
    let stack = path;
    for (let a = 0; a < n; a++) {
      if (state[a] !== 2) continue;
      // walk up to the first ancestor whose owner is known, then settle the chain top-down
      let x = a;
      let depth = 0;
      while (x >= 0 && state[x] === 2) {
        state[x] = 3;
        if (depth === stack.length) {
          const grown = new Int32Array(stack.length * 2);
          grown.set(stack);
          stack = grown;
        }
        stack[depth++] = x;
        x = parentOf[x];
      }
      let cycleStart = depth;
      if (x >= 0 && state[x] === 3) for (let i = 0; i < depth; i++) if (stack[i] === x) cycleStart = i;
      for (let i = depth - 1; i >= 0; i--) {
        const child = stack[i];
        const parent = parentOf[child];
        const parentRep = parent >= 0 && i < cycleStart ? ownerRep[parent] : NONE;
        if ((parentRep >= 0 || parentRep === PENDING_ROTATION) && (state[parent] === 1 || state[parent] === 4)) {
          ownerRep[child] = parentRep;
          reason[child] = REASON_CODE.PARENT;
          decidedBy[child] = decidedBy[parent];
        } else {
          applyRules(child, afterCodes);
        }
        state[child] = 4;
      }
    }
  } else {
    for (let a = 0; a < n; a++) if (state[a] === 2) applyRules(a, afterCodes);
  }

  if (pooled.some((open) => open === 1)) {
    const rotated = new Uint8Array(n);
    for (let a = 0; a < n; a++) if (reason[a] === ROUND_ROBIN) rotated[a] = 1;
    const dealt = roundRobinOwners(rotated, teamOfAccount, teams, reps);
    for (let a = 0; a < n; a++) if (rotated[a]) ownerRep[a] = dealt[a];
    for (let a = 0; a < n; a++) if (ownerRep[a] === PENDING_ROTATION) ownerRep[a] = ownerRep[decidedBy[a]];
  }

  const reasonCounts = OWNERSHIP_REASONS.map(() => 0);
  for (let a = 0; a < n; a++) {
    reasonCounts[reason[a]]++;
    if (reason[a] !== UNROUTABLE) continue;
    const t = team[a];
    if (t < 0) unroutableWhy[a] = whyCode('no-team');
    else if (teams[t].routing === 'roundRobin')
      unroutableWhy[a] = whyCode(settings.enabled.ROUND_ROBIN ? 'no-pool-reps' : 'rules-off');
    else if (!settings.enabled.TERRITORY) unroutableWhy[a] = whyCode('rules-off');
    else if (accounts.unit[a] < 0) unroutableWhy[a] = whyCode('no-location');
    else unroutableWhy[a] = whyCode('no-territory');
  }
  return { ownerRep, reason, team, territory, unroutableWhy, reasonCounts };
}

/**
 * Round-robin owner of every account marked in dealTo (-1 elsewhere): smooth weighted round robin in
 * account order per pool team, weights = capacity targets (unset targets weigh the mean of the set ones), skipping
 * unavailable reps.
 */
export function roundRobinOwners(
  dealTo: Uint8Array,
  teamOfAccount: Int32Array,
  teams: readonly OwnershipTeam[],
  reps: OwnershipContext['reps'],
): Int32Array {
  const owner = new Int32Array(dealTo.length).fill(NONE);
  const pools = teams.map((team) => {
    if (team.routing !== 'roundRobin') return null;
    const members = availablePool(team, reps);
    if (members.length === 0) return null;
    const set = members.map((r) => reps[r].capacityAccounts).filter((c) => c > 0);
    const fallback = set.length ? set.reduce((s, c) => s + c, 0) / set.length : 1;
    const weight = members.map((r) => (reps[r].capacityAccounts > 0 ? reps[r].capacityAccounts : fallback));
    return { members, weight, total: weight.reduce((s, w) => s + w, 0), current: new Float64Array(members.length) };
  });
  for (let a = 0; a < dealTo.length; a++) {
    if (dealTo[a] === 0) continue;
    const t = teamOfAccount[a];
    const pool = t >= 0 ? pools[t] : null;
    if (!pool) continue;
    let best = 0;
    for (let i = 0; i < pool.members.length; i++) {
      pool.current[i] += pool.weight[i];
      if (pool.current[i] > pool.current[best]) best = i;
    }
    pool.current[best] -= pool.total;
    owner[a] = pool.members[best];
  }
  return owner;
}

function availablePool(team: OwnershipTeam, reps: OwnershipContext['reps']): number[] {
  return team.poolReps.filter((r) => r >= 0 && r < reps.length && !reps[r].unavailable);
}

/** Parent links of a data set and what is wrong with them. */
export interface AccountHierarchy {
  /** Parent account index, -1 for none or missing. */
  parent: Int32Array;
  /** Accounts whose ParentId names no account in the data. */
  missingParents: number[];
  /** Each parent cycle once, as account indexes (ParentId chains that loop). */
  cycles: number[][];
}

/** Account index by account Id (first copy wins; imports already drop duplicates). */
export function accountIdIndex(count: number, idOf: (a: number) => string): Map<string, number> {
  const index = new Map<string, number>();
  for (let a = 0; a < count; a++) {
    const id = idOf(a);
    if (!index.has(id)) index.set(id, a);
  }
  return index;
}

/** Links accounts to their parents by id; a missing parent or a cycle is reported, never fatal. */
export function accountHierarchy(
  count: number,
  idOf: (a: number) => string,
  parentIdOf: (a: number) => string,
  index: AccountIdLookup = accountIdIndex(count, idOf),
): AccountHierarchy {
  const parent = new Int32Array(count).fill(NONE);
  const missingParents: number[] = [];
  for (let a = 0; a < count; a++) {
    const pid = parentIdOf(a);
    if (!pid) continue;
    const p = index.get(pid);
    if (p === undefined) missingParents.push(a);
    else if (p !== a) parent[a] = p;
    else parent[a] = a; // self-parent is the smallest cycle
  }
  const cycles: number[][] = [];
  const colour = new Uint8Array(count); // 0 new, 1 on the current walk, 2 done
  for (let a = 0; a < count; a++) {
    if (colour[a] !== 0) continue;
    const walk: number[] = [];
    let x = a;
    while (x >= 0 && colour[x] === 0) {
      colour[x] = 1;
      walk.push(x);
      x = parent[x];
    }
    if (x >= 0 && colour[x] === 1) cycles.push(walk.slice(walk.indexOf(x)));
    for (const w of walk) colour[w] = 2;
  }
  return { parent, missingParents, cycles };
}

/**
 * What each territory's rep actually owns after the ladder, laid out like TeamTotals.totals:
 * (territoryCount + 1) rows x [count, value, ...metrics]. A rep's accounts count in their
 * territory of this team (the one the account sits in when they hold several); a vacant
 * territory gets the accounts the map routes to it; the last row is this team's accounts owned
 * by nobody in it (other reps, vacant elsewhere or unroutable).
 */
export function territoryBookTotals(
  result: OwnershipResult,
  teamIndex: number,
  territoryRep: Int32Array,
  columns: readonly Float64Array[],
): Float64Array {
  const k = territoryRep.length;
  const width = columns.length + 1;
  const totals = new Float64Array((k + 1) * width);
  const firstTerritoryOfRep = new Map<number, number>();
  for (let t = k - 1; t >= 0; t--) if (territoryRep[t] >= 0) firstTerritoryOfRep.set(territoryRep[t], t);
  const n = result.ownerRep.length;
  for (let a = 0; a < n; a++) {
    const rep = result.ownerRep[a];
    let row: number;
    if (rep >= 0) {
      const first = firstTerritoryOfRep.get(rep);
      if (first === undefined) {
        if (result.team[a] !== teamIndex) continue;
        row = k;
      } else {
        const sitsIn = result.team[a] === teamIndex ? result.territory[a] : -1;
        row = sitsIn >= 0 && territoryRep[sitsIn] === rep ? sitsIn : first;
      }
    } else {
      if (result.team[a] !== teamIndex) continue;
      const t = result.territory[a];
      row = result.reason[a] === REASON_CODE.TERRITORY && t >= 0 ? t : k;
    }
    const base = row * width;
    totals[base] += 1;
    for (let c = 0; c < columns.length; c++) {
      const v = columns[c][a];
      if (v === v) totals[base + c + 1] += v;
    }
  }
  return totals;
}

/** The plain-words explanation of one account's owner, e.g. "Open opportunity: stays with Dana Lee until close". */
export function ownershipExplanation(
  reason: OwnershipReason,
  ownerName: string,
  territoryName: string,
  why: UnroutableWhy,
): string {
  switch (reason) {
    case 'NAMED':
      return `Named account of ${ownerName}`;
    case 'OPEN_OPPORTUNITY':
      return `Open opportunity: stays with ${ownerName} until close`;
    case 'CUSTOMER':
      return `Current customer: stays with account manager ${ownerName}`;
    case 'RECENT_ENGAGEMENT':
      return `Recently engaged: stays with ${ownerName}`;
    case 'PARENT':
      return `Follows its parent account's owner, ${ownerName}`;
    case 'TERRITORY':
      return ownerName
        ? `In territory ${territoryName}, owned by ${ownerName}`
        : `In territory ${territoryName} (vacant, to be hired)`;
    case 'ROUND_ROBIN':
      return `Round-robin pool: given to ${ownerName}`;
    case 'UNROUTABLE':
      return `Unroutable: ${UNROUTABLE_WHY_LABELS[why] || 'no rule placed it'}`;
  }
}
