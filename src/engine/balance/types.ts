import type { UnitGraph } from '../shape.ts';

/** What the auto-balancer works on and what it must respect. */
export interface BalanceInput {
  graph: UnitGraph;
  /** Projected unit centres (km) and areas (km2), for the principal axes and compactness. */
  x: Float64Array;
  y: Float64Array;
  area: Float64Array;
  /** Per-unit totals of each balanced column (e.g. account count, value). */
  columns: Float64Array[];
  /** Weight of each column in the objective (they need not sum to 1). */
  columnWeights: number[];
  territoryCount: number;
  /** 1 for units that take part; others keep `initial` (or stay unassigned). */
  eligible: Uint8Array;
  /** Starting plan for a rebalance (-1 = unassigned), or null to create territories from nothing. */
  initial: Int32Array | null;
  /** 1 for units that must keep their initial territory (locked units, locked territories). */
  locked: Uint8Array;
  /** Tolerance band as a fraction of the mean (0.05 = +/-5%). */
  tolerance: number;
  contiguity: boolean;
  /** Weight of the moment of inertia (compactness) relative to balance; 0 = ignore shape. */
  compactnessWeight: number;
  /**
   * How compactness is measured: 'inertia' (default) = moment of inertia of each territory's area about its
   * centre; 'seedDistance' = area x squared distance to the territory's seed unit (rep home ZIP; needs
   * `seeds` for every territory), and once every territory is inside the band the remaining time goes to
   * lowering that sum without leaving the band (travel around the home ZIP, the optimum's objective).
   */
  compactness?: 'inertia' | 'seedDistance';
  /** Rebalance only: most of each column's total that may change territory (0.1 = 10%); null = no limit. */
  disruptionBudget: number | null;
  /** 1 for units reached from the mainland only through virtual (island) edges; null = none. */
  island: Uint8Array | null;
  /** Optional seed unit per territory (rep home ZIPs) when creating from nothing. */
  seeds: Int32Array | null;
  seed: number;
  timeBudgetMs: number;
  /**
   * Load each territory carries whatever units it gets (accounts protected by ownership rules that stay with
   * their rep), territoryCount x columns, territory-major (`baseLoad[t * columns.length + c]`); null = none.
   * It counts in every territory's load, in the mean and in the totals the disruption budget is a share of.
   */
  baseLoad?: Float64Array | null;
  /**
   * Per unit 0..1: how much the planner prefers not to move it away from its `initial` territory (e.g. units
   * with recently engaged accounts); costly units move last and only when balance needs them. null = all 0.
   */
  moveCost?: Float32Array | null;
  /**
   * Border lengths aligned with `graph` (src/geo/unitBorderLengths.ts): km each unit shares with
   * adjacency[p], and km of its outline shared with no unit (NaN = no outline). With `area` they give each
   * territory's Polsby-Popper; null = shapes unknown (no floor; cut edges stand in for the perimeter).
   */
  borders?: { sharedKm: Float64Array; outerKm: Float64Array } | null;
  /**
   * Rebalance with `borders`: no territory's Polsby-Popper may end below this; one already below it in
   * `initial` may lose a fifth of its own but never go below the least compact territory of `initial`.
   * 0 or undefined = no floor.
   */
  polsbyPopperFloor?: number;
}

/** How far the search is; posted as progress. */
export interface BalanceProgress {
  elapsedMs: number;
  sweeps: number;
  /** Largest deviation from the mean over territories, per column. */
  maxDeviation: number[];
  objective: number;
}

/** The plan the auto-balancer keeps, with how good it is and how far the search went. */
export interface BalanceResult {
  assignment: Int32Array;
  maxDeviation: number[];
  pieces: Int32Array;
  contiguous: boolean;
  sweeps: number;
  elapsedMs: number;
  cancelled: boolean;
  /**
   * Share of each column's total (base load included) that changed territory versus `initial`
   * (0 when creating from nothing).
   */
  moved: number[];
}

/** Clock, progress and cancel callbacks (tests pass a fake clock so runs are reproducible). */
export interface BalanceHooks {
  now?: () => number;
  onProgress?: (p: BalanceProgress) => void;
  shouldCancel?: () => boolean;
}
