import type { NamedAccount, OwnershipSettings, Plan } from '../domain/plan.ts';
import type { AccountTable, ImportReport } from './accountTable.ts';

/** The imported accounts as stored locally. */
export interface StoredDataset {
  version: 1;
  table: AccountTable;
  report: ImportReport;
  savedAt: string;
}

/**
 * The record under a dataset's key since the table is stored a column per record: browsers refuse a
 * single value over about 128 MB, which a million accounts pass.
 */
interface StoredDatasetHead {
  version: 2;
  /** The table's parts, each stored under partKey(key, part): "unit", or "metrics/0" and "categories/segment" for each metric and category column. */
  fields: string[];
  report: ImportReport;
  savedAt: string;
}

const partKey = (key: string, part: string): string => `${key}/${part}`;
/** Fields holding one column per metric or category, stored a column per record too. */
const SPLIT_FIELDS: ReadonlySet<string> = new Set(['metrics', 'categories']);

/** The table as (part name, value) pairs, one column per record. */
function tableParts(table: AccountTable): [string, unknown][] {
  const parts: [string, unknown][] = [];
  for (const [field, value] of Object.entries(table)) {
    if (value === undefined) continue;
    if (SPLIT_FIELDS.has(field) && value && typeof value === 'object')
      for (const [sub, column] of Object.entries(value as object)) parts.push([`${field}/${sub}`, column]);
    else parts.push([field, value]);
  }
  return parts;
}
/** All part keys of a dataset ('/' sorts before '0', so the bound stays inside the dataset's parts). */
const partRange = (key: string): IDBKeyRange => IDBKeyRange.bound(`${key}/`, `${key}/\uffff`);

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

async function quotaAware(work: Promise<void>, what = 'these accounts'): Promise<void> {
  try {
    await work;
  } catch (e) {
    if (e instanceof DOMException && e.name === 'QuotaExceededError')
      throw new StorageQuotaError(
        `The browser has no room left to save ${what}; your work stays open until you close the tab. Delete old scenarios or download the plan file to keep it.`,
      );
    throw e;
  }
}

/**
 * Stores a dataset under a new key without making it current (the import worker calls this, so the
 * expensive copy happens off the main thread). Returns the key to pass to makeDatasetCurrent.
 */
