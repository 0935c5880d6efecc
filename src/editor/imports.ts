import sampleAccountsUrl from '../../data/sample-accounts.csv?url';
import { aggregateByUnit } from '../engine/unitTotals.ts';
import type { AccountTable, ImportReport } from '../io/accountTable.ts';
import { CRM_SOURCE_LABELS, mappingProblem, type ColumnMapping } from '../io/columnMapping.ts';
import type { QuoteReading } from '../io/csvRecords.ts';
import { recallMapping, rememberMapping } from '../io/mappingMemory.ts';
import {
  StorageQuotaError,
  clearDataset,
  clearScenarios,
  deleteUnusedDatasets,
  makeDatasetCurrent,
  openWorkspaceDb,
} from '../io/workspaceDb.ts';
import { useImport, type ImportRerun } from '../store/importStore.ts';
import { replaceDataset } from './editor.ts';
import { useWorkspace } from '../store/workspaceStore.ts';
import { ImportCancelled, ImportClient, type RunningImport } from '../worker/importClient.ts';

let client: ImportClient | null = null;
/** The import worker's client, made on first use (so Node tests can load this module). */
export const importClient = (): ImportClient =>
  (client ??= new ImportClient(new URL(`${import.meta.env.BASE_URL}geo/units.json`, window.location.href).href));
let running: RunningImport | null = null;

/** Makes a table the workspace's accounts (after the planner accepted it, or at start). */
export function adoptAccounts(table: AccountTable, report: ImportReport, isSample: boolean): void {
  const ws = useWorkspace.getState();
  if (!ws.assets) return;
  const totals = aggregateByUnit(table.unit, table.value, ws.assets.geo.unitCount);
  replaceDataset(isSample ? 'Load sample accounts' : 'Accept imported accounts', { table, report, totals, isSample });
}

/** Step 1: read the head of a file and propose (or recall) a column mapping. */
export async function beginImport(file: File): Promise<void> {
  const store = useImport.getState();
  if (store.current.step === 'importing') return;
  store.setStep({ step: 'sniffing', file });
  try {
    const outcome = await importClient().sniff(file);
    const recalled = recallMapping(localStorage, outcome.headers);
    // a mapping remembered before decimal separators were chosen takes the detected one
    const decimal = recalled?.decimal ?? outcome.proposed.decimal;
    useImport.getState().setStep({
      step: 'mapping',
      file,
      outcome,
      mapping: recalled ? { ...recalled, ...(decimal ? { decimal } : {}) } : outcome.proposed,
      remembered: recalled !== null,
    });
  } catch (e) {
    useImport.getState().setStep({ step: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

/** Step 2: stream the file through the importer in the worker. */
export async function runImport(mapping: ColumnMapping): Promise<void> {
  const current = useImport.getState().current;
  if (current.step !== 'mapping') return;
  const problem = mappingProblem(mapping, current.outcome.headers.length);
  if (problem) return;
  rememberMapping(localStorage, current.outcome.headers, mapping);
  await streamImport({ file: current.file, outcome: current.outcome, mapping }, 'strict');
}

/** Reads the reviewed file again with every never-closed quote read as text on its own line. */
export async function readQuotesAsText(): Promise<void> {
  const current = useImport.getState().current;
  if (current.step !== 'review' || !current.rerun) return;
  // the first reading was saved under a key that will never become current
  if (current.result.savedKey) await withDb((db) => deleteUnusedDatasets(db));
  await streamImport(current.rerun, 'text-when-runaway');
}

async function streamImport(rerun: ImportRerun, quotes: QuoteReading): Promise<void> {
  const { file, outcome, mapping } = rerun;
  useImport.getState().setStep({ step: 'importing', file, progress: null });
  running = importClient().run(
    file,
    outcome,
    mapping,
    CRM_SOURCE_LABELS[outcome.source],
    (progress) => {
      const s = useImport.getState();
      if (s.current.step === 'importing') s.setStep({ ...s.current, progress });
    },
    true,
    quotes,
  );
  try {
    const result = await running.result;
    useImport.getState().setStep({ step: 'review', result, rerun });
  } catch (e) {
    if (e instanceof ImportCancelled) useImport.getState().setStep({ step: 'idle' });
    else useImport.getState().setStep({ step: 'error', message: e instanceof Error ? e.message : String(e) });
  } finally {
    running = null;
  }
}

/** Stops a running import; the workspace is untouched. */
export function cancelImport(): void {
  running?.cancel();
  useImport.getState().setStep({ step: 'idle' });
}

/** Step 3: the planner accepts the imported accounts; they replace the current ones and are saved. */
export async function acceptImport(): Promise<void> {
  const current = useImport.getState().current;
  if (current.step !== 'review') return;
  const { table, report, savedKey, saveError } = current.result;
  adoptAccounts(table, report, false);
  useImport.getState().setStep({ step: 'idle' });
  if (savedKey) await withDb((db) => makeDatasetCurrent(db, savedKey));
  else if (saveError) useWorkspace.getState().setNotice(saveError);
}

/** Closes the dialog without changing anything (a saved but unaccepted import is deleted). */
export function closeImport(): void {
  const current = useImport.getState().current;
  if (current.step === 'importing') cancelImport();
  else useImport.getState().setStep({ step: 'idle' });
  if (current.step === 'review' && current.result.savedKey) void withDb((db) => deleteUnusedDatasets(db));
}

/** Runs a workspace-database task; a failure becomes a notice, the work in memory is unaffected. */
export async function withDb(task: (db: IDBDatabase) => Promise<unknown>): Promise<void> {
  try {
    const db = await openWorkspaceDb();
    try {
      await task(db);
    } finally {
      db.close();
    }
  } catch (e) {
    const message =
      e instanceof StorageQuotaError
        ? e.message
        : `The workspace could not be saved in this browser (${e instanceof Error ? e.message : String(e)}); your work stays open until you close the tab.`;
    useWorkspace.getState().setNotice(message);
  }
}

/** Forgets everything saved in this browser (accounts and every scenario) and starts again on the sample. */
export async function resetWorkspace(): Promise<void> {
  await withDb(async (db) => {
    await clearDataset(db);
    await clearScenarios(db);
  });
  window.location.reload();
}

/** Forgets the imported accounts and goes back to the bundled sample. */
export async function resetToSample(loadSample: () => Promise<void>): Promise<void> {
  await withDb((db) => clearDataset(db));
  await loadSample();
}

/** Imports the bundled sample export in the import worker (the same path as a planner's file). */
export async function loadSampleAccounts(): Promise<void> {
  useWorkspace.getState().setProgress('Loading sample accounts');
  const response = await fetch(sampleAccountsUrl);
  if (!response.ok) throw new Error(`Could not load the sample accounts (HTTP ${response.status})`);
  const file = new File([await response.blob()], 'sample-accounts.csv', { type: 'text/csv' });
  const outcome = await importClient().sniff(file);
  const running = importClient().run(
    file,
    outcome,
    outcome.proposed,
    CRM_SOURCE_LABELS[outcome.source],
    () => {},
    false,
  );
  const { table, report } = await running.result;
  adoptAccounts(table, report, true);
}
