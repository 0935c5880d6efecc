import sampleAccountsUrl from '../../data/sample-accounts.csv?url';
import { CRM_SOURCE_LABELS } from '../io/columnMapping.ts';
import { deleteUnusedDatasets, loadDataset, openWorkspaceDb } from '../io/workspaceDb.ts';
import { loadGeography } from '../map/loadGeography.ts';
import { useWorkspace } from '../store/workspaceStore.ts';
import { adoptAccounts, importClient } from './importFlow.ts';
import { restorePlan } from './planActions.ts';

/** Imports the bundled sample export in the import worker (the same path as a planner's file). */
export async function loadSampleAccounts(): Promise<void> {
  const store = useWorkspace.getState();
  store.setProgress('Loading sample accounts');
  const response = await fetch(sampleAccountsUrl);
  if (!response.ok) throw new Error(`Could not load the sample accounts (HTTP ${response.status})`);
  const file = new File([await response.blob()], 'sample-accounts.csv', { type: 'text/csv' });
  const outcome = await importClient.sniff(file);
  const running = importClient.run(file, outcome, outcome.proposed, CRM_SOURCE_LABELS[outcome.source], () => {}, false);
  const { table, report } = await running.result;
  adoptAccounts(table, report, true);
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

/** Loads the geography, then the saved accounts, or the bundled sample on first start. */
export async function bootstrapWorkspace(): Promise<void> {
  const store = useWorkspace.getState();
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
