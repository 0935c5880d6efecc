import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Level } from '../domain/geography.ts';
import type { Plan, Territory } from '../domain/plan.ts';
import type { LevelGrouping } from '../geo/geoIndex.ts';
import { autoBalance } from './balance.ts';
import {
  buildBalanceInput,
  buildGrowthCutInput,
  DEFAULT_BALANCE_SETTINGS,
  type BalanceGeography,
  type BalanceSettings,
} from './balanceInput.ts';
import type { BalanceLoads } from './planEngine.ts';
import { gridGraph } from './balance/testGraphs.ts';
import {
  activateGrowthCutChange,
  applyChange,
  balanceProposalChange,
  deleteTerritoryChange,
  mergeTerritoriesChange,
  splitTerritoryChange,
  type PlanDocument,
} from './planOps.ts';
import { DEFAULT_OWNERSHIP } from '../domain/plan.ts';

/**
 * A w x h grid geography (ZIP areas only), counties of 3 x 3 cells and states of 6 x 6, with
 * 4-neighbour adjacency and a few diagonals: small enough for many random plans, shaped like the
 * real one for the balance input builder (levels, islands, centres in degrees).
 */
function gridGeography(w: number, h: number): BalanceGeography {
  const n = w * h;
  const { adjacencyOffsets, adjacency } = gridGraph(w, h);
  const groupings = new Map<Level, LevelGrouping>();
  const grouping = (level: Level): LevelGrouping => {
    const size = level === 'state' ? 6 : 3;
    const cached = groupings.get(level);
    if (cached) return cached;
    const across = Math.ceil(w / size);
    const groupOfUnit = Int32Array.from(
      { length: n },
      (_, i) => Math.floor(Math.floor(i / w) / size) * across + Math.floor((i % w) / size),
    );
    const made = {
      level,
      groupOfUnit,
      groupIds: [],
      groupNames: [],
      unitOffsets: new Int32Array(0),
      units: new Int32Array(0),
    };
    groupings.set(level, made);
    return made;
  };
  return {
    unitCount: n,
    zipUnitCount: n,
    adjacencyOffsets,
    adjacency,
    lon: Float64Array.from({ length: n }, (_, i) => -100 + (i % w) * 0.2),
    lat: Float64Array.from({ length: n }, (_, i) => 40 + Math.floor(i / w) * 0.15),
    areaKm2: new Float64Array(n).fill(250),
    island: new Uint8Array(n),
    resolveZip: (zip: string) => ({ unit: Number(zip) < n ? Number(zip) : -1, note: '' }) as never,
    grouping,
  };
}

/** A random plan on the grid: territories grown from seeds, some unassigned cells, locks. */
interface RandomPlan {
  w: number;
  h: number;
  seeds: number[];
  lockedTerritories: boolean[];
  lockedCells: number[];
  holes: number[];
  counts: number[];
}

const randomPlan: fc.Arbitrary<RandomPlan> = fc
  .record({ w: fc.integer({ min: 8, max: 14 }), h: fc.integer({ min: 6, max: 10 }), k: fc.integer({ min: 2, max: 5 }) })
  .chain(({ w, h, k }) =>
    fc.record({
      w: fc.constant(w),
      h: fc.constant(h),
      seeds: fc.uniqueArray(fc.nat(w * h - 1), { minLength: k, maxLength: k }),
      lockedTerritories: fc.array(fc.boolean(), { minLength: k, maxLength: k }),
      lockedCells: fc.array(fc.nat(w * h - 1), { maxLength: 8 }),
      holes: fc.array(fc.nat(w * h - 1), { maxLength: 6 }),
      counts: fc.array(fc.integer({ min: 0, max: 12 }), { minLength: w * h, maxLength: w * h }),
    }),
  );

