/** What painting may not change. */
export interface PaintRules {
  /** 1 for units locked against painting. */
  lockedUnits: Uint8Array;
  /** 1 for locked territories: their units neither leave nor join them. */
  lockedTerritories: Uint8Array;
  /** Only units that belong to no territory may be painted. */
  onlyUnassigned: boolean;
}

/** One undoable change of a team's assignment: each unit's territory before and after. */
export interface AssignmentDiff {
  team: number;
  units: Int32Array;
  from: Int32Array;
  to: Int32Array;
}

/** The units of a candidate list that painting them into `territory` would really change, under the rules. */
export function paintableUnits(
  assignment: Int32Array,
  candidates: ArrayLike<number>,
  territory: number,
  rules: PaintRules,
): Int32Array {
  if (territory >= 0 && rules.lockedTerritories[territory]) return new Int32Array(0);
  const out: number[] = [];
  for (let i = 0; i < candidates.length; i++) {
    const u = candidates[i];
    const current = assignment[u];
    if (current === territory || rules.lockedUnits[u]) continue;
    if (current >= 0 && (rules.onlyUnassigned || rules.lockedTerritories[current])) continue;
    out.push(u);
  }
  return Int32Array.from(out);
}

/** Applies a diff forwards (redo) or backwards (undo) to an assignment. */
export function applyDiff(assignment: Int32Array, diff: AssignmentDiff, direction: 'forward' | 'backward'): void {
  const values = direction === 'forward' ? diff.to : diff.from;
  for (let i = 0; i < diff.units.length; i++) assignment[diff.units[i]] = values[i];
}

/** Collects the moves of one stroke into a single diff (a unit painted twice keeps its first "from"). */
export class StrokeRecorder {
  private readonly from = new Map<number, number>();
  private readonly to = new Map<number, number>();

  constructor(readonly team: number) {}

  record(unit: number, before: number, after: number): void {
    if (!this.from.has(unit)) this.from.set(unit, before);
    this.to.set(unit, after);
  }

  /** The stroke as a diff, without units that ended where they started. */
  finish(): AssignmentDiff {
    const units: number[] = [];
    const from: number[] = [];
    const to: number[] = [];
    for (const [u, before] of this.from) {
      const after = this.to.get(u) as number;
      if (after === before) continue;
      units.push(u);
      from.push(before);
      to.push(after);
    }
    return { team: this.team, units: Int32Array.from(units), from: Int32Array.from(from), to: Int32Array.from(to) };
  }
}

/** Territory indices after deleting territory `removed`: later territories shift down, its units become unassigned. */
export function removeTerritoryFromAssignment(assignment: Int32Array, removed: number): AssignmentDiff & { team: -1 } {
  const units: number[] = [];
  const from: number[] = [];
  const to: number[] = [];
  for (let u = 0; u < assignment.length; u++) {
    const k = assignment[u];
    if (k < removed) continue;
    units.push(u);
    from.push(k);
    to.push(k === removed ? -1 : k - 1);
  }
  return { team: -1, units: Int32Array.from(units), from: Int32Array.from(from), to: Int32Array.from(to) };
}
