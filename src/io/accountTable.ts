/** Why an import row was not used or not placed on the map. */
export type RowProblemReason =
  | 'missing-zip'
  | 'malformed-zip'
  | 'unknown-zip'
  | 'military-zip'
  | 'unknown-country'
  | 'bad-number'
  | 'duplicate-id'
  | 'missing-id';

export const ROW_PROBLEM_LABELS: Record<RowProblemReason, string> = {
  'missing-zip': 'Missing ZIP',
  'malformed-zip': 'Malformed ZIP',
  'unknown-zip': 'Unknown ZIP',
  'military-zip': 'Military APO/FPO ZIP (no location)',
  'unknown-country': 'Unknown country',
  'bad-number': 'Bad number',
  'duplicate-id': 'Duplicate Id',
  'missing-id': 'Missing Id',
};

/** One reported row: 1-based line in the file (header = line 1), the account id when known, reason, detail. */
export interface RowProblem {
  line: number;
  accountId: string;
  reason: RowProblemReason;
  detail: string;
}

/** Accounts as columns indexed by account (dense 0..count-1); numeric columns are typed arrays, NaN = missing. */
export interface AccountTable {
  count: number;
  id: string[];
  name: string[];
  city: string[];
  state: string[];
  postalCode: string[];
  country: string[];
  industry: string[];
  accountType: string[];
  segment: string[];
  ownerName: string[];
  /** Unit the account sits in, -1 when it could not be placed. */
  unit: Int32Array;
  /** The account value used for balancing (e.g. AnnualRevenue). */
  value: Float64Array;
  employees: Float64Array;
}

/** What an import did: counts and every row it could not use or place, with the reason. */
export interface ImportReport {
  fileName: string;
  rowsRead: number;
  accountsImported: number;
  accountsPlaced: number;
  problems: RowProblem[];
}