/** The plan document of a random plan: every cell joins its nearest seed's territory (holes stay unassigned). */
function planOf(r: RandomPlan): PlanDocument {
  const n = r.w * r.h;
  const assignment = Int32Array.from({ length: n }, (_, i) => {
    let best = 0;
    let bestD = Infinity;
    r.seeds.forEach((s, t) => {
      const d = ((s % r.w) - (i % r.w)) ** 2 + (Math.floor(s / r.w) - Math.floor(i / r.w)) ** 2;
      if (d < bestD) [best, bestD] = [t, d];
    });
    return best;
  });
  for (const hole of r.holes) if (!r.seeds.includes(hole)) assignment[hole] = -1;
  const locks = new Uint8Array(n);
  for (const c of r.lockedCells) locks[c] = 1;
  const territories: Territory[] = r.seeds.map((_, t) => ({
    id: `t${t}`,
    name: `Territory ${t + 1}`,
    colour: '#000000',
    repId: null,
    vacantFrom: '',
    locked: r.lockedTerritories[t],
  }));
  return {
    teams: [{ id: 'team', name: 'All', conditions: [], territories }],
    reps: [],
    namedAccounts: [],
    ownership: DEFAULT_OWNERSHIP,
    rulesOfEngagement: '',
    assignments: [assignment],
    lockedUnits: [locks],
  };
}

/** Per unit, the id of its territory ('' = none): indices shift when territories are added or merged, ids do not. */
function territoryIds(doc: PlanDocument): string[] {
  const territories = doc.teams[0].territories;
  return Array.from(doc.assignments[0], (t) => (t >= 0 ? territories[t].id : ''));
}

/** Locked units keep their territory and every locked territory keeps exactly its units. */
function expectLocksHeld(before: PlanDocument, after: PlanDocument): void {
  const was = territoryIds(before);
  const is = territoryIds(after);
  const lockedIds = new Set(before.teams[0].territories.filter((t) => t.locked).map((t) => t.id));
  for (let u = 0; u < was.length; u++) {
    if (before.lockedUnits[0][u]) expect(is[u], `locked unit ${u}`).toBe(was[u]);
    if (lockedIds.has(was[u]) || lockedIds.has(is[u])) expect(is[u], `unit ${u} of a locked territory`).toBe(was[u]);
  }
  expect(after.teams[0].territories.filter((t) => t.locked).map((t) => t.id)).toEqual([...lockedIds]);
}

/** A fake clock: runs are reproducible whatever the machine's speed. */
function fakeClock(): () => number {
  let t = 0;
  return () => (t += 0.05);
}

/** Protected-account loads as the engine reports them: a third of each cell's accounts stay with their rep. */
function loadsOf(doc: PlanDocument, counts: Float64Array): BalanceLoads {
  const k = doc.teams[0].territories.length;
  const baseCount = new Float64Array(k);
  const movableCount = Float64Array.from(counts);
  doc.assignments[0].forEach((t, u) => {
    if (t < 0) return;
    const kept = Math.floor(counts[u] / 3);
    baseCount[t] += kept;
    movableCount[u] -= kept;
  });
  return {
    movableCount,
    movableValue: Float64Array.from(movableCount, (c) => c * 1000),
    baseCount,
    baseValue: Float64Array.from(baseCount, (c) => c * 1000),
    moveCost: new Float32Array(counts.length),
    protectedAccounts: baseCount.reduce((a, b) => a + b, 0),
  };
}

/** Runs auto-balance as the app does: the shared input builder, the balancer, the proposal mapped back, Apply. */
function balanceAndApply(doc: PlanDocument, geo: BalanceGeography, counts: Float64Array, settings: BalanceSettings) {
  const plan: Pick<Plan, 'teams' | 'reps' | 'assignments' | 'lockedUnits'> = doc;
  const loads = settings.keepProtected && settings.mode !== 'create' ? loadsOf(doc, counts) : null;
  const prepared = buildBalanceInput({
    plan,
    team: 0,
    geo,
    settings,
    mapColumns: { count: counts, value: Float64Array.from(counts, (c) => c * 1000) },
    ownershipLoads: loads,
  });
  if (typeof prepared === 'string') return null;
  const raw = autoBalance({ ...prepared.input, timeBudgetMs: 60 }, { now: fakeClock() });
  const proposal = prepared.toUnits(raw.assignment);
  const existing = doc.teams[0].territories.length;
  const ids = Array.from({ length: Math.max(0, prepared.territoryCount - existing) }, (_, i) => `new${i}`);
  const change = balanceProposalChange(doc, 0, proposal, prepared.territoryCount, ids);
  return { proposal, territoryCount: prepared.territoryCount, after: applyChange(structuredClone(doc), change) };
}

