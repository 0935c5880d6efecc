/** A sales rep who can own territories. */
export interface Rep {
  id: string;
  name: string;
  email: string;
  /** Capacity targets; 0 = not set. */
  capacityAccounts: number;
  capacityValue: number;
  homeZip: string;
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
}

/** Balance settings shared by charts and metrics. */
export interface BalanceSettings {
  /** Tolerance band around the mean, as a fraction (0.1 = +/-10%). */
  tolerance: number;
}

export const TERRITORY_COLOURS = [
  '#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac',
  '#1f77b4', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22',
]; // prettier-ignore

/** A territory's index in its team, -1 for unassigned units. */
export const UNASSIGNED = -1;
