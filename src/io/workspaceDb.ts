import type { NamedAccount, OwnershipSettings } from '../domain/plan.ts';
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
const DB_VERSION = 2;
const PLANS = 'plans';
const DATASETS = 'datasets';
/** Key of the record that names the current dataset's key. */
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
    if (!db.objectStoreNames.contains(PLANS)) db.createObjectStore(PLANS);
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

async function quotaAware(work: Promise<void>): Promise<void> {
  try {
    await work;
  } catch (e) {
    if (e instanceof DOMException && e.name === 'QuotaExceededError')
      throw new StorageQuotaError('The browser has no room left to save these accounts; they stay open until you close the tab.'); // prettier-ignore
    throw e;
  }
}

/**
 * Stores a dataset under a new key without making it current (the import worker calls this, so the
 * expensive copy happens off the main thread). Returns the key to pass to makeDatasetCurrent.
 */
export async function saveDataset(db: IDBDatabase, table: AccountTable, report: ImportReport): Promise<string> {
  const key = `dataset-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const stored: StoredDataset = { version: 1, table, report, savedAt: new Date().toISOString() };
  const tx = db.transaction(DATASETS, 'readwrite');
  tx.objectStore(DATASETS).put(stored, key);
  await quotaAware(done(tx));
  return key;
}

/** Makes a saved dataset the workspace's accounts and deletes the one it replaces, atomically. */
export async function makeDatasetCurrent(db: IDBDatabase, key: string): Promise<void> {
  const tx = db.transaction(DATASETS, 'readwrite');
  const store = tx.objectStore(DATASETS);
  const previous = (await promised(store.get(CURRENT))) as string | undefined;
  store.put(key, CURRENT);
  if (previous && previous !== key) store.delete(previous);
  await quotaAware(done(tx));
}

/** The current dataset, or null when there is none (or it is from an unknown version). */
export async function loadDataset(db: IDBDatabase): Promise<StoredDataset | null> {
  const tx = db.transaction(DATASETS, 'readonly');
  const store = tx.objectStore(DATASETS);
  const key = (await promised(store.get(CURRENT))) as string | undefined;
  if (!key) return null;
  const stored = (await promised(store.get(key))) as StoredDataset | undefined;
  return stored && stored.version === 1 ? stored : null;
}

/** Deletes saved datasets that are not current (discarded or interrupted imports). */
export async function deleteUnusedDatasets(db: IDBDatabase): Promise<number> {
  const tx = db.transaction(DATASETS, 'readwrite');
  const store = tx.objectStore(DATASETS);
  const current = (await promised(store.get(CURRENT))) as string | undefined;
  const keys = (await promised(store.getAllKeys())) as string[];
  const unused = keys.filter((k) => k !== CURRENT && k !== current);
  for (const k of unused) store.delete(k);
  await done(tx);
  return unused.length;
}

/** Forgets the current dataset (the workspace falls back to the bundled sample). */
export async function clearDataset(db: IDBDatabase): Promise<void> {
  const tx = db.transaction(DATASETS, 'readwrite');
  tx.objectStore(DATASETS).clear();
  await done(tx);
}

/** The plan being edited, as autosaved (teams, reps, territories and the unit assignment per team). */
export interface StoredPlan {
  version: 1;
  teams: unknown[];
  reps: unknown[];
  assignments: Int32Array[];
  lockedUnits: Uint8Array[];
  tolerance: number;
  /** Added after the first release: absent in older autosaves. */
  namedAccounts?: NamedAccount[];
  ownership?: Partial<OwnershipSettings>;
  rulesOfEngagement?: string;
  planName?: string;
  unitCount: number;
  savedAt: string;
}

/** Autosaves the working plan (one record, replaced on every save). */
export async function savePlan(db: IDBDatabase, plan: StoredPlan): Promise<void> {
  const tx = db.transaction(PLANS, 'readwrite');
  tx.objectStore(PLANS).put(plan, CURRENT);
  await quotaAware(done(tx));
}

/** The autosaved working plan, or null. */
export async function loadPlan(db: IDBDatabase): Promise<StoredPlan | null> {
  const tx = db.transaction(PLANS, 'readonly');
  const plan = (await promised(tx.objectStore(PLANS).get(CURRENT))) as StoredPlan | undefined;
  return plan && plan.version === 1 ? plan : null;
}