export async function saveDataset(db: IDBDatabase, table: AccountTable, report: ImportReport): Promise<string> {
  const key = `dataset-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const parts = tableParts(table);
  const fields = parts.map(([part]) => part);
  const head: StoredDatasetHead = { version: 2, fields, report, savedAt: new Date().toISOString() };
  const tx = db.transaction(DATASETS, 'readwrite');
  const store = tx.objectStore(DATASETS);
  for (const [part, value] of parts) store.put(value, partKey(key, part));
  store.put(head, key);
  await quotaAware(done(tx));
  return key;
}

/** Makes a saved dataset the workspace's accounts and deletes the one it replaces, atomically. */
export async function makeDatasetCurrent(db: IDBDatabase, key: string): Promise<void> {
  const tx = db.transaction(DATASETS, 'readwrite');
  const store = tx.objectStore(DATASETS);
  const previous = (await promised(store.get(CURRENT))) as string | undefined;
  store.put(key, CURRENT);
  if (previous && previous !== key) {
    store.delete(previous);
    store.delete(partRange(previous));
  }
  await quotaAware(done(tx));
}

/** The current dataset, or null when there is none (or it is from an unknown version). */
export async function loadDataset(db: IDBDatabase): Promise<StoredDataset | null> {
  const tx = db.transaction(DATASETS, 'readonly');
  const store = tx.objectStore(DATASETS);
  const key = (await promised(store.get(CURRENT))) as string | undefined;
  if (!key) return null;
  const stored = (await promised(store.get(key))) as StoredDataset | StoredDatasetHead | undefined;
  if (stored?.version === 1) return stored;
  if (stored?.version !== 2) return null;
  const table: Record<string, unknown> = {};
  for (const part of stored.fields) {
    const value: unknown = await promised(store.get(partKey(key, part)));
    if (value === undefined) return null; // a part went missing: fall back to the sample
    const [field, sub] = part.split('/');
    if (sub === undefined) table[field] = value;
    else {
      const holder = (table[field] ??= field === 'metrics' ? [] : {}) as Record<string, unknown>;
      holder[sub] = value;
    }
  }
  table.metrics ??= []; // a table without metrics stores no metric part
  return { version: 1, table: table as unknown as AccountTable, report: stored.report, savedAt: stored.savedAt };
}

/** Deletes saved datasets that are not current (discarded or interrupted imports). */
export async function deleteUnusedDatasets(db: IDBDatabase): Promise<number> {
  const tx = db.transaction(DATASETS, 'readwrite');
  const store = tx.objectStore(DATASETS);
  const current = (await promised(store.get(CURRENT))) as string | undefined;
  const keys = (await promised(store.getAllKeys())) as string[];
  const unused = keys.filter((k) => k !== CURRENT && k !== current && !k.includes('/'));
  for (const k of unused) store.delete(k);
  // their parts, and parts left by an import interrupted before its head record was written
  for (const k of keys) if (k.includes('/') && !k.startsWith(`${current}/`)) store.delete(k);
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

/** The scenarios of a workspace: which one is open, and their names in the planner's order. */
export interface ScenarioIndex {
  activeId: string;
  scenarios: { id: string; name: string }[];
}

const SCENARIO_INDEX = 'scenarios';
const scenarioKey = (id: string): string => `scenario:${id}`;

/** A plan as the autosave stores it. */
export function storedPlanOf(plan: Plan, savedAt = new Date().toISOString()): StoredPlan {
  return {
    version: 1,
    teams: plan.teams,
    reps: plan.reps,
    assignments: plan.assignments,
    lockedUnits: plan.lockedUnits,
    tolerance: plan.tolerance,
    namedAccounts: plan.namedAccounts,
    ownership: plan.ownership,
    rulesOfEngagement: plan.rulesOfEngagement,
    planName: plan.name,
    unitCount: plan.assignments[0]?.length ?? 0,
    savedAt,
  };
}

/** Autosaves one scenario's plan and the scenario index in one transaction. */
export async function saveScenario(db: IDBDatabase, index: ScenarioIndex, id: string, plan: StoredPlan): Promise<void> {
  const tx = db.transaction(PLANS, 'readwrite');
  const store = tx.objectStore(PLANS);
  store.put(plan, scenarioKey(id));
  store.put(index, SCENARIO_INDEX);
  await quotaAware(done(tx), 'the plan');
}

/** Saves the scenario index alone (rename, switch, reorder). */
export async function saveScenarioIndex(db: IDBDatabase, index: ScenarioIndex): Promise<void> {
  const tx = db.transaction(PLANS, 'readwrite');
  tx.objectStore(PLANS).put(index, SCENARIO_INDEX);
  await quotaAware(done(tx));
}

/** Deletes a scenario's plan and saves the index without it. */
export async function deleteScenario(db: IDBDatabase, index: ScenarioIndex, id: string): Promise<void> {
  const tx = db.transaction(PLANS, 'readwrite');
  tx.objectStore(PLANS).delete(scenarioKey(id));
  tx.objectStore(PLANS).put(index, SCENARIO_INDEX);
  await done(tx);
}

/** A scenario's saved plan, or null. */
export async function loadScenario(db: IDBDatabase, id: string): Promise<StoredPlan | null> {
  const tx = db.transaction(PLANS, 'readonly');
  const plan = (await promised(tx.objectStore(PLANS).get(scenarioKey(id)))) as StoredPlan | undefined;
  return plan && plan.version === 1 ? plan : null;
}

/**
 * The scenario index; a workspace saved before scenarios existed (one plan under "current") is
 * moved into a first scenario on the way.
 */
export async function loadScenarioIndex(db: IDBDatabase): Promise<ScenarioIndex | null> {
  const tx = db.transaction(PLANS, 'readwrite');
  const store = tx.objectStore(PLANS);
  const index = (await promised(store.get(SCENARIO_INDEX))) as ScenarioIndex | undefined;
  if (index) {
    await done(tx);
    return index;
  }
  const legacy = (await promised(store.get(CURRENT))) as StoredPlan | undefined;
  if (!legacy) {
    await done(tx);
    return null;
  }
  const migrated: ScenarioIndex = {
    activeId: 'plan-1',
    scenarios: [{ id: 'plan-1', name: legacy.planName ?? 'Plan 1' }],
  };
  store.put(legacy, scenarioKey('plan-1'));
  store.put(migrated, SCENARIO_INDEX);
  store.delete(CURRENT);
  await done(tx);
  return migrated;
}

/** Forgets every scenario (Reset workspace). */
export async function clearScenarios(db: IDBDatabase): Promise<void> {
  const tx = db.transaction(PLANS, 'readwrite');
  tx.objectStore(PLANS).clear();
  await done(tx);
}
