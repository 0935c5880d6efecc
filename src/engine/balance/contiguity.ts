/** What the check reads of a plan under search: BalanceState, or a coarse level of the multilevel balancer. */
export interface LeaveGraph {
  readonly n: number;
  readonly size: Int32Array;
  readonly offsets: Int32Array;
  readonly adjacency: Int32Array;
  readonly assignment: Int32Array;
  readonly input: { readonly contiguity: boolean };
  movable(u: number): boolean;
}

/**
 * Whether units can leave their territory without cutting it in two, on scratch arrays reused for
 * every check (a check runs for nearly every move the search makes).
 */
export class LeaveCheck {
  /** After `pockets`: u first, then the units of its pockets (`groupSize` of them in all). */
  readonly group: Int32Array;
  groupSize = 0;
  private readonly state: LeaveGraph;
  private readonly label: Int32Array;
  private readonly mark: Int32Array;
  private stamp = 0;
  private readonly queue: Int32Array;
  private readonly parent = new Int32Array(64);
  private readonly frontier = new Int32Array(64);
  private readonly pocketSeen: Int32Array;
  private pocketStamp = 0;
  private readonly pocketQueue: Int32Array;

  constructor(state: LeaveGraph) {
    const n = state.n;
    this.state = state;
    this.label = new Int32Array(n);
    this.mark = new Int32Array(n);
    this.queue = new Int32Array(n);
    this.pocketSeen = new Int32Array(n);
    this.pocketQueue = new Int32Array(n);
    this.group = new Int32Array(n);
  }

  private root(l: number): number {
    const parent = this.parent;
    while (parent[l] !== l) l = parent[l] = parent[parent[l]];
    return l;
  }

  /**
   * May u leave territory a without cutting a in two? Breadth-first from all of u's neighbours in a at
   * once, each search labelled; searches that meet merge. True as soon as all have merged; false as soon
   * as one runs out of units without meeting the others, so a small pocket is settled in a few steps
   * however large the rest of the territory is. Searches that wander too far count as unsafe, and a
   * territory's last unit never leaves.
   */
  canLeave(u: number, a: number): boolean {
    const { state, label, mark, queue, parent, frontier } = this;
    if (state.size[a] <= 1) return false;
    if (!state.input.contiguity) return true;
    const { offsets, adjacency, assignment } = state;
    const stamp = ++this.stamp;
    mark[u] = stamp;
    let head = 0;
    let tail = 0;
    let groups = 0;
    for (let p = offsets[u]; p < offsets[u + 1]; p++) {
      const v = adjacency[p];
      if (assignment[v] !== a || mark[v] === stamp) continue;
      if (groups === parent.length) return false; // a hub with very many neighbours: do not risk it
      mark[v] = stamp;
      label[v] = groups;
      parent[groups] = groups;
      frontier[groups] = 1;
      groups++;
      queue[tail++] = v;
    }
    // a unit with no neighbour in its territory is a stray piece: letting it go can only help
    if (groups <= 1) return true;
    let apart = groups;
    let steps = 0;
    while (head < tail) {
      const w = queue[head++];
      if (++steps > 3000) return false; // too far around: treat as unsafe
      const r = this.root(label[w]);
      frontier[r]--;
      for (let p = offsets[w]; p < offsets[w + 1]; p++) {
        const v = adjacency[p];
        if (v === u || assignment[v] !== a) continue;
        if (mark[v] !== stamp) {
          mark[v] = stamp;
          label[v] = r;
          frontier[r]++;
          queue[tail++] = v;
          continue;
        }
        const r2 = this.root(label[v]);
        if (r2 === r) continue;
        parent[r2] = r;
        frontier[r] += frontier[r2];
        if (--apart === 1) return true;
      }
      if (frontier[this.root(r)] === 0) return false;
    }
    return false;
  }

  /**
   * The units that must go with u when u leaves a: small pockets of a (at most `limit` units, e.g. ZIP
   * areas enclosed by u) that only reach the rest of a through u. Fills `group` with u and its pockets
   * and returns true when u can leave with them (alone when there are none); false when u holds a
   * together (or a pocket cannot move).
   */
  pockets(u: number, a: number, limit: number): boolean {
    const { state, group, pocketSeen, pocketQueue } = this;
    this.groupSize = 0;
    group[this.groupSize++] = u;
    if (this.canLeave(u, a)) return true;
    if (!state.input.contiguity) return false;
    const { offsets, adjacency, assignment } = state;
    const pocketStamp = ++this.pocketStamp;
    pocketSeen[u] = pocketStamp;
    let big = false;
    for (let p = offsets[u]; p < offsets[u + 1]; p++) {
      const t = adjacency[p];
      if (assignment[t] !== a || pocketSeen[t] === pocketStamp) continue;
      // flood from t; a pocket is a flood that ends before `limit` units
      let queued = 0;
      pocketQueue[queued++] = t;
      pocketSeen[t] = pocketStamp;
      let open = false;
      for (let head = 0; head < queued; head++) {
        if (queued > limit) {
          open = true;
          break;
        }
        const w = pocketQueue[head];
        for (let q = offsets[w]; q < offsets[w + 1]; q++) {
          const v = adjacency[q];
          if (assignment[v] !== a || pocketSeen[v] === pocketStamp) continue;
          pocketSeen[v] = pocketStamp;
          pocketQueue[queued++] = v;
        }
      }
      if (open) {
        big = true;
        // the flood stopped early: its unvisited frontier must stay open for the next targets' floods
        for (let i = 0; i < queued; i++) pocketSeen[pocketQueue[i]] = 0;
        for (let i = 0; i < this.groupSize; i++) pocketSeen[group[i]] = pocketStamp;
      } else {
        for (let i = 0; i < queued; i++) if (!state.movable(pocketQueue[i])) return false;
        for (let i = 0; i < queued; i++) group[this.groupSize++] = pocketQueue[i];
      }
    }
    const size = this.groupSize;
    if (!big || size === 1) return false;
    // with the pockets gone too, the rest of a must still hang together around u
    for (let i = 1; i < size; i++) assignment[group[i]] = -2;
    const ok = this.canLeave(u, a);
    for (let i = 1; i < size; i++) assignment[group[i]] = a;
    return ok;
  }
}
