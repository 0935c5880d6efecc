import type { Territory } from '../../domain/plan.ts';
import { currentMap } from '../../map/mapRegistry.ts';
import { futurePartColour } from '../../engine/planOps.ts';
import { usePlan } from '../../store/planStore.ts';
import { subscribe, type PlanCommit } from '../editor.ts';

const plan = () => usePlan.getState();
const activeTerritories = (): Territory[] => plan().teams[plan().activeTeam]?.territories ?? [];

/** Colours for units in territory mode: assigned units get their territory's colour (or a growth cut part's). */
export function territoryFills(): Map<number, string> {
  const fills = new Map<number, string>();
  const assignment = plan().assignments[plan().activeTeam];
  const territories = activeTerritories();
  if (!assignment) return fills;
  for (let u = 0; u < assignment.length; u++) {
    const k = assignment[u];
    if (k >= 0 && territories[k]) fills.set(u, territories[k].colour);
  }
  if (plan().futureView)
    territories.forEach((t, k) => {
      const cut = t.growthCut;
      if (!cut) return;
      cut.units.forEach((u, i) => {
        if (cut.part[i] > 0 && assignment[u] === k) fills.set(u, futurePartColour(territories, cut.part[i]));
      });
    });
  return fills;
}

/** Repaints every unit of the map from the plan (team switch, colour changes, a new plan). */
export function recolourAll(): void {
  const map = currentMap();
  if (map && plan().colouring === 'territory') map.setUnitFills(territoryFills());
}

function recolourUnits(team: number, units: ArrayLike<number>): void {
  const map = currentMap();
  if (!map || plan().colouring !== 'territory' || team !== plan().activeTeam) return;
  const assignment = plan().assignments[team];
  const territories = activeTerritories();
  map.setUnitColours(units, (u) => (assignment[u] >= 0 ? (territories[assignment[u]]?.colour ?? null) : null));
}

/** Shows the active team's unit locks on the map. */
export function showAllLocks(): void {
  const locks = plan().lockedUnits[plan().activeTeam];
  const map = currentMap();
  if (!locks || !map) return;
  const locked: number[] = [];
  for (let u = 0; u < locks.length; u++) if (locks[u]) locked.push(u);
  map.clearUnitLocks();
  map.setUnitLocks(locked, true);
}

function follow(commit: PlanCommit): void {
  if (commit.kind !== 'stroke' && commit.kind !== 'step') return;
  const { change } = commit;
  // changes of the plan's parts give the store new teams, and the map view repaints everything then
  if (commit.kind === 'step' && (change.parts || change.layers)) return;
  for (const diff of change.diffs) recolourUnits(diff.team, diff.units);
  for (const lock of change.locks ?? [])
    if (lock.team === plan().activeTeam) currentMap()?.setUnitLocks(lock.units, lock.locked);
}

/** Keeps the map's colours and lock marks in step with the plan, writing only the units that changed. */
export function followWithMap(): () => void {
  return subscribe(follow);
}
