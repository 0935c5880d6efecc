import { parsePlanFile, serialisePlan } from '../io/planFile.ts';
import { storedPlanOf } from '../io/workspaceDb.ts';
import { usePlan } from '../store/planStore.ts';
import { useWorkspace } from '../store/workspaceStore.ts';
import { downloadText } from './download.ts';
import { addScenario } from './scenarios.ts';
import { currentPlan } from './editor.ts';

export { currentPlan };

/** A file name from the plan's name ("West 2027" -> "west-2027"). */
export function fileStem(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'plan'
  );
}

/** Downloads the open scenario as a versioned plan file (the file the CLI reads). */
export function exportPlanFile(): void {
  const assets = useWorkspace.getState().assets;
  if (!assets) return;
  const plan = currentPlan();
  downloadText(`${fileStem(plan.name)}.tessera.json`, serialisePlan(plan, assets.geo.ids), 'application/json');
}

/**
 * Opens a plan file as a new scenario; an invalid file is rejected with a message naming the
 * problem and nothing changes.
 */
export async function importPlanFile(file: File): Promise<boolean> {
  const { assets, setNotice } = useWorkspace.getState();
  if (!assets) return false;
  const geo = assets.geo;
  const parsed = parsePlanFile(await file.text(), { unitCount: geo.unitCount, indexOf: (id) => geo.unitOf(id) });
  if (!parsed.ok) {
    setNotice(`${file.name} was not opened: ${parsed.error}`);
    return false;
  }
  const p = parsed.plan;
  const stored = { ...storedPlanOf(p), unitCount: geo.unitCount };
  await addScenario(p.name, stored);
  setNotice([`Opened ${file.name} as scenario “${usePlan.getState().planName}”.`, ...parsed.warnings].join(' '));
  return true;
}
