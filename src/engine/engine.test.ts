import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildUnitSums, TerritoryTally, totalsFromAccounts } from './territoryTally.ts';
import { balanceMetrics } from './metrics.ts';
import { territoryCompactness, territoryPieces, type UnitGraph } from './shape.ts';

const arbitraryInstance = fc
  .record({ units: fc.integer({ min: 1, max: 30 }), territories: fc.integer({ min: 1, max: 6 }) })
  .chain(({ units, territories }) =>
    fc.record({
      units: fc.constant(units),
      territories: fc.constant(territories),
      accounts: fc.array(
        fc.record({
          unit: fc.integer({ min: -1, max: units - 1 }),
          value: fc.oneof(fc.integer({ min: 0, max: 10_000_000 }), fc.constant(NaN)),
          seats: fc.integer({ min: 0, max: 500 }),
          inTeam: fc.boolean(),
        }),
        { maxLength: 200 },
      ),
      moves: fc.array(
        fc.record({ unit: fc.integer({ min: 0, max: units - 1 }), to: fc.integer({ min: -1, max: territories - 1 }) }),
        { maxLength: 100 },
      ),
    }),
  );

describe('TerritoryTally', () => {
  it('incremental totals equal a full recompute and the totals straight from accounts, for every column', () => {
    fc.assert(
      fc.property(arbitraryInstance, ({ units, territories, accounts, moves }) => {
        const unitOfAccount = Int32Array.from(accounts, (a) => a.unit);
        const columns = [Float64Array.from(accounts, (a) => a.value), Float64Array.from(accounts, (a) => a.seats)];
        const include = Uint8Array.from(accounts, (a) => (a.inTeam ? 1 : 0));
        const sums = buildUnitSums(unitOfAccount, columns, units, include);
        const tally = new TerritoryTally(sums, new Int32Array(units).fill(-1), territories);
        for (const m of moves) tally.move(m.unit, m.to);
        const incremental = Float64Array.from(tally.totals);
        tally.recompute();
        expect(Array.from(incremental)).toEqual(Array.from(tally.totals));
        const reference = totalsFromAccounts(unitOfAccount, columns, include, tally.assignment, territories);
        expect(Array.from(reference)).toEqual(Array.from(tally.totals));
      }),
      { numRuns: 300 },
    );
  });

  it('undoing moves in reverse restores identical arrays', () => {
    fc.assert(
      fc.property(arbitraryInstance, ({ units, territories, accounts, moves }) => {
        const unitOfAccount = Int32Array.from(accounts, (a) => a.unit);
        const sums = buildUnitSums(unitOfAccount, [Float64Array.from(accounts, (a) => a.seats)], units, null);
        const tally = new TerritoryTally(sums, new Int32Array(units).fill(-1), territories);
        const beforeTotals = Float64Array.from(tally.totals);
        const beforeAssignment = Int32Array.from(tally.assignment);
        const undo: [number, number][] = [];
        for (const m of moves) {
          undo.push([m.unit, tally.assignment[m.unit]]);
          tally.move(m.unit, m.to);
        }
        for (let i = undo.length - 1; i >= 0; i--) tally.move(undo[i][0], undo[i][1]);
        expect(Array.from(tally.assignment)).toEqual(Array.from(beforeAssignment));
        expect(Array.from(tally.totals)).toEqual(Array.from(beforeTotals));
      }),
    );
  });

  it('keeps count in column 0 and reports the unassigned remainder', () => {
    const sums = buildUnitSums(Int32Array.of(0, 0, 1, 2), [Float64Array.of(5, 7, 11, 13)], 3, null);
    const tally = new TerritoryTally(sums, Int32Array.of(0, 1, -1), 2);
    expect(tally.total(0, 0)).toBe(2);
    expect(tally.total(0, 1)).toBe(12);
    expect(tally.total(1, 1)).toBe(11);
    expect(tally.total(-1, 1)).toBe(13);
    expect(Array.from(tally.column(1))).toEqual([12, 11]);
  });
});

