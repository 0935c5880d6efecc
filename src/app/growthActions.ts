import { TERRITORY_COLOURS, type GrowthCut, type Territory } from '../domain/plan.ts';
import type { AssignmentDiff } from '../engine/paint.ts';
import { usePlan } from '../store/planStore.ts';
import { useWorkspace } from '../store/workspaceStore.ts';
import { runBalance } from '../worker/balanceClient.ts';
import { projectedCentres } from '../geo/projection.ts';
import { applyPlanChange, engineCall } from './planActions.ts';

/**
 * Plans a growth cut: the auto-balancer splits the territory's own units into `parts` contiguous,
 * balanced pieces; the piece with the rep's home ZIP (else the largest) stays with the rep. Stored on
 * the territory as one undo step; nothing is reassigned until the cut is activated.
 */
export async function planGrowthCut(index: number, parts: number, hireDate: string): Promise<string | null> {
  const ws = useWorkspace.getState();
  const p = usePlan.getState();
  const team = p.activeTeam;
  const territory = p.teams[team]?.territories[index];
  if (!ws.assets || !territory) return 'No such territory.';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(hireDate)) return 'Choose the planned hire date.';
  const { geo } = ws.assets;
  const assignment = p.assignments[team];
  const eligible = new Uint8Array(geo.unitCount);
  const units: number[] = [];
  for (let u = 0; u < assignment.length; u++)
    if (assignment[u] === index) {
      eligible[u] = 1;
      units.push(u);
    }
  if (units.length < parts) return `${territory.name} has too few ZIP areas to split in ${parts}.`;
  const { count, value } = await engineCall('teamUnitColumns', team);
  const centres = projectedCentres(geo.lon, geo.lat);
  const running = runBalance(
    {
      graph: { unitCount: geo.unitCount, adjacencyOffsets: geo.adjacencyOffsets, adjacency: geo.adjacency },
      x: centres.x,
      y: centres.y,
      area: geo.areaKm2,
      columns: [count, value],
      columnWeights: [0.5, 0.5],
      territoryCount: parts,
      eligible,
      initial: null,
      locked: new Uint8Array(geo.unitCount),
      tolerance: p.tolerance,
      contiguity: true,
      compactnessWeight: 0.2,
      disruptionBudget: null,
      island: geo.island,
      seeds: null,
      seed: 1,
      timeBudgetMs: 800,
    },
    () => {},
  );
  const result = await running.result;
  if (!result) return 'The growth cut was cancelled.';
  const partOf = units.map((u) => Math.max(0, result.assignment[u]));
  const accounts = new Array<number>(parts).fill(0);
  const values = new Array<number>(parts).fill(0);
  units.forEach((u, i) => {
    accounts[partOf[i]] += count[u];
    values[partOf[i]] += value[u];
  });
  // the rep keeps the part with their home ZIP, else the largest by accounts
  const rep = p.reps.find((r) => r.id === territory.repId);
  const home = rep?.homeZip ? geo.resolveZip(rep.homeZip).unit : -1;
  const homeIndex = home >= 0 ? units.indexOf(home) : -1;
  const keep = homeIndex >= 0 ? partOf[homeIndex] : accounts.indexOf(Math.max(...accounts));
  const relabel = (part: number): number => (part === keep ? 0 : part < keep ? part + 1 : part);
  const order = [keep, ...Array.from({ length: parts }, (_, j) => j).filter((j) => j !== keep)];
  const cut: GrowthCut = {
    hireDate,
    parts,
    units,
    part: partOf.map(relabel),
    accounts: order.map((i) => accounts[i]),
    value: order.map((i) => values[i]),
  };
  applyPlanChange(
    `Plan growth cut of ${territory.name}`,
    (teams) => (teams[team].territories[index].growthCut = cut),
    [],
  );
  return null;
}

/** Removes a planned cut (one undo step). */
export function removeGrowthCut(index: number): void {
  const team = usePlan.getState().activeTeam;
  const t = usePlan.getState().teams[team]?.territories[index];
  if (!t?.growthCut) return;
  applyPlanChange(`Remove growth cut of ${t.name}`, (teams) => delete teams[team].territories[index].growthCut, []);
}

/** Activates a planned cut: its parts 1.. become vacant territories starting on the hire date. One undo step. */
export function activateGrowthCut(index: number): void {
  const p = usePlan.getState();
  const team = p.activeTeam;
  const territories = p.teams[team]?.territories ?? [];
  const t = territories[index];
  const cut = t?.growthCut;
  if (!t || !cut) return;
  const assignment = p.assignments[team];
  const used = new Set(territories.map((x) => x.colour));
  const free = TERRITORY_COLOURS.filter((c) => !used.has(c));
  const added: Territory[] = Array.from({ length: cut.parts - 1 }, (_, i) => ({
    id: `t-${Date.now().toString(36)}-${i}`,
    name: `${t.name} ${String.fromCharCode(66 + i)}`,
    colour: free[i] ?? TERRITORY_COLOURS[(territories.length + i) % TERRITORY_COLOURS.length],
    repId: null,
    vacantFrom: cut.hireDate,
    locked: false,
  }));
  const units: number[] = [];
  const from: number[] = [];
  const to: number[] = [];
  cut.units.forEach((u, i) => {
    // units painted elsewhere since the cut was planned stay where they are
    if (cut.part[i] === 0 || assignment[u] !== index) return;
    units.push(u);
    from.push(index);
    to.push(territories.length + cut.part[i] - 1);
  });
  const diff: AssignmentDiff = {
    team,
    units: Int32Array.from(units),
    from: Int32Array.from(from),
    to: Int32Array.from(to),
  };
  applyPlanChange(
    `Activate growth cut of ${t.name}`,
    (teams) => {
      delete teams[team].territories[index].growthCut;
      teams[team].territories.push(...added);
    },
    [diff],
  );
}
