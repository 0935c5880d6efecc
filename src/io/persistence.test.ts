import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GeoIndex } from '../geo/geoIndex.ts';
import { loadGeoIndexFromDisk } from '../geo/loadGeoNode.ts';
import { importAccountsCsv } from './importAccounts.ts';
import { unpackStrings } from './accountTable.ts';
import {
  clearScenarios,
  deleteScenario,
  loadScenario,
  loadScenarioIndex,
  saveScenario,
  type StoredPlan,
  clearDataset,
  deleteUnusedDatasets,
  loadDataset,
  makeDatasetCurrent,
  openWorkspaceDb,
  saveDataset,
} from './workspaceDb.ts';
import { recallMapping, rememberMapping, type KeyValueStorage } from './mappingMemory.ts';

let geo: GeoIndex;
beforeAll(() => {
  geo = loadGeoIndexFromDisk();
});

describe('workspace database', () => {
  it('stores, restores and clears the imported accounts with their typed columns', async () => {
    const { table, report } = importAccountsCsv('Id,Name,Zip,Revenue\n1,A,02134,10\n2,B,10001,20\n', geo, 'a.csv');
    const db = await openWorkspaceDb();
    expect(await loadDataset(db)).toBeNull();
    const key = await saveDataset(db, table, report);
    expect(await loadDataset(db)).toBeNull(); // saved but not accepted yet
    await makeDatasetCurrent(db, key);
    const restored = await loadDataset(db);
    expect(unpackStrings(restored!.table.id)).toEqual(['1', '2']);
    expect(restored?.table.unit).toBeInstanceOf(Int32Array);
    expect(Array.from(restored!.table.unit)).toEqual(Array.from(table.unit));
    expect(Array.from(restored!.table.value)).toEqual([10, 20]);
    expect(restored?.report.fileName).toBe('a.csv');
    await clearDataset(db);
    expect(await loadDataset(db)).toBeNull();
    db.close();
  });

  it('replaces the current dataset only when the new one is made current, and cleans up the rest', async () => {
    const first = importAccountsCsv('Id,Zip\n1,02134\n', geo, 'first.csv');
    const second = importAccountsCsv('Id,Zip\n2,10001\n', geo, 'second.csv');
    const discarded = importAccountsCsv('Id,Zip\n3,60601\n', geo, 'discarded.csv');
    const db = await openWorkspaceDb();
    await makeDatasetCurrent(db, await saveDataset(db, first.table, first.report));
    await saveDataset(db, discarded.table, discarded.report); // an import the planner discarded
    expect((await loadDataset(db))?.report.fileName).toBe('first.csv');
    await makeDatasetCurrent(db, await saveDataset(db, second.table, second.report));
    expect((await loadDataset(db))?.report.fileName).toBe('second.csv');
    expect(await deleteUnusedDatasets(db)).toBe(1);
    expect((await loadDataset(db))?.report.fileName).toBe('second.csv');
    // what is left: the pointer to the current dataset, its head record and one record per column
    const keys = (await rawKeys(db)).filter((k) => k !== 'current');
    const heads = keys.filter((k) => !k.includes('/'));
    expect(heads).toHaveLength(1);
    const parts = keys.filter((k) => k.includes('/'));
    expect(parts.length).toBeGreaterThan(10);
    for (const part of parts) expect(part.startsWith(`${heads[0]}/`)).toBe(true);
    await clearDataset(db);
    db.close();
  });

  it('stores each column in its own record, so a million accounts stay under the per-value limit', async () => {
    const csv = ['Id,Zip,Revenue,Seats,Score', '1,10001,100,5,0.5', '2,02134,200,7,n/a'].join('\n');
    const mapping = { fields: { id: 0, postalCode: 1 }, valueColumn: 3, metricColumns: [2, 4] };
    const { table, report } = importAccountsCsv(csv, geo, 'm.csv', mapping);
    const db = await openWorkspaceDb();
    const key = await saveDataset(db, table, report);
    await makeDatasetCurrent(db, key);
    const tx = db.transaction('datasets', 'readonly');
    const head = await new Promise<unknown>(
      (resolve) => (tx.objectStore('datasets').get(key).onsuccess = (e) => resolve((e.target as IDBRequest).result)),
    );
    expect(head).not.toHaveProperty('table');
    const parts = (await rawKeys(db)).filter((k) => k.startsWith(`${key}/`));
    expect(parts).toEqual(expect.arrayContaining([`${key}/unit`, `${key}/metrics/0`, `${key}/metrics/1`]));
    expect(parts.filter((k) => k.startsWith(`${key}/categories/`)).length).toBe(Object.keys(table.categories).length);
    const restored = (await loadDataset(db))!.table;
    expect(restored.metrics.map((m) => m.name)).toEqual(['Revenue', 'Score']);
    expect(Array.from(restored.metrics[1].values)).toEqual([0.5, NaN]);
    expect(Object.keys(restored.categories).sort()).toEqual(Object.keys(table.categories).sort());
    expect(Array.from(restored.unit)).toEqual(Array.from(table.unit));

    // a part lost (another tab, an older version's cleanup) never yields a half table: the sample is used instead
    const drop = db.transaction('datasets', 'readwrite');
    drop.objectStore('datasets').delete(`${key}/unit`);
    await new Promise((resolve) => (drop.oncomplete = resolve));
    expect(await loadDataset(db)).toBeNull();
    await clearDataset(db);
    db.close();
  });

  it('still reads a dataset saved in one record by an earlier version, and drops parts of interrupted imports', async () => {
    const { table, report } = importAccountsCsv('Id,Zip\n7,02134\n', geo, 'old.csv');
    const db = await openWorkspaceDb();
    const tx = db.transaction('datasets', 'readwrite');
    tx.objectStore('datasets').put({ version: 1, table, report, savedAt: '2026-01-01T00:00:00Z' }, 'dataset-old');
    tx.objectStore('datasets').put('dataset-old', 'current');
    tx.objectStore('datasets').put(new Int32Array(3), 'dataset-interrupted/unit');
    await new Promise((resolve) => (tx.oncomplete = resolve));
    const restored = await loadDataset(db);
    expect(unpackStrings(restored!.table.id)).toEqual(['7']);
    expect(await deleteUnusedDatasets(db)).toBe(0);
    expect(await rawKeys(db)).toEqual(['current', 'dataset-old']);
    await clearDataset(db);
    db.close();
  });
});