describe('balanceMetrics', () => {
  it('matches hand-computed values', () => {
    // totals 80, 100, 120: mean 100, deviations -20%, 0, +20%
    const m = balanceMetrics(Float64Array.of(80, 100, 120), 0.1);
    expect(m.mean).toBe(100);
    expect(Array.from(m.deviation)).toEqual([-0.2, 0, 0.2]);
    expect(m.maxDeviation).toBeCloseTo(0.2);
    expect(m.maxMinRatio).toBe(1.5);
    expect(m.coefficientOfVariation).toBeCloseTo(Math.sqrt(800 / 3) / 100, 12);
    // |80-100|+|80-120|+|100-120| = 80, doubled for ordered pairs = 160; / (2 * 9 * 100)
    expect(m.gini).toBeCloseTo(160 / 1800, 12);
    expect(m.insideBand).toBe(1);
    expect(m.score).toBe(Math.round(100 * (1 - Math.sqrt(800 / 3) / 100)));
  });
  it('handles equal, empty and zero totals', () => {
    expect(balanceMetrics(Float64Array.of(5, 5), 0.05)).toMatchObject({
      score: 100,
      gini: 0,
      insideBand: 2,
      maxMinRatio: 1,
    });
    expect(balanceMetrics(Float64Array.of(0, 10), 0.1).maxMinRatio).toBe(Infinity);
    expect(balanceMetrics(new Float64Array(0), 0.1).score).toBe(100);
    expect(balanceMetrics(Float64Array.of(0, 0), 0.1).insideBand).toBe(2);
  });
});

/** A path graph 0-1-2-...-(n-1). */
function pathGraph(n: number): UnitGraph {
  const offsets = new Int32Array(n + 1);
  const adjacency: number[] = [];
  for (let u = 0; u < n; u++) {
    if (u > 0) adjacency.push(u - 1);
    if (u < n - 1) adjacency.push(u + 1);
    offsets[u + 1] = adjacency.length;
  }
  return { unitCount: n, adjacencyOffsets: offsets, adjacency: Int32Array.from(adjacency) };
}

describe('territoryPieces', () => {
  it('counts separate pieces on a path', () => {
    const g = pathGraph(7);
    // territory 0: units 0,1 and 4 (two pieces); territory 1: 2,3 (one); 5 unassigned; territory 2: 6
    expect(Array.from(territoryPieces(g, Int32Array.of(0, 0, 1, 1, 0, -1, 2), 4))).toEqual([2, 1, 1, 0]);
  });
  it('counts a ring as one piece and a split ring as two', () => {
    const n = 6;
    const offsets = Int32Array.from({ length: n + 1 }, (_, i) => 2 * i);
    const adjacency = Int32Array.from({ length: 2 * n }, (_, i) => {
      const u = Math.floor(i / 2);
      return i % 2 === 0 ? (u + n - 1) % n : (u + 1) % n;
    });
    const ring = { unitCount: n, adjacencyOffsets: offsets, adjacency };
    expect(Array.from(territoryPieces(ring, new Int32Array(n), 1))).toEqual([1]);
    expect(Array.from(territoryPieces(ring, Int32Array.of(0, 0, 0, 1, 1, 0), 2))).toEqual([1, 1]); // wraps around
    expect(Array.from(territoryPieces(ring, Int32Array.of(0, 1, 0, 0, 1, 0), 2))).toEqual([2, 2]);
  });
});

describe('territoryCompactness', () => {
  it('scores a compact block above a long line of the same units', () => {
    const lon: number[] = [];
    const lat: number[] = [];
    for (let i = 0; i < 5; i++)
      for (let j = 0; j < 5; j++) {
        lon.push(i * 0.1);
        lat.push(j * 0.1);
      }
    for (let i = 0; i < 25; i++) {
      lon.push(10 + i * 0.1);
      lat.push(0);
    }
    const area = new Float64Array(50).fill(100);
    const assignment = Int32Array.from({ length: 50 }, (_, i) => (i < 25 ? 0 : 1));
    const c = territoryCompactness(Float64Array.from(lon), Float64Array.from(lat), area, assignment, 3, 50);
    expect(c[0]).toBeGreaterThan(0.7);
    expect(c[1]).toBeLessThan(0.3);
    expect(c[2]).toBeNaN();
  });
});

