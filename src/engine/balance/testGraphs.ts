/** Graphs, plans and a ready state for the balancer's unit tests (not used by the app). */
import { seededRandom } from '../../domain/random.ts';
import { territoryPieces } from '../shape.ts';
import { LeaveCheck } from './contiguity.ts';
import { RunControl } from './control.ts';
import { anchoredCoordinates } from './initialPlan.ts';
import { BalanceState } from './state.ts';
import type { BalanceInput } from './types.ts';
import type { UnitGraph } from '../shape.ts';
import { blendWeights, unitTotals } from './weights.ts';

/** A w x h grid of units with 4-neighbour adjacency (up, left, right, down), unit i at column i % w, row i / w. */
export function gridGraph(w: number, h: number): UnitGraph {
  const n = w * h;
  const offsets = new Int32Array(n + 1);
  const adjacency: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = i % w;
    const y = Math.floor(i / w);
    if (y > 0) adjacency.push(i - w);
    if (x > 0) adjacency.push(i - 1);
    if (x < w - 1) adjacency.push(i + 1);
    if (y < h - 1) adjacency.push(i + w);
    offsets[i + 1] = adjacency.length;
  }
  return { unitCount: n, adjacencyOffsets: offsets, adjacency: Int32Array.from(adjacency) };
}

/**
 * A w x h grid with 4-neighbour adjacency, some diagonals (share `diagonal`) and some units cut out
 * (share `holes`: no edges, not eligible), random loads in two columns.
 */
export function gridInput(w: number, h: number, seed: number, diagonal = 0, holes = 0): BalanceInput {
  const n = w * h;
  const random = seededRandom(seed);
  const hole = Uint8Array.from({ length: n }, () => (random() < holes ? 1 : 0));
  const edges = Array.from({ length: n }, () => new Set<number>());
  const link = (i: number, j: number): void => {
    if (hole[i] || hole[j]) return;
    edges[i].add(j);
    edges[j].add(i);
  };
  for (let i = 0; i < n; i++) {
    const x = i % w;
    const y = Math.floor(i / w);
    if (x < w - 1) link(i, i + 1);
    if (y < h - 1) link(i, i + w);
    if (x < w - 1 && y < h - 1 && random() < diagonal) link(i, i + w + 1);
    if (x > 0 && y < h - 1 && random() < diagonal) link(i, i + w - 1);
  }
  const offsets = new Int32Array(n + 1);
  const adjacency: number[] = [];
  for (let i = 0; i < n; i++) {
    adjacency.push(...Array.from(edges[i]).sort((a, b) => a - b));
    offsets[i + 1] = adjacency.length;
  }
  return {
    graph: { unitCount: n, adjacencyOffsets: offsets, adjacency: Int32Array.from(adjacency) },
    x: Float64Array.from({ length: n }, (_, i) => i % w),
    y: Float64Array.from({ length: n }, (_, i) => Math.floor(i / w)),
    area: Float64Array.from({ length: n }, () => 0.5 + random()),
    columns: [
      Float64Array.from({ length: n }, () => 1 + Math.floor(random() * 10)),
      Float64Array.from({ length: n }, () => Math.round(Math.exp(8 + random() * 2))),
    ],
    columnWeights: [0.5, 0.5],
    territoryCount: 3,
    eligible: Uint8Array.from(hole, (v) => 1 - v),
    initial: null,
    locked: new Uint8Array(n),
    tolerance: 0.05,
    contiguity: true,
    compactnessWeight: 0,
    disruptionBudget: null,
    island: null,
    seeds: null,
    seed: 1,
    timeBudgetMs: 400,
  };
}

/** Any labels 0..k-1 on eligible units (-1 elsewhere): territories in many pieces. */
export function randomPlan(input: BalanceInput, k: number, seed: number): Int32Array {
  const random = seededRandom(seed);
  return Int32Array.from(input.eligible, (e) => (e ? Math.floor(random() * k) : -1));
}

/**
 * Contiguous territories grown from k random seeds, one unit at a time for the smallest; units the
 * seeds do not reach (other components) stay -1.
 */
export function blobPlan(input: BalanceInput, k: number, seed: number): Int32Array {
  const { graph } = input;
  const n = graph.unitCount;
  const random = seededRandom(seed);
  const plan = new Int32Array(n).fill(-1);
  const frontier: number[][] = [];
  const candidates = Array.from({ length: n }, (_, u) => u).filter((u) => input.eligible[u]);
  for (let t = 0; t < k && candidates.length; t++) {
    const u = candidates.splice(Math.floor(random() * candidates.length), 1)[0];
    plan[u] = t;
    frontier.push([u]);
  }
  for (let grown = true; grown;) {
    grown = false;
    for (let t = 0; t < frontier.length; t++) {
      const f = frontier[t];
      while (f.length) {
        const u = f[Math.floor(random() * f.length)];
        let next = -1;
        for (let p = graph.adjacencyOffsets[u]; p < graph.adjacencyOffsets[u + 1]; p++)
          if (plan[graph.adjacency[p]] === -1 && input.eligible[graph.adjacency[p]]) next = graph.adjacency[p];
        if (next < 0) {
          f.splice(f.indexOf(u), 1);
          continue;
        }
        plan[next] = t;
        f.push(next);
        grown = true;
        break;
      }
    }
  }
  return plan;
}

/** Pieces per territory. */
export function pieces(input: BalanceInput, plan: Int32Array): number[] {
  return Array.from(territoryPieces(input.graph, plan, input.territoryCount));
}

/** A fake clock: each call advances `step` ms. */
export function fakeClock(step = 0.05): () => number {
  let t = 0;
  return () => (t += step);
}

/** The balancer's state over `plan` (copied), with its leave check and a run control on a fake clock. */
export function setup(
  input: BalanceInput,
  plan: Int32Array,
): { state: BalanceState; leave: LeaveCheck; control: RunControl } {
  const n = input.graph.unitCount;
  const eligible: number[] = [];
  for (let u = 0; u < n; u++) if (input.eligible[u] && !input.locked[u]) eligible.push(u);
  const weight = blendWeights(input, unitTotals(input));
  const state = new BalanceState(
    input,
    Int32Array.from(plan),
    weight,
    anchoredCoordinates(input),
    Int32Array.from(eligible),
  );
  const control = new RunControl({ now: fakeClock() }, input.timeBudgetMs);
  return { state, leave: new LeaveCheck(state), control };
}

/** Every unit locked with probability `share`. */
export function randomLocks(n: number, share: number, seed: number): Uint8Array {
  const random = seededRandom(seed);
  return Uint8Array.from({ length: n }, () => (random() < share ? 1 : 0));
}
