import { headerSignature, type ColumnMapping } from './columnMapping.ts';

/** The part of the Web Storage API the mapping memory needs (localStorage in the browser). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const PREFIX = 'tessera.mapping.';

/** Remembers the mapping the planner chose for files with these headers. */
export function rememberMapping(storage: KeyValueStorage, headers: readonly string[], mapping: ColumnMapping): void {
  try {
    storage.setItem(PREFIX + headerSignature(headers), JSON.stringify(mapping));
  } catch {
    // storage full or disabled: remembering is a convenience, the import itself goes on
  }
}

/** The mapping last used for files with these headers, if it still fits them. */
export function recallMapping(storage: KeyValueStorage, headers: readonly string[]): ColumnMapping | null {
  const raw = storage.getItem(PREFIX + headerSignature(headers));
  if (!raw) return null;
  try {
    const m = JSON.parse(raw) as ColumnMapping;
    const columns = [...Object.values(m.fields), m.valueColumn, ...m.metricColumns];
    if (columns.some((c) => c !== null && c !== undefined && (!Number.isInteger(c) || c < 0 || c >= headers.length)))
      return null;
    const decimal = m.decimal === ',' || m.decimal === '.' ? m.decimal : undefined;
    return {
      fields: m.fields,
      valueColumn: m.valueColumn,
      metricColumns: m.metricColumns,
      ...(decimal && { decimal }),
    };
  } catch {
    return null;
  }
}
