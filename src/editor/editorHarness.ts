import { readFileSync } from 'node:fs';
import { PlanEngine, type EngineApi } from '../engine/planEngine.ts';
import { aggregateByUnit } from '../engine/unitTotals.ts';
import type { GeoIndex } from '../geo/geoIndex.ts';
import { loadGeoIndexFromDisk } from '../geo/loadGeoNode.ts';
import type { AccountTable } from '../io/accountTable.ts';
import { importAccountsCsv } from '../io/importAccounts.ts';
import type { GeographyAssets } from '../map/loadGeography.ts';
import { usePlan } from '../store/planStore.ts';
import { useWorkspace } from '../store/workspaceStore.ts';
import { planDocument, replaceDataset } from './editor.ts';
import { connectEngine } from './engineLink.ts';
import { followWithEngine, resetEngineFollower } from './follow/engineFollower.ts';

/** Node-only test bench for the editor: the real engine in this process, the bundled geography and sample accounts. */
export interface EditorBench {
  geo: GeoIndex;
  table: AccountTable;
  engine: PlanEngine;
}

let geo: GeoIndex | null = null;
let table: AccountTable | null = null;
const initialPlan = usePlan.getState();
const initialWorkspace = useWorkspace.getState();
let stopEngine: (() => void) | null = null;

/** Lets the in-process engine's promises and the followers settle. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * A fresh editor on the sample accounts (the first `rows` of them): stores reset, a new engine
 * connected through a caller that clones arguments as the worker's messages do.
 */
export async function openEditorBench(rows = 3000): Promise<EditorBench> {
  geo ??= loadGeoIndexFromDisk();
  if (!table) {
    const lines = readFileSync('data/sample-accounts.csv', 'utf8').split('\n');
    table = importAccountsCsv(lines.slice(0, rows + 1).join('\n'), geo, 'sample.csv').table;
  }
  usePlan.setState(initialPlan, true);
  useWorkspace.setState(initialWorkspace, true);
  stopEngine?.();
  resetEngineFollower();
  const engine = new PlanEngine();
  connectEngine(async (method, ...args) => {
    const call = engine[method] as (...a: unknown[]) => ReturnType<EngineApi[typeof method]>;
    return structuredClone(call.apply(engine, structuredClone(args)));
  });
  stopEngine = followWithEngine();
  useWorkspace.getState().setAssets({ geo } as GeographyAssets);
  const totals = aggregateByUnit(table.unit, table.value, geo.unitCount);
  replaceDataset('Load test accounts', { table, report: {} as never, totals, isSample: true });
  await settle();
  return { geo, table, engine };
}

/** A deep copy of the plan's parts and layers, comparable with toEqual. */
export function planSnapshot(): unknown {
  const doc = planDocument();
  return structuredClone({
    ...doc,
    assignments: doc.assignments.map((a) => Array.from(a)),
    lockedUnits: doc.lockedUnits.map((l) => Array.from(l)),
  });
}

/** What a fresh engine reports for the store's plan: the engine state the followers must have reached. */
export function freshEngineTotals(bench: EditorBench, team: number): Float64Array {
  const fresh = new PlanEngine();
  const { teams, assignments, tolerance } = usePlan.getState();
  fresh.setGeography(bench.engine['geography'] as never);
  fresh.loadAccounts(bench.engine['accounts'] as never);
  fresh.setTeams(
    teams.map((t) => t.conditions),
    tolerance,
  );
  teams.forEach((t, i) => fresh.setAssignment(i, assignments[i], t.territories.length));
  return fresh.report(team).totals;
}
