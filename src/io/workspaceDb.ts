import type { AccountTable, ImportReport } from './accountTable.ts';

/** The imported accounts as stored locally. */
export interface StoredDataset {
  version: 1;
  table: AccountTable;
  report: ImportReport;
  savedAt: string;
}

/** Saving failed because the browser's storage quota is used up; the data stays in memory. */
export class StorageQuotaError extends Error {}

const DB_NAME = 'tessera';
const DB_VERSION = 1;
const DATASETS = 'datasets';
const CURRENT = 'current';

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Opens (and creates or upgrades) the workspace database. */
export function openWorkspaceDb(factory: IDBFactory = indexedDB): Promise<IDBDatabase> {
  const request = factory.open(DB_NAME, DB_VERSION);
  request.onupgradeneeded = () => {
    const db = request.result;
    if (!db.objectStoreNames.contains(DATASETS)) db.createObjectStore(DATASETS);
  };
  return promised(request);
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('Transaction aborted'));
  });
}

/** Stores the dataset as the workspace's current accounts (replacing the previous one atomically). */
export async function saveDataset(db: IDBDatabase, table: AccountTable, report: ImportReport): Promise<void> {
  const stored: StoredDataset = { version: 1, table, report, savedAt: new Date().toISOString() };
  const tx = db.transaction(DATASETS, 'readwrite');
  tx.objectStore(DATASETS).put(stored, CURRENT);
  try {
    await done(tx);
  } catch (e) {
    if (e instanceof DOMException && e.name === 'QuotaExceededError')
      throw new StorageQuotaError('The browser has no room left to save these accounts; they stay open until you close the tab.'); // prettier-ignore
    throw e;
  }
}

/** The stored dataset, or null when there is none (or it is from an unknown version). */
export async function loadDataset(db: IDBDatabase): Promise<StoredDataset | null> {
  const tx = db.transaction(DATASETS, 'readonly');
  const stored = (await promised(tx.objectStore(DATASETS).get(CURRENT))) as StoredDataset | undefined;
  return stored && stored.version === 1 ? stored : null;
}

/** Forgets the stored dataset (the workspace falls back to the bundled sample). */
export async function clearDataset(db: IDBDatabase): Promise<void> {
  const tx = db.transaction(DATASETS, 'readwrite');
  tx.objectStore(DATASETS).delete(CURRENT);
  await done(tx);
}
