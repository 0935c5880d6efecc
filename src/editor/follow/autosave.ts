import {
  openWorkspaceDb,
  saveScenario,
  storedPlanOf,
  StorageQuotaError,
  type StoredPlan,
} from '../../io/workspaceDb.ts';
import { usePlan } from '../../store/planStore.ts';
import { useWorkspace } from '../../store/workspaceStore.ts';
import { currentPlan, endStroke, strokeOpen, subscribe } from '../editor.ts';

type WorkspaceDb = Awaited<ReturnType<typeof openWorkspaceDb>>;

let connection: Promise<WorkspaceDb> | null = null;
/** A write waiting for the connection: commits meanwhile join it (it stores the plan as it is when it runs). */
let queued: Promise<void> | null = null;
const writing = new Set<Promise<void>>();
let lastError: string | null = null;

/** The working plan as the autosave stores it. */
export function storedPlan(): StoredPlan {
  return storedPlanOf(currentPlan());
}

/** One open connection for every write: opening the database per write would cost each edit tens of ms. */
function database(): Promise<WorkspaceDb> {
  connection ??= openWorkspaceDb().then((db) => {
    // another tab upgrading the database, or the browser closing it: open again on the next write
    db.onversionchange = () => {
      db.close();
      connection = null;
    };
    db.onclose = () => (connection = null);
    return db;
  });
  return connection;
}

function report(e: unknown): void {
  connection = null;
  const message =
    e instanceof StorageQuotaError
      ? e.message
      : `The plan could not be saved in this browser (${e instanceof Error ? e.message : String(e)}); ` +
        'your work stays open until you close the tab.';
  if (message !== lastError) useWorkspace.getState().setNotice(message);
  lastError = message;
}

/**
 * Writes the open plan now: the transaction is created as soon as the connection is there (a microtask
 * after the commit), so a reload or a closed tab right after an edit keeps it. Commits that come while a
 * write waits for the connection join that write; later ones start their own, which the database applies
 * in order.
 */
export function saveNow(): Promise<void> {
  if (queued) return queued;
  const write = database()
    .then((db) => {
      queued = null;
      const { scenarioId, scenarios } = usePlan.getState();
      return saveScenario(db, { activeId: scenarioId, scenarios }, scenarioId, storedPlan());
    })
    .then(() => {
      lastError = null;
    })
    .catch((e: unknown) => {
      queued = null;
      report(e);
    })
    .finally(() => writing.delete(write));
  queued = write;
  writing.add(write);
  return write;
}

/** Resolves when every write asked for so far is stored. */
export async function saved(): Promise<void> {
  while (writing.size > 0) await Promise.all(writing);
}

/**
 * Write-through autosave: every commit is written to IndexedDB at once (paint steps inside a stroke
 * are written when the stroke ends), and pending work is flushed when the page is hidden or closed.
 */
export function followWithAutosave(target: Pick<Window, 'addEventListener'> | null = null): () => void {
  const stop = subscribe((commit) => {
    if (commit.kind === 'stroke') return;
    if (commit.kind === 'plan' && commit.restored) return;
    void saveNow();
  });
  const flush = () => {
    // a stroke still open when the tab goes away is closed (and so written) as it stands
    if (strokeOpen()) endStroke();
    else if (writing.size > 0) void saveNow();
  };
  target?.addEventListener('pagehide', flush);
  target?.addEventListener('visibilitychange', flush);
  return stop;
}