describe('workspace database format', () => {
  const raw = <T>(request: IDBRequest<T>): Promise<T> =>
    new Promise((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });

  it('keeps the name, version and stores, and upgrades a first-release database without losing its dataset', async () => {
    const factory = new IDBFactory(); // a browser that only ever ran the first release
    const open = factory.open('tessera', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('datasets');
    const old = await raw(open);
    const tx = old.transaction('datasets', 'readwrite');
    tx.objectStore('datasets').put('dataset-1', 'current');
    tx.objectStore('datasets').put({ version: 1, table: {}, report: {}, savedAt: 'then' }, 'dataset-1');
    await new Promise((resolve) => (tx.oncomplete = resolve));
    old.close();

    const db = await openWorkspaceDb(factory);
    expect(db.name).toBe('tessera');
    expect(db.version).toBe(2);
    expect([...db.objectStoreNames]).toEqual(['datasets', 'plans']);
    expect((await loadDataset(db))?.savedAt).toBe('then');
    expect(await rawKeys(db)).toEqual(['current', 'dataset-1']);
    db.close();
  });

  it('rejects instead of resolving when the database cannot be opened', async () => {
    const factory = new IDBFactory();
    const newer = await raw(factory.open('tessera', 3)); // a later release already upgraded it
    newer.close();
    await expect(openWorkspaceDb(factory)).rejects.toMatchObject({ name: 'VersionError' });
  });
});

async function rawKeys(db: IDBDatabase): Promise<string[]> {
  const tx = db.transaction('datasets', 'readonly');
  return new Promise((resolve) => {
    tx.objectStore('datasets').getAllKeys().onsuccess = (e) => resolve((e.target as IDBRequest<string[]>).result);
  });
}

describe('mapping memory', () => {
  const memory = (): KeyValueStorage => {
    const data = new Map<string, string>();
    return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
  };
  it('recalls a mapping for the same headers only', () => {
    const storage = memory();
    const mapping = { fields: { id: 1, postalCode: 0 }, valueColumn: 2, metricColumns: [] };
    rememberMapping(storage, ['Zip', 'Key', 'Amount'], mapping);
    expect(recallMapping(storage, ['zip', 'key ', 'amount'])).toEqual(mapping);
    expect(recallMapping(storage, ['Zip', 'Key'])).toBeNull();
  });
  it('ignores a remembered mapping that no longer fits', () => {
    const storage = memory();
    storage.setItem(
      'tessera.mapping.a\u241fb',
      JSON.stringify({ fields: { id: 5 }, valueColumn: null, metricColumns: [] }),
    );
    expect(recallMapping(storage, ['a', 'b'])).toBeNull();
    storage.setItem('tessera.mapping.a\u241fb', '{not json');
    expect(recallMapping(storage, ['a', 'b'])).toBeNull();
  });
});

describe('scenarios in the workspace database', () => {
  const stored = (name: string): StoredPlan => ({
    version: 1,
    teams: [],
    reps: [],
    assignments: [Int32Array.from([0, -1, 1])],
    lockedUnits: [new Uint8Array(3)],
    tolerance: 0.1,
    planName: name,
    unitCount: 3,
    savedAt: '2026-11-01T00:00:00Z',
  });

  it('saves, lists, opens and deletes scenarios', async () => {
    const db = await openWorkspaceDb();
    await clearScenarios(db);
    expect(await loadScenarioIndex(db)).toBeNull();
    const index = {
      activeId: 'a',
      scenarios: [
        { id: 'a', name: 'Plan A' },
        { id: 'b', name: 'Plan B' },
      ],
    };
    await saveScenario(db, index, 'a', stored('Plan A'));
    await saveScenario(db, index, 'b', stored('Plan B'));
    expect(await loadScenarioIndex(db)).toEqual(index);
    const b = await loadScenario(db, 'b');
    expect(b?.planName).toBe('Plan B');
    expect(b?.assignments[0]).toBeInstanceOf(Int32Array);
    await deleteScenario(db, { activeId: 'a', scenarios: [index.scenarios[0]] }, 'b');
    expect(await loadScenario(db, 'b')).toBeNull();
    expect((await loadScenarioIndex(db))?.scenarios).toEqual([{ id: 'a', name: 'Plan A' }]);
    db.close();
  });

  it('moves a plan saved before scenarios existed into a first scenario', async () => {
    const db = await openWorkspaceDb();
    await clearScenarios(db);
    const tx = db.transaction('plans', 'readwrite');
    tx.objectStore('plans').put(stored('Old plan'), 'current');
    await new Promise((resolve) => (tx.oncomplete = resolve));
    const index = await loadScenarioIndex(db);
    expect(index).toEqual({ activeId: 'plan-1', scenarios: [{ id: 'plan-1', name: 'Old plan' }] });
    expect((await loadScenario(db, 'plan-1'))?.planName).toBe('Old plan');
    expect(await loadScenarioIndex(db)).toEqual(index); // migrated once
    db.close();
  });
});