const settingsArb = fc.record({
  mode: fc.constantFrom('rebalance' as const, 'create' as const, 'grow' as const),
  level: fc.constantFrom('zip5' as const, 'county' as const, 'state' as const),
  territories: fc.integer({ min: 2, max: 6 }),
  newReps: fc.integer({ min: 1, max: 2 }),
  keepProtected: fc.boolean(),
  seed: fc.nat(5),
});

describe('locks hold on every path (random plans with locked units and territories)', () => {
  it('auto-balance: the proposal and its Apply never change a locked unit or a locked territory', () => {
    fc.assert(
      fc.property(randomPlan, settingsArb, (r, s) => {
        const geo = gridGeography(r.w, r.h);
        const doc = planOf(r);
        const counts = Float64Array.from(r.counts);
        const settings: BalanceSettings = { ...DEFAULT_BALANCE_SETTINGS, ...s, avoidEngaged: false };
        const run = balanceAndApply(doc, geo, counts, settings);
        if (!run) return; // the builder refused with a sentence (e.g. every territory locked)
        // the proposal itself, as previewed, already keeps the locks
        const proposed: PlanDocument = {
          ...doc,
          teams: run.after.teams,
          assignments: [run.proposal],
        };
        expectLocksHeld(doc, proposed);
        expectLocksHeld(doc, run.after);
        // and it is what Apply does: no unit the proposal places is left behind
        expect(Array.from(run.after.assignments[0])).toEqual(Array.from(run.proposal));
      }),
      { numRuns: 150, seed: 15 },
    );
  });

  it('split, merge, delete and growth cuts never change a locked unit or a locked territory', () => {
    fc.assert(
      fc.property(
        randomPlan,
        fc.nat(4),
        fc.nat(4),
        fc.array(fc.nat(200), { maxLength: 40 }),
        fc.integer({ min: 2, max: 3 }),
        (r, a, b, cut, parts) => {
          const geo = gridGeography(r.w, r.h);
          const doc = planOf(r);
          const k = doc.teams[0].territories.length;
          const counts = Float64Array.from(r.counts);
          const changes = [
            splitTerritoryChange(doc, 0, a % k, cut, 'split'),
            mergeTerritoriesChange(doc, 0, a % k, b % k),
            deleteTerritoryChange(doc, 0, b % k),
          ];
          const grow = buildGrowthCutInput({
            plan: doc,
            team: 0,
            index: a % k,
            parts,
            geo,
            columns: { count: counts, value: counts },
            tolerance: 0.1,
          });
          if (typeof grow !== 'string') {
            const result = autoBalance({ ...grow.input, timeBudgetMs: 40 }, { now: fakeClock() });
            const withCut = structuredClone(doc);
            withCut.teams[0].territories[a % k].growthCut = {
              hireDate: '2027-01-01',
              parts,
              units: grow.units,
              part: grow.units.map((u) => Math.max(0, result.assignment[u])),
              accounts: [],
              value: [],
            };
            // the cut itself puts locked units in the part the rep keeps
            grow.units.forEach((u) => {
              if (doc.lockedUnits[0][u]) expect(result.assignment[u]).toBeLessThan(0);
            });
            changes.push(activateGrowthCutChange(withCut, 0, a % k, ['g1', 'g2']));
          } else if (doc.teams[0].territories[a % k].locked) expect(grow).toMatch(/is locked/);
          for (const change of changes) {
            if (typeof change === 'string') continue;
            expectLocksHeld(doc, applyChange(structuredClone(doc), change));
          }
        },
      ),
      { numRuns: 300, seed: 15 },
    );
  });
});
