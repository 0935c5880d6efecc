import type { BalanceInput } from './types.ts';

/** Gives every piece of a territory except its largest to the neighbouring territory it touches most. */
export function repairContiguity(
  input: Pick<BalanceInput, 'graph' | 'locked'>,
  assignment: Int32Array,
  weight: Float64Array,
): void {
  const { graph } = input;
  const n = graph.unitCount;
  for (let round = 0; round < 20; round++) {
    const component = new Int32Array(n).fill(-1);
    const componentWeight: number[] = [];
    const componentTerritory: number[] = [];
    const stack: number[] = [];
    for (let s = 0; s < n; s++) {
      if (component[s] >= 0 || assignment[s] < 0) continue;
      const id = componentWeight.length;
      componentWeight.push(0);
      componentTerritory.push(assignment[s]);
      component[s] = id;
      stack.push(s);
      while (stack.length) {
        const u = stack.pop() as number;
        componentWeight[id] += weight[u] + 1e-6;
        for (let p = graph.adjacencyOffsets[u]; p < graph.adjacencyOffsets[u + 1]; p++) {
          const v = graph.adjacency[p];
          if (component[v] < 0 && assignment[v] === assignment[u]) {
            component[v] = id;
            stack.push(v);
          }
        }
      }
    }
    const largest = new Map<number, number>();
    componentWeight.forEach((w, id) => {
      const t = componentTerritory[id];
      const cur = largest.get(t);
      if (cur === undefined || w > componentWeight[cur]) largest.set(t, id);
    });
    let changed = false;
    for (let id = 0; id < componentWeight.length; id++) {
      if (largest.get(componentTerritory[id]) === id) continue;
      const touches = new Map<number, number>();
      for (let u = 0; u < n; u++) {
        if (component[u] !== id) continue;
        for (let p = graph.adjacencyOffsets[u]; p < graph.adjacencyOffsets[u + 1]; p++) {
          const t = assignment[graph.adjacency[p]];
          if (t >= 0 && t !== componentTerritory[id]) touches.set(t, (touches.get(t) ?? 0) + 1);
        }
      }
      let target = -1;
      for (const [t, c] of touches) if (target < 0 || c > (touches.get(target) ?? 0)) target = t;
      if (target < 0) continue;
      let movable = true;
      for (let u = 0; u < n; u++) if (component[u] === id && input.locked[u]) movable = false;
      if (!movable) continue;
      for (let u = 0; u < n; u++) if (component[u] === id) assignment[u] = target;
      changed = true;
    }
    if (!changed) return;
  }
}
