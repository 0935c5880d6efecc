import { wrap, type DBSchema, type IDBPDatabase } from 'idb';
import { newId } from '../domain/ids.ts';
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

/**
 * The stores as idb sees them. Both are keyed by string with out-of-line keys; "datasets" holds the current
 * pointer, dataset heads and their parts, "plans" the scenario index and one plan per scenario.
 */
interface WorkspaceSchema extends DBSchema {
  datasets: { key: string; value: unknown };
  plans: { key: string; value: StoredPlan | ScenarioIndex };
}

/** The promise-based view of a database opened by openWorkspaceDb. */
const idb = (db: IDBDatabase): IDBPDatabase<WorkspaceSchema> => wrap(db) as IDBPDatabase<WorkspaceSchema>;

/**
 * Waits for a transaction's requests and its commit. Every request promise is awaited here, so a failing one
 * rejects this call instead of going unheard; the first failure wins.
 */
async function settled(tx: { done: Promise<void> }, requests: Promise<unknown>[]): Promise<void> {
  await Promise.all([...requests, tx.done]);
}

/** Opens (and creates or upgrades) the workspace database. */
export async function openWorkspaceDb(factory: IDBFactory = indexedDB): Promise<IDBDatabase> {
  // idb's openDB always uses the global factory; wrapping the request keeps the factory a caller passes.
  const request = factory.open(DB_NAME, DB_VERSION);
  request.addEventListener('upgradeneeded', () => {
    const db = request.result;
    if (!db.objectStoreNames.contains(DATASETS)) db.createObjectStore(DATASETS);
    if (!db.objectStoreNames.contains(PLANS)) db.createObjectStore(PLANS);
  });
  await wrap(request); // resolves on success, rejects with the request's error
  return request.result;
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
  const key = newId('dataset');
  const parts = tableParts(table);
  const fields = parts.map(([part]) => part);
  const head: StoredDatasetHead = { version: 2, fields, report, savedAt: new Date().toISOString() };
  const tx = idb(db).transaction(DATASETS, 'readwrite');
  const puts = parts.map(([part, value]) => tx.store.put(value, partKey(key, part)));
  puts.push(tx.store.put(head, key));
  await quotaAware(settled(tx, puts));
  return key;
}

/** Makes a saved dataset the workspace's accounts and deletes the one it replaces, atomically. */
export async function makeDatasetCurrent(db: IDBDatabase, key: string): Promise<void> {
  const tx = idb(db).transaction(DATASETS, 'readwrite');
  const previous = (await tx.store.get(CURRENT)) as string | undefined;
  const requests: Promise<unknown>[] = [tx.store.put(key, CURRENT)];
  if (previous && previous !== key) requests.push(tx.store.delete(previous), tx.store.delete(partRange(previous)));
  await quotaAware(settled(tx, requests));
}

/** The current dataset, or null when there is none (or it is from an unknown version). */
export async function loadDataset(db: IDBDatabase): Promise<StoredDataset | null> {
  const store = idb(db).transaction(DATASETS, 'readonly').store;
  const key = (await store.get(CURRENT)) as string | undefined;
  if (!key) return null;
  const stored = (await store.get(key)) as StoredDataset | StoredDatasetHead | undefined;
  if (stored?.version === 1) return stored;
  if (stored?.version !== 2) return null;
  const table: Record<string, unknown> = {};
  for (const part of stored.fields) {
    const value: unknown = await store.get(partKey(key, part));
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
  const tx = idb(db).transaction(DATASETS, 'readwrite');
  const current = (await tx.store.get(CURRENT)) as string | undefined;
  const keys = await tx.store.getAllKeys();
  const unused = keys.filter((k) => k !== CURRENT && k !== current && !k.includes('/'));
  // their parts, and parts left by an import interrupted before its head record was written
  const stale = keys.filter((k) => k.includes('/') && !k.startsWith(`${current}/`));
  await settled(
    tx,
    [...unused, ...stale].map((k) => tx.store.delete(k)),
  );
  return unused.length;
}

/** Forgets the current dataset (the workspace falls back to the bundled sample). */
export async function clearDataset(db: IDBDatabase): Promise<void> {
  const tx = idb(db).transaction(DATASETS, 'readwrite');
  await settled(tx, [tx.store.clear()]);
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
  const tx = idb(db).transaction(PLANS, 'readwrite');
  const writes = [tx.store.put(plan, scenarioKey(id)), tx.store.put(index, SCENARIO_INDEX)];
  // commit at once rather than when the browser next looks: a tab closed right after an edit keeps it
  if (typeof tx.commit === 'function') tx.commit();
  await quotaAware(settled(tx, writes), 'the plan');
}

/** Saves the scenario index alone (rename, switch, reorder). */
export async function saveScenarioIndex(db: IDBDatabase, index: ScenarioIndex): Promise<void> {
  const tx = idb(db).transaction(PLANS, 'readwrite');
  await quotaAware(settled(tx, [tx.store.put(index, SCENARIO_INDEX)]));
}

/** Deletes a scenario's plan and saves the index without it. */
export async function deleteScenario(db: IDBDatabase, index: ScenarioIndex, id: string): Promise<void> {
  const tx = idb(db).transaction(PLANS, 'readwrite');
  await settled(tx, [tx.store.delete(scenarioKey(id)), tx.store.put(index, SCENARIO_INDEX)]);
}

/** A scenario's saved plan, or null. */
export async function loadScenario(db: IDBDatabase, id: string): Promise<StoredPlan | null> {
  const plan = (await idb(db).get(PLANS, scenarioKey(id))) as StoredPlan | undefined;
  return plan && plan.version === 1 ? plan : null;
}

/**
 * The scenario index; a workspace saved before scenarios existed (one plan under "current") is
 * moved into a first scenario on the way.
 */
export async function loadScenarioIndex(db: IDBDatabase): Promise<ScenarioIndex | null> {
  const tx = idb(db).transaction(PLANS, 'readwrite');
  const store = tx.store;
  const index = (await store.get(SCENARIO_INDEX)) as ScenarioIndex | undefined;
  if (index) {
    await tx.done;
    return index;
  }
  const legacy = (await store.get(CURRENT)) as StoredPlan | undefined;
  if (!legacy) {
    await tx.done;
    return null;
  }
  const migrated: ScenarioIndex = {
    activeId: 'plan-1',
    scenarios: [{ id: 'plan-1', name: legacy.planName ?? 'Plan 1' }],
  };
  await settled(tx, [
    store.put(legacy, scenarioKey('plan-1')),
    store.put(migrated, SCENARIO_INDEX),
    store.delete(CURRENT),
  ]);
  return migrated;
}

/** Forgets every scenario (Reset workspace). */
export async function clearScenarios(db: IDBDatabase): Promise<void> {
  const tx = idb(db).transaction(PLANS, 'readwrite');
  await settled(tx, [tx.store.clear()]);
}
