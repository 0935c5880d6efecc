import type { CsvReading } from './csvRecords.ts';

/** Why an import row was skipped or could not be placed on the map. */
export type RowProblemReason =
  | 'missing-id'
  | 'duplicate-id'
  | 'missing-zip'
  | 'malformed-zip'
  | 'unknown-zip'
  | 'military-zip'
  | 'unknown-country'
  | 'bad-coordinates'
  | 'bad-number'
  | 'bad-date'
  | 'quote-as-text';

export const ROW_PROBLEM_LABELS: Record<RowProblemReason, string> = {
  'missing-id': 'Missing Id (row skipped)',
  'duplicate-id': 'Duplicate Id (later copy skipped)',
  'missing-zip': 'Missing ZIP (not placed)',
  'malformed-zip': 'Malformed ZIP (not placed)',
  'unknown-zip': 'Unknown ZIP (not placed)',
  'military-zip': 'Military APO/FPO ZIP (not placed)',
  'unknown-country': 'Unknown country (not placed)',
  'bad-coordinates': 'Bad latitude/longitude (ZIP used instead)',
  'bad-number': 'Bad number (kept as missing)',
  'bad-date': 'Bad date (kept as missing)',
  'quote-as-text': 'Unclosed quote read as text (kept)',
};

/** Problems that drop the row entirely; every other problem keeps the account. */
export const SKIPPING_REASONS: ReadonlySet<RowProblemReason> = new Set(['missing-id', 'duplicate-id']);

/** One reported row: 1-based physical line the record starts on (header = 1), the account id, reason, detail, raw cells. */
export interface RowProblem {
  line: number;
  accountId: string;
  reason: RowProblemReason;
  detail: string;
  cells: string[];
}

/** A text column stored as codes into a list of distinct labels; code -1 = blank. */
export interface CategoryColumn {
  codes: Int32Array;
  labels: string[];
}

/**
 * A text column packed into one string plus offsets: value i is text.slice(offsets[i], offsets[i + 1]).
 * One string crosses threads and goes into IndexedDB far faster than a million small ones.
 */
export interface StringColumn {
  text: string;
  offsets: Uint32Array;
}

/** Value of a packed text column for one account. */
export function stringAt(column: StringColumn, i: number): string {
  return column.text.slice(column.offsets[i], column.offsets[i + 1]);
}

/** Packs strings into a StringColumn. */
export function packStrings(values: readonly string[]): StringColumn {
  const offsets = new Uint32Array(values.length + 1);
  for (let i = 0; i < values.length; i++) offsets[i + 1] = offsets[i] + values[i].length;
  return { text: values.join(''), offsets };
}

/** Every value of a packed column (tests, exports of small tables). */
export function unpackStrings(column: StringColumn): string[] {
  return Array.from({ length: column.offsets.length - 1 }, (_, i) => stringAt(column, i));
}

/** How an account was placed on a unit. */
export const PLACEMENT = { none: 0, zip: 1, coordinates: 2, country: 3 } as const;

/** Text fields kept as category columns (few distinct values, millions of rows). */
export const CATEGORY_FIELDS = [
  'city',
  'state',
  'country',
  'industry',
  'accountType',
  'segment',
  'tier',
  'ownerName',
  'ownerEmail',
  'ownerId',
  'openOpportunityOwner',
  'lastActivityBy',
] as const;
export type CategoryField = (typeof CATEGORY_FIELDS)[number];

/**
 * Accounts as columns indexed by account (dense 0..count-1). Numeric columns are typed arrays with
 * NaN for missing; repeated text is dictionary-encoded so a million rows stay small.
 */
export interface AccountTable {
  count: number;
  id: StringColumn;
  name: StringColumn;
  postalCode: StringColumn;
  parentId: StringColumn;
  /** Web domain ("acme.com"), '' when unknown; absent in data sets saved before it was imported. */
  website?: StringColumn;
  categories: Record<CategoryField, CategoryColumn>;
  /** Unit the account sits in, -1 when it could not be placed. */
  unit: Int32Array;
  /** PLACEMENT code per account. */
  placement: Uint8Array;
  /** Exact position when the file had coordinates, else NaN. */
  lon: Float32Array;
  lat: Float32Array;
  /** The account value used for balancing, from the column named valueName. */
  value: Float64Array;
  valueName: string;
  employees: Float64Array;
  /** Last activity as days since 1970-01-01 (NaN = none). */
  lastActivityDay: Float64Array;
  /** Extra numeric columns the planner kept as metrics. */
  metrics: { name: string; values: Float64Array }[];
}

/** What an import did: counts and every row it skipped or could not place, with the reason. */
export interface ImportReport {
  fileName: string;
  source: string;
  rowsRead: number;
  accountsImported: number;
  accountsPlaced: number;
  /** Problem rows, in file order; capped at problemLimit, problemCounts always complete. */
  problems: RowProblem[];
  problemCounts: Partial<Record<RowProblemReason, number>>;
  headers: string[];
  importedAt: string;
  /** How the file's lines became rows (absent in reports saved before it was recorded). */
  reading?: CsvReading;
}

/** The web domain of a website cell: "https://www.Acme.com/about" -> "acme.com" ('' when none). */
export function webDomain(raw: string): string {
  const host =
    raw
      .trim()
      .toLowerCase()
      .replace(/^[a-z]+:\/\//, '')
      .split(/[/?#:\s]/)[0] ?? '';
  return host.replace(/^www\./, '').replace(/\.$/, '');
}

/** Label of an account's category value ('' when blank). */
export function categoryLabel(column: CategoryColumn, account: number): string {
  const code = column.codes[account];
  return code >= 0 ? column.labels[code] : '';
}
