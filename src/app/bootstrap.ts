import sampleAccountsUrl from '../../data/sample-accounts.csv?url';
import { aggregateByUnit } from '../engine/unitTotals.ts';
import { importAccountsCsv } from '../io/importAccounts.ts';
import { loadGeography } from '../map/loadGeography.ts';
import { useWorkspace } from '../store/workspaceStore.ts';

/** Loads the geography, then the bundled sample accounts, into the workspace store. */
export async function bootstrapWorkspace(): Promise<void> {
  const store = useWorkspace.getState();
  try {
    const assets = await loadGeography(import.meta.env.BASE_URL, store.setProgress);
    store.setAssets(assets);
    store.setProgress('Loading sample accounts');
    const response = await fetch(sampleAccountsUrl);
    if (!response.ok) throw new Error(`Could not load the sample accounts (HTTP ${response.status})`);
    const { table, report } = importAccountsCsv(await response.text(), assets.geo, 'sample-accounts.csv');
    const totals = aggregateByUnit(table.unit, table.value, assets.geo.unitCount);
    store.setDataset({ table, report, totals });
  } catch (e) {
    store.fail(e instanceof Error ? e.message : String(e));
  }
}
