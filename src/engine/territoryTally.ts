/**
 * Per-unit sums of one team's accounts: columns[c] holds, for every unit, the total of column c
 * (column 0 = account count, 1 = value, then extra metrics), laid out unit-major in one Float64Array.
 */
export interface UnitSums {
  unitCount: number;
  columnCount: number;
  /** unitCount x columnCount, unit-major: sums[u * columnCount + c]. */
  sums: Float64Array;
}

/**
 * Sums a team's accounts into their units. `include` says which accounts belong to the team
 * (null = all); missing values (NaN) count as 0.
 */
export function buildUnitSums(
  unitOfAccount: Int32Array,
  columns: readonly Float64Array[],
  unitCount: number,
  include: Uint8Array | null,
): UnitSums {
  const columnCount = columns.length + 1;
  const sums = new Float64Array(unitCount * columnCount);
  for (let a = 0; a < unitOfAccount.length; a++) {
    const u = unitOfAccount[a];
    if (u < 0 || (include !== null && include[a] === 0)) continue;
    const base = u * columnCount;
    sums[base] += 1;
    for (let c = 0; c < columns.length; c++) {
      const v = columns[c][a];
      if (v === v) sums[base + c + 1] += v;
    }
  }
  return { unitCount, columnCount, sums };
}

/**
 * Territory totals of one team kept in step with its unit assignment: moving a unit adds and
 * subtracts its row (Districtr's Tally), recompute() rebuilds them from scratch. Row K of the
 * totals is the unassigned remainder.
 */
export class TerritoryTally {
  readonly totals: Float64Array;

  constructor(
    readonly unitSums: UnitSums,
    readonly assignment: Int32Array,
    readonly territoryCount: number,
  ) {
    this.totals = new Float64Array((territoryCount + 1) * unitSums.columnCount);
    this.recompute();
  }

  private row(territory: number): number {
    return (territory < 0 ? this.territoryCount : territory) * this.unitSums.columnCount;
  }

  /** Moves one unit to a territory (-1 = unassigned), updating the totals incrementally. */
  move(unit: number, territory: number): void {
    const from = this.assignment[unit];
    if (from === territory) return;
    const { sums, columnCount } = this.unitSums;
    const base = unit * columnCount;
    const rowFrom = this.row(from);
    const rowTo = this.row(territory);
    for (let c = 0; c < columnCount; c++) {
      const v = sums[base + c];
      this.totals[rowFrom + c] -= v;
      this.totals[rowTo + c] += v;
    }
    this.assignment[unit] = territory;
  }

  /** Rebuilds every total from the per-unit sums (used at stroke end to check the incremental path). */
  recompute(): void {
    this.totals.fill(0);
    const { sums, columnCount, unitCount } = this.unitSums;
    for (let u = 0; u < unitCount; u++) {
      const row = this.row(this.assignment[u]);
      const base = u * columnCount;
      for (let c = 0; c < columnCount; c++) this.totals[row + c] += sums[base + c];
    }
  }

  /** Total of one column for a territory (-1 = unassigned). */
  total(territory: number, column: number): number {
    return this.totals[this.row(territory) + column];
  }

  /** One column's totals for territories 0..K-1. */
  column(column: number): Float64Array {
    const out = new Float64Array(this.territoryCount);
    for (let k = 0; k < this.territoryCount; k++) out[k] = this.totals[k * this.unitSums.columnCount + column];
    return out;
  }
}

/**
 * Territory totals straight from the accounts (no per-unit sums), the reference the incremental
 * and per-unit paths are checked against.
 */
export function totalsFromAccounts(
  unitOfAccount: Int32Array,
  columns: readonly Float64Array[],
  include: Uint8Array | null,
  assignment: Int32Array,
  territoryCount: number,
): Float64Array {
  const columnCount = columns.length + 1;
  const totals = new Float64Array((territoryCount + 1) * columnCount);
  for (let a = 0; a < unitOfAccount.length; a++) {
    const u = unitOfAccount[a];
    if (u < 0 || (include !== null && include[a] === 0)) continue;
    const k = assignment[u];
    const row = (k < 0 ? territoryCount : k) * columnCount;
    totals[row] += 1;
    for (let c = 0; c < columns.length; c++) {
      const v = columns[c][a];
      if (v === v) totals[row + c + 1] += v;
    }
  }
  return totals;
}