describe('painting rules and stroke diffs', () => {
  const rules = (over: Partial<import('./paint.ts').PaintRules> = {}) => ({
    lockedUnits: new Uint8Array(6),
    lockedTerritories: new Uint8Array(3),
    onlyUnassigned: false,
    ...over,
  });
  it('skips locked units, locked territories and (optionally) assigned units', async () => {
    const { paintableUnits } = await import('./paint.ts');
    const assignment = Int32Array.of(-1, 0, 1, 1, -1, 2);
    expect(Array.from(paintableUnits(assignment, [0, 1, 2, 3, 4, 5], 1, rules()))).toEqual([0, 1, 4, 5]);
    expect(Array.from(paintableUnits(assignment, [0, 1, 4], 1, rules({ onlyUnassigned: true })))).toEqual([0, 4]);
    expect(
      Array.from(paintableUnits(assignment, [0, 4], 1, rules({ lockedUnits: Uint8Array.of(1, 0, 0, 0, 0, 0) }))),
    ).toEqual([4]);
    expect(
      Array.from(paintableUnits(assignment, [1, 5], 1, rules({ lockedTerritories: Uint8Array.of(0, 0, 1) }))),
    ).toEqual([1]);
    expect(
      Array.from(paintableUnits(assignment, [0], 2, rules({ lockedTerritories: Uint8Array.of(0, 0, 1) }))),
    ).toEqual([]);
  });
  it('records one diff per stroke that undoes and redoes exactly', async () => {
    const { StrokeRecorder, applyDiff, removeTerritoryFromAssignment } = await import('./paint.ts');
    const assignment = Int32Array.of(-1, 0, 1, 1);
    const before = Int32Array.from(assignment);
    const stroke = new StrokeRecorder(0);
    for (const [u, to] of [
      [0, 1],
      [1, 1],
      [0, 2],
      [3, 1],
    ] as const) {
      stroke.record(u, assignment[u], to);
      assignment[u] = to;
    }
    const diff = stroke.finish();
    expect(Array.from(diff.units)).toEqual([0, 1]); // unit 3 stayed in territory 1
    const after = Int32Array.from(assignment);
    applyDiff(assignment, diff, 'backward');
    expect(assignment).toEqual(before);
    applyDiff(assignment, diff, 'forward');
    expect(assignment).toEqual(after);
    const removal = removeTerritoryFromAssignment(Int32Array.of(0, 1, 2, -1), 1);
    const a = Int32Array.of(0, 1, 2, -1);
    applyDiff(a, removal, 'forward');
    expect(Array.from(a)).toEqual([0, -1, 1, -1]);
  });
});

describe('PlanEngine on the bundled sample', () => {
  it('splits teams, paints, verifies at stroke end and matches totals from the file', async () => {
    const { loadGeoIndexFromDisk } = await import('../geo/loadGeoNode.ts');
    const { importAccountsFromBytes } = await import('../io/importAccounts.ts');
    const { readFileSync } = await import('node:fs');
    const { PlanEngine } = await import('./planEngine.ts');
    const geo = loadGeoIndexFromDisk();
    const { table } = importAccountsFromBytes(readFileSync('data/sample-accounts.csv'), geo, 'sample.csv');
    const engine = new PlanEngine();
    engine.setGeography({
      unitCount: geo.unitCount,
      adjacencyOffsets: geo.adjacencyOffsets,
      adjacency: geo.adjacency,
      lon: geo.lon,
      lat: geo.lat,
      areaKm2: geo.areaKm2,
    });
    engine.loadAccounts({
      unit: table.unit,
      employees: table.employees,
      value: table.value,
      metrics: [],
      columnNames: ['AnnualRevenue'],
      categories: table.categories,
    });
    const sizes = engine.setTeams([[{ field: 'employees', op: '>=', value: 1000 }], []], 0.1);
    expect(sizes[0]).toBe(Array.from(table.employees).filter((e) => e >= 1000).length);
    expect(sizes[0] + sizes[1]).toBe(table.count);
    engine.setAssignment(1, new Int32Array(geo.unitCount).fill(-1), 2);
    const ca = geo.unitsInSameGroup('state', geo.unitOf('94105'));
    const tx = geo.unitsInSameGroup('state', geo.unitOf('75201'));
    engine.applyMoves(1, ca, 0);
    engine.applyMoves(1, tx, 1);
    const report = engine.endStroke(1);
    expect(report.verified).toBe(true);
    expect(report.pieces[1]).toBe(1); // Texas is one piece
    let caCount = 0;
    let caValue = 0;
    const inCa = new Set(ca);
    for (let a = 0; a < table.count; a++)
      if (inCa.has(table.unit[a]) && !(table.employees[a] >= 1000)) {
        caCount++;
        if (Number.isFinite(table.value[a])) caValue += table.value[a];
      }
    expect(report.totals[0]).toBe(caCount);
    expect(report.totals[1]).toBe(caValue);
  });
});
