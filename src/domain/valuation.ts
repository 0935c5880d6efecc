/**
 * Account valuation: what every account is worth to us (its potential), fitted on what customers pay,
 * and what follows from it: A/B/C tiers, penetration and whitespace, workload, quotas and headcount.
 * "Distribute the fish, not the water." Pure data shapes shared by the engine, the worker, the app, the
 * plan file and the CLI.
 */

/** A category column as the engine takes it: codes into labels, -1 = blank. */
export interface ValuationCategory {
  codes: Int32Array;
  labels: string[];
}

/**
 * The accounts a model reads: numeric columns by name (NaN = missing; e.g. "Employees", "AnnualRevenue",
 * "ARR") and category columns by name (e.g. "Industry", "Segment", "State", "Type"), all of length `count`.
 */
export interface ValuationData {
  count: number;
  numeric: Record<string, Float64Array>;
  categories: Record<string, ValuationCategory>;
}

/** Which accounts are customers: those whose category column holds one of these labels. */
export interface CustomerRule {
  column: string;
  values: string[];
}

/** What the planner chose in the "Account value" dialog (and the CLI's flags). */
export interface ValuationSettings {
  customers: CustomerRule;
  /** Numeric column holding each customer's contract value (ARR/ACV). */
  contractColumn: string;
  /** Numeric features, used as log(1 + x) with a missing indicator. */
  numericFeatures: string[];
  /** Category features, one coefficient per label (rare labels pooled into "other"). */
  categoryFeatures: string[];
  /** Quantile of contract value the potential estimates (0.8 = a spend frontier, not the mean). */
  quantile: number;
  /** Share of customers held out to judge the fit (deterministic by account index and seed). */
  holdoutShare: number;
  seed: number;
}

/** One decile of held-out customers by predicted value: mean prediction against mean actual spend. */
export interface CalibrationBin {
  predicted: number;
  actual: number;
  customers: number;
}

/** How good the fit is, on customers the fit did not see. */
export interface FitQuality {
  customers: number;
  trained: number;
  heldOut: number;
  /** Mean pinball loss at the quantile on log contract value, and that of the constant quantile (baseline). */
  pinballLoss: number;
  baselinePinballLoss: number;
  /** Spearman rank correlation of predicted and actual contract value. */
  rankCorrelation: number;
  /** Share of held-out customers at or below their prediction (about `quantile` when calibrated). */
  belowPrediction: number;
  calibration: CalibrationBin[];
}

/** A numeric feature's coefficient on log(1 + x), with the coefficient of "missing" and the fill value. */
export interface NumericTerm {
  column: string;
  coefficient: number;
  missingCoefficient: number;
}

/** A category feature's coefficients by label; labels not listed (new or rare) take `other`. */
export interface CategoryTerm {
  column: string;
  coefficients: Record<string, number>;
  other: number;
}

/** A fitted log-linear quantile model: log(potential) = intercept + sum of terms. */
export interface QuantileModel {
  kind: 'quantile';
  settings: ValuationSettings;
  intercept: number;
  numeric: NumericTerm[];
  categories: CategoryTerm[];
  quality: FitQuality;
  fittedAt: string;
}

/**
 * For small data: value per employee by industry and size band, at the chosen quantile of customers,
 * editable by the planner. Size bands are employee counts [from, to).
 */
export interface FactorTableModel {
  kind: 'factorTable';
  settings: ValuationSettings;
  /** Upper bounds of the size bands (the last band is open). */
  sizeBands: number[];
  industries: string[];
  /** valuePerEmployee[industry][band]; NaN falls back to the band's value over all industries. */
  valuePerEmployee: number[][];
  fallbackPerEmployee: number[];
  quality: FitQuality | null;
  fittedAt: string;
}

export type PotentialModel = QuantileModel | FactorTableModel;

/** Where an account's potential came from. */
export const POTENTIAL_SOURCE = { none: 0, predicted: 1, spend: 2 } as const;

/** Every account's potential, and for customers whether their own spend was larger than the prediction. */
export interface AccountPotential {
  potential: Float64Array;
  /** POTENTIAL_SOURCE per account. */
  source: Uint8Array;
  /** Customer spend / potential (NaN for non-customers). */
  penetration: Float64Array;
  /** Potential minus spend (the whole potential for non-customers). */
  whitespace: Float64Array;
}

/** Tier codes per account: 0 = A, 1 = B, 2 = C, 255 = no potential. */
export const TIER = { A: 0, B: 1, C: 2, none: 255 } as const;
export const TIER_LABELS = ['A', 'B', 'C'] as const;

/** Tier cut-offs as shares of accounts by potential (A = the top `aPercent`, B = the next `bPercent`). */
export interface TierSettings {
  aPercent: number;
  bPercent: number;
}

/** Weekly touches a rep gives an account of each tier. */
export interface TouchSettings {
  a: number;
  b: number;
  c: number;
}

/** Quota settings of one team: a target split by potential share, bounded by what each rep can carry. */
export interface QuotaSettings {
  teamTarget: number;
  /** The most one rep can carry (0 = no bound). */
  repCapacity: number;
  /** Territory id -> quota fixed by the planner. */
  overrides: Record<string, number>;
}

/** Quotas per territory, and where the split could not meet the target. */
export interface QuotaSplit {
  quota: Float64Array;
  /** Potential / quota (NaN when the quota is 0). */
  coverage: Float64Array;
  /** Territories held at their capacity bound. */
  capped: Uint8Array;
  /** Target the bounds left unassigned (0 when met). */
  shortfall: number;
}

/** "How many reps does this team need?" */
export interface HeadcountPlan {
  reps: number;
  /** Territories to add (or remove, negative) against today's. */
  territoriesToAdd: number;
  /** Workload per rep at that headcount, and its share of one rep's capacity. */
  workloadPerRep: number;
  utilisation: number;
}

/** A plan's valuation: the model and what the planner set around it (absent in plans made before it). */
export interface PlanValuation {
  model: PotentialModel | null;
  tiers: TierSettings;
  touches: TouchSettings;
  /** Weekly touches one rep can give (their capacity for workload and headcount). */
  repWeeklyTouches: number;
  /** Team id -> its quota settings. */
  quotas: Record<string, QuotaSettings>;
}

export const DEFAULT_TIERS: TierSettings = { aPercent: 15, bPercent: 25 };
export const DEFAULT_TOUCHES: TouchSettings = { a: 3, b: 1, c: 0.25 };
