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
let writing: Promise<void> | null = null;
let dirty = false;
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

async function writeOnce(): Promise<void> {
  const { scenarioId, scenarios } = usePlan.getState();
  const stored = storedPlan();
  const db = await database();
  await saveScenario(db, { activeId: scenarioId, scenarios }, scenarioId, stored);
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
 * Writes the open plan now; while a write is in flight, further edits mark the plan dirty and one
 * more write follows it (coalescing), so the last state is always the one stored.
 */
export function saveNow(): Promise<void> {
  dirty = true;
  writing ??= (async () => {
    try {
      while (dirty) {
        dirty = false;
        await writeOnce();
        lastError = null;
      }
    } catch (e) {
      report(e);
    } finally {
      writing = null;
    }
  })();
  return writing;
}

/** Resolves when every write asked for so far is stored. */
export async function saved(): Promise<void> {
  while (writing) await writing;
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
    if (dirty || writing) void saveNow();
  };
  target?.addEventListener('pagehide', flush);
  target?.addEventListener('visibilitychange', flush);
  return stop;
}
