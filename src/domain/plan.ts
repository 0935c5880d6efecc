/** A sales rep who can own territories. */
export interface Rep {
  id: string;
  name: string;
  email: string;
  /** Capacity targets; 0 = not set. */
  capacityAccounts: number;
  capacityValue: number;
  homeZip: string;
  /** The rep's user Id in the CRM (OwnerId in Salesforce exports). */
  crmUserId?: string;
  /** Round-robin pools skip unavailable reps (leave, full book). */
  unavailable?: boolean;
}

/** A named, coloured set of units within one team, owned by a rep or vacant ("to be hired"). */
export interface Territory {
  id: string;
  name: string;
  colour: string;
  repId: string | null;
  /** Planned start date (ISO) of the hire when vacant. */
  vacantFrom: string;
  locked: boolean;
  /** A planned split that takes effect when the next hire starts. */
  growthCut?: GrowthCut;
}

/**
 * A pre-planned split of a territory: part 0 stays with today's rep, parts 1.. become vacant
 * territories on the hire date. units/part are parallel lists over the territory's units.
 */
export interface GrowthCut {
  hireDate: string;
  parts: number;
  units: number[];
  part: number[];
  /** Accounts and value per part when the cut was planned (what the rep keeps and hands over). */
  accounts: number[];
  value: number[];
}

/** One condition of a team filter, e.g. employees >= 1000 or segment in {Enterprise}. */
export type TeamCondition =
  | { field: 'employees' | 'value'; op: '>=' | '<'; value: number }
  | { field: 'segment' | 'tier' | 'industry' | 'accountType'; op: 'in'; values: string[] };

/** A slice of accounts with its own territories; accounts belong to the first team whose conditions all hold. */
export interface Team {
  id: string;
  name: string;
  /** All must hold; empty = every account not taken by an earlier team. */
  conditions: TeamCondition[];
  territories: Territory[];
  /** 'territory' (default): accounts go by the map; 'roundRobin': a pool without geography. */
  routing?: 'territory' | 'roundRobin';
  /** Reps of a round-robin pool, in rotation order. */
  poolRepIds?: string[];
}

/** The territory palette (defined with its helpers in palette.ts; imported from here by older modules). */
export { TERRITORY_COLOURS } from './palette.ts';

/** A territory's index in its team, -1 for unassigned units. */
export const UNASSIGNED = -1;

/** The steps of the ownership ladder a planner can switch and reorder; UNROUTABLE is always the fallback. */
export const OWNERSHIP_RULES = [
  'NAMED',
  'OPEN_OPPORTUNITY',
  'CUSTOMER',
  'RECENT_ENGAGEMENT',
  'PARENT',
  'TERRITORY',
  'ROUND_ROBIN',
] as const;
export type OwnershipRule = (typeof OWNERSHIP_RULES)[number];
/** Why an account has its owner: the rule that decided, or UNROUTABLE. */
export type OwnershipReason = OwnershipRule | 'UNROUTABLE';
export const OWNERSHIP_REASONS: readonly OwnershipReason[] = [...OWNERSHIP_RULES, 'UNROUTABLE'];

/** How the ownership ladder runs: rule order, which rules are on, the engagement window. */
export interface OwnershipSettings {
  order: OwnershipRule[];
  enabled: Record<OwnershipRule, boolean>;
  /** RECENT_ENGAGEMENT holds when the last activity is at most this many days before asOf. */
  engagementWindowDays: number;
  /** Day the plan is evaluated on (ISO date); '' = today. */
  asOf: string;
}

export const DEFAULT_OWNERSHIP: OwnershipSettings = {
  order: [...OWNERSHIP_RULES],
  enabled: {
    NAMED: true,
    OPEN_OPPORTUNITY: true,
    CUSTOMER: true,
    RECENT_ENGAGEMENT: true,
    PARENT: true,
    TERRITORY: true,
    ROUND_ROBIN: true,
  },
  engagementWindowDays: 90,
  asOf: '',
};

/** A named-account override: this account belongs to this rep whatever the map says. */
export interface NamedAccount {
  accountId: string;
  repId: string;
}

/**
 * A whole plan (one scenario) as the engine, CLI and exports see it. Assignments are unit -> territory
 * index per team (-1 = unassigned), indexed like the geography's units.
 */
export interface Plan {
  name: string;
  teams: Team[];
  reps: Rep[];
  assignments: Int32Array[];
  lockedUnits: Uint8Array[];
  tolerance: number;
  ownership: OwnershipSettings;
  namedAccounts: NamedAccount[];
  /** Free text shown in the published map: who decides disputes, the SLA, how reassignment works. */
  rulesOfEngagement: string;
}
