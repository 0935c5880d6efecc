import { deleteUnusedDatasets, loadDataset, openWorkspaceDb } from '../io/workspaceDb.ts';
import { loadGeography } from '../map/loadGeography.ts';
import { connectEngine } from '../editor/engineLink.ts';
import { followWithAutosave } from '../editor/follow/autosave.ts';
import { followWithEngine } from '../editor/follow/engineFollower.ts';
import { followWithMap } from '../editor/follow/mapFollower.ts';
import { adoptAccounts, loadSampleAccounts } from '../editor/imports.ts';
import { followWithOwnership } from '../editor/ownership.ts';
import { markTotalsArrived } from '../editor/paintLatency.ts';
import { restorePlan } from '../editor/scenarios.ts';
import { useWorkspace } from '../store/workspaceStore.ts';
import { EngineClient } from '../worker/engineClient.ts';

let started = false;

/**
 * Connects the editor to the engine worker and starts its followers, in the order they must see
 * a commit: the engine first (it counts while the map recolours), then the map, ownership, autosave.
 */
export function startEditor(): void {
  if (started) return;
  started = true;
  const engine = new EngineClient();
  connectEngine((method, ...args) => engine.call(method, ...args));
  followWithEngine({ totalsArrived: markTotalsArrived });
  followWithMap();
  followWithOwnership();
  followWithAutosave(window);
}

async function restoreSavedAccounts(): Promise<boolean> {
  try {
    const db = await openWorkspaceDb();
    const stored = await loadDataset(db);
    await deleteUnusedDatasets(db); // imports interrupted before the planner accepted them
    db.close();
    if (!stored) return false;
    adoptAccounts(stored.table, stored.report, false);
    return true;
  } catch {
    useWorkspace.getState().setNotice('Saved accounts could not be read from this browser; showing the sample data.');
    return false;
  }
}

/** Loads the geography, then the saved plan and accounts, or the bundled sample on first start. */
export async function bootstrapWorkspace(): Promise<void> {
  const store = useWorkspace.getState();
  startEditor();
  try {
    const assets = await loadGeography(import.meta.env.BASE_URL, store.setProgress);
    store.setAssets(assets);
    store.setProgress('Restoring accounts');
    await restorePlan(assets.geo.unitCount);
    if (!(await restoreSavedAccounts())) await loadSampleAccounts();
  } catch (e) {
    store.fail(e instanceof Error ? e.message : String(e));
  }
}
