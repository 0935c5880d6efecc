import sampleAccountsUrl from '../../data/sample-accounts.csv?url';
import { aggregateByUnit } from '../engine/unitTotals.ts';
import { importAccountsCsv } from '../io/importAccounts.ts';
import { loadGeography } from '../map/loadGeography.ts';
import { useWorkspace } from '../store/workspaceStore.ts';

async function fetchSampleCsv(): Promise<string> {
  const response = await fetch(sampleAccountsUrl);
  if (!response.ok) throw new Error(`Could not load the sample accounts (HTTP ${response.status})`);
  return response.text();
}

/** Loads the geography and the bundled sample accounts (in parallel) into the workspace store. */
export async function bootstrapWorkspace(): Promise<void> {
  const store = useWorkspace.getState();
  try {
    const sampleText = fetchSampleCsv();
    const assets = await loadGeography(import.meta.env.BASE_URL, store.setProgress);
    store.setAssets(assets);
    store.setProgress('Loading sample accounts');
    const text = await sampleText;
    // let React mount the map first, so MapLibre starts tiling while the accounts are imported
    await new Promise((resolve) => setTimeout(resolve, 0));
    const { table, report } = importAccountsCsv(text, assets.geo, 'sample-accounts.csv');
    const totals = aggregateByUnit(table.unit, table.value, assets.geo.unitCount);
    store.setDataset({ table, report, totals });
  } catch (e) {
    store.fail(e instanceof Error ? e.message : String(e));
  }
}
