/**
 * Plans how much load each border should pass so that every territory ends inside [lo, hi]: a min-cost
 * flow on the territory adjacency graph where every unit of load pays once per border it crosses (that
 * is what moves disrupt). Territories above hi must send their excess, territories below lo must
 * receive their deficit (both forced by a large negative cost), any territory may send down to lo or
 * receive up to hi. `capacity[a * k + b]` bounds what a can pass to b (0 = not neighbours); `cost` is
 * per unit of load and border (default 1). Successive shortest paths (Bellman-Ford, so the reverse
 * arcs' negative costs are fine) while a path still lowers the cost. Returns net flow[a * k + b] >= 0.
 */
export function planTransfers(
  k: number,
  load: ArrayLike<number>,
  lo: number,
  hi: number,
  capacity: ArrayLike<number>,
  cost: ArrayLike<number> | null = null,
): Float64Array {
  const source = k;
  const sink = k + 1;
  const from: number[] = [];
  const to: number[] = [];
  const cap: number[] = [];
  const price: number[] = [];
  const arc = (a: number, b: number, c: number, p: number): void => {
    if (!(c > 0)) return;
    from.push(a, b);
    to.push(b, a);
    cap.push(c, 0);
    price.push(p, -p);
  };
  const forced = 1e6;
  for (let a = 0; a < k; a++)
    for (let b = 0; b < k; b++)
      if (a !== b && capacity[a * k + b] > 0) arc(a, b, capacity[a * k + b], cost ? cost[a * k + b] : 1);
  // optional sending and receiving is free towards the middle of the band and costs half a border beyond
  // it, so that receivers are not all filled to the brim (which would leave no room for later fixes)
  const mid = (lo + hi) / 2;
  for (let t = 0; t < k; t++) {
    const l = load[t];
    const excess = Math.max(0, l - hi);
    const deficit = Math.max(0, lo - l);
    arc(source, t, excess, -forced);
    arc(source, t, Math.max(0, Math.min(l, hi) - Math.max(mid, lo)), 0);
    arc(source, t, Math.max(0, Math.min(l, mid) - lo), 0.5);
    arc(t, sink, deficit, -forced);
    arc(t, sink, Math.max(0, Math.min(hi, mid) - Math.max(l, lo)), 0);
    arc(t, sink, Math.max(0, hi - Math.max(l, mid)), 0.5);
  }
  const m = from.length;
  const first = new Int32Array(k + 2).fill(-1);
  const next = new Int32Array(m);
  for (let e = 0; e < m; e++) {
    next[e] = first[from[e]];
    first[from[e]] = e;
  }
  const residual = Float64Array.from(cap);
  const eps = 1e-12 * Math.max(Math.abs(hi), 1);
  const dist = new Float64Array(k + 2);
  const via = new Int32Array(k + 2);
  const inQueue = new Uint8Array(k + 2);
  const queue: number[] = [];
  for (let iteration = 0; iteration < 4 * m + 10; iteration++) {
    dist.fill(Infinity);
    via.fill(-1);
    dist[source] = 0;
    queue.length = 0;
    queue.push(source);
    inQueue.fill(0);
    inQueue[source] = 1;
    for (let head = 0; head < queue.length; head++) {
      const u = queue[head];
      inQueue[u] = 0;
      for (let e = first[u]; e >= 0; e = next[e]) {
        if (residual[e] <= eps) continue;
        const v = to[e];
        const d = dist[u] + price[e];
        if (d < dist[v] - 1e-9) {
          dist[v] = d;
          via[v] = e;
          if (!inQueue[v]) {
            inQueue[v] = 1;
            queue.push(v);
          }
        }
      }
      if (queue.length > 64 * (k + 2) * (k + 2)) break; // cannot happen without a negative cycle; be safe
    }
    if (!(dist[sink] < -1e-9)) break;
    let amount = Infinity;
    for (let v = sink; v !== source; v = from[via[v]]) amount = Math.min(amount, residual[via[v]]);
    for (let v = sink; v !== source; v = from[via[v]]) {
      residual[via[v]] -= amount;
      residual[via[v] ^ 1] += amount;
    }
  }
  const flow = new Float64Array(k * k);
  for (let e = 0; e < m; e += 2) {
    const a = from[e];
    const b = to[e];
    if (a >= k || b >= k) continue;
    flow[a * k + b] += cap[e] - residual[e];
  }
  for (let a = 0; a < k; a++)
    for (let b = a + 1; b < k; b++) {
      const net = flow[a * k + b] - flow[b * k + a];
      flow[a * k + b] = Math.max(0, net);
      flow[b * k + a] = Math.max(0, -net);
    }
  return flow;
}
