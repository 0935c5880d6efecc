import { newId } from '../domain/ids.ts';
import type { GrowthCut } from '../domain/plan.ts';
import { activateGrowthCutChange } from '../engine/planOps.ts';
import { usePlan } from '../store/planStore.ts';
import { useWorkspace } from '../store/workspaceStore.ts';
import { runBalance } from '../worker/balanceClient.ts';
import { buildGrowthCutInput } from '../engine/balanceInput.ts';
import { commit, planDocument } from './editor.ts';
import { engineCall } from './engineLink.ts';
import { editPlanParts } from './planCommands.ts';

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
  const columns = await engineCall('teamUnitColumns', team);
  const { count, value } = columns;
  const prepared = buildGrowthCutInput({ plan: p, team, index, parts, geo, columns, tolerance: p.tolerance });
  if (typeof prepared === 'string') return prepared;
  const { units } = prepared;
  const running = runBalance(prepared.input, () => {});
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
  editPlanParts(`Plan growth cut of ${territory.name}`, (p) => (p.teams[team].territories[index].growthCut = cut));
  return null;
}

/** Removes a planned cut (one undo step). */
export function removeGrowthCut(index: number): void {
  const team = usePlan.getState().activeTeam;
  const t = usePlan.getState().teams[team]?.territories[index];
  if (!t?.growthCut) return;
  editPlanParts(`Remove growth cut of ${t.name}`, (p) => delete p.teams[team].territories[index].growthCut);
}

/** Activates a planned cut: its parts 1.. become vacant territories starting on the hire date. One undo step. */
export function activateGrowthCut(index: number): void {
  const p = usePlan.getState();
  const team = p.activeTeam;
  const t = p.teams[team]?.territories[index];
  if (!t?.growthCut) return;
  const ids = Array.from({ length: t.growthCut.parts - 1 }, () => newId('t'));
  const change = activateGrowthCutChange(planDocument(), team, index, ids);
  if (typeof change === 'string') return useWorkspace.getState().setNotice(change);
  commit(`Activate growth cut of ${t.name}`, change);
}
