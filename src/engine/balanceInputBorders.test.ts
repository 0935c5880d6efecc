import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Level } from '../domain/geography.ts';
import type { Plan, Territory } from '../domain/plan.ts';
import type { LevelGrouping } from '../geo/geoIndex.ts';
import type { UnitBorderLengths } from '../geo/unitBorderLengths.ts';
import { gridGraph } from './balance/testGraphs.ts';
import {
  buildBalanceInput,
  DEFAULT_BALANCE_SETTINGS,
  type BalanceGeography,
  type BalanceSettings,
} from './balanceInput.ts';
import { collapseBorders, expandAssignment, type GraphBorders } from './collapse.ts';
import type { UnitGraph } from './shape.ts';

const W = 9;
const H = 9;
const N = W * H;

/** A 9 x 9 grid of 1 km squares (sides shared with neighbours are 1 km, the grid's edge is coast); counties 3 x 3. */
function gridGeography(): BalanceGeography {
  const graph = gridGraph(W, H);
  const grouping = (level: Level): LevelGrouping => {
    const size = level === 'state' ? 9 : 3;
    const groupOfUnit = Int32Array.from(
      { length: N },
      (_, i) => Math.floor(Math.floor(i / W) / size) * Math.ceil(W / size) + Math.floor((i % W) / size),
    );
    return {
      level,
      groupOfUnit,
      groupIds: [],
      groupNames: [],
      unitOffsets: new Int32Array(0),
      units: new Int32Array(0),
    };
  };
  const borderLengths: UnitBorderLengths = {
    sharedKm: new Float64Array(graph.adjacency.length).fill(1),
    outerKm: Float64Array.from(
      { length: N },
      (_, u) => 4 - (graph.adjacencyOffsets[u + 1] - graph.adjacencyOffsets[u]),
    ),
  };
  return {
    zipUnitCount: N,
    ...graph,
    lon: Float64Array.from({ length: N }, (_, i) => -100 + (i % W) * 0.01),
    lat: Float64Array.from({ length: N }, (_, i) => 40 + Math.floor(i / W) * 0.01),
    areaKm2: new Float64Array(N).fill(1),
    island: new Uint8Array(N),
    resolveZip: () => ({ unit: -1, how: 'unknown-zip' }),
    grouping,
    borderLengths,
  };
}

/** Perimeter of every territory 0..k-1: outer sides of its units plus sides shared with other territories or none. */
function perimeters(graph: UnitGraph, borders: GraphBorders, assignment: Int32Array, k: number): number[] {
  const out = new Array<number>(k).fill(0);
  for (let u = 0; u < graph.unitCount; u++) {
    const t = assignment[u];
    if (t < 0 || t >= k || Number.isNaN(borders.outerKm[u])) continue; // no outline: left out, as in the shapes
    out[t] += borders.outerKm[u];
    for (let p = graph.adjacencyOffsets[u]; p < graph.adjacencyOffsets[u + 1]; p++)
      if (assignment[graph.adjacency[p]] !== t) out[t] += borders.sharedKm[p];
  }
  return out;
}

function planOf(
  assignment: Int32Array,
  k: number,
  lockedTerritory: number,
): Pick<Plan, 'teams' | 'reps' | 'assignments' | 'lockedUnits'> {
  const territories: Territory[] = Array.from({ length: k }, (_, t) => ({
    id: `t${t}`,
    name: `T${t}`,
    colour: '#000000',
    repId: null,
    vacantFrom: '',
    locked: t === lockedTerritory,
  }));
  return {
    teams: [{ id: 'team', name: 'All', conditions: [], territories }],
    reps: [],
    assignments: [assignment],
    lockedUnits: [new Uint8Array(N)],
  };
}

const arbitraryCase = fc.record({
  k: fc.integer({ min: 3, max: 5 }),
  plan: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: N, maxLength: N }),
  proposal: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: N, maxLength: N }),
  lockedTerritory: fc.integer({ min: -1, max: 2 }),
  level: fc.constantFrom<BalanceSettings['level']>('zip5', 'county'),
  floor: fc.constantFrom(0, 0.15, 0.3),
});

describe('buildBalanceInput border lengths', () => {
  it('gives the balancer perimeters equal to those of the plan on the ZIP map, at ZIP and county level', () => {
    const geo = gridGeography();
    const lengths = geo.borderLengths as UnitBorderLengths;
    fc.assert(
      fc.property(arbitraryCase, ({ k, plan, proposal, lockedTerritory, level, floor }) => {
        const assignment = Int32Array.from(plan, (t) => t % k);
        const settings: BalanceSettings = {
          ...DEFAULT_BALANCE_SETTINGS,
          mode: 'rebalance',
          level,
          compactFloor: floor,
        };
        const prepared = buildBalanceInput({
          plan: planOf(assignment, k, lockedTerritory),
          team: 0,
          geo,
          settings,
          mapColumns: { count: new Float64Array(N).fill(1), value: new Float64Array(N).fill(1) },
          ownershipLoads: null,
        });
        if (typeof prepared === 'string') throw new Error(prepared);
        const { input } = prepared;
        const borders = input.borders;
        if (!borders) throw new Error('no borders');
        expect(input.polsbyPopperFloor).toBe(floor);
        expect(borders.sharedKm.length).toBe(input.graph.adjacency.length);
        expect(borders.outerKm.length).toBe(input.graph.unitCount);
        // any answer of the balancer: its territories' perimeters on its own graph equal those on the ZIP map
        const kb = input.territoryCount;
        const answer = Int32Array.from({ length: input.graph.unitCount }, (_, i) =>
          input.locked[i] || !input.eligible[i] ? (input.initial?.[i] ?? -1) : proposal[i % proposal.length] % kb,
        );
        const onUnits = prepared.toUnits(answer);
        // the balancer's territories are the unlocked ones, in order
        const realOf = Array.from({ length: k }, (_, t) => t).filter((t) => t !== lockedTerritory);
        expect(kb).toBe(realOf.length);
        const balancerPerimeters = perimeters(input.graph, borders, answer, kb);
        const mapPerimeters = perimeters(geo, lengths, onUnits, prepared.territoryCount);
        realOf.forEach((real, t) => expect(balancerPerimeters[t]).toBeCloseTo(mapPerimeters[real], 9));
      }),
      { numRuns: 200 },
    );
  });

  it('sets no floor without border lengths', () => {
    const geo = { ...gridGeography(), borderLengths: null };
    const prepared = buildBalanceInput({
      plan: planOf(
        Int32Array.from({ length: N }, (_, u) => u % 3),
        3,
        -1,
      ),
      team: 0,
      geo,
      settings: { ...DEFAULT_BALANCE_SETTINGS, mode: 'rebalance' },
      mapColumns: { count: new Float64Array(N).fill(1), value: new Float64Array(N).fill(1) },
      ownershipLoads: null,
    });
    if (typeof prepared === 'string') throw new Error(prepared);
    expect(prepared.input.borders).toBeNull();
    expect(prepared.input.polsbyPopperFloor).toBe(0);
  });
});

describe('collapseBorders', () => {
  it('sums shared borders between groups and keeps outer borders and borders with ungrouped units outside', () => {
    // a 4 x 2 grid of 1 km squares: groups 0 (columns 0-1), 1 (column 2), column 3 in no group
    const graph = gridGraph(4, 2);
    const outerKm = Float64Array.from(
      { length: 8 },
      (_, u) => 4 - (graph.adjacencyOffsets[u + 1] - graph.adjacencyOffsets[u]),
    );
    const borders = { sharedKm: new Float64Array(graph.adjacency.length).fill(1), outerKm };
    const groupOfUnit = Int32Array.from([0, 0, 1, -1, 0, 0, 1, -1]);
    const groupGraph: UnitGraph = {
      unitCount: 2,
      adjacencyOffsets: Int32Array.of(0, 1, 2),
      adjacency: Int32Array.of(1, 0),
    };
    const g = collapseBorders(graph, borders, groupOfUnit, groupGraph);
    expect(Array.from(g.sharedKm)).toEqual([2, 2]);
    // group 0 is a 2 x 2 square with 2 km towards group 1: 6 km of its own; group 1 is 1 x 2 with 2 km each side
    expect(Array.from(g.outerKm)).toEqual([6, 2 + 2]);
    // a group whose members have no outline has none
    const none = collapseBorders(
      graph,
      { ...borders, outerKm: new Float64Array(8).fill(NaN) },
      groupOfUnit,
      groupGraph,
    );
    expect(Array.from(none.outerKm)).toEqual([NaN, NaN]);
    expect(expandAssignment(Int32Array.of(1, 0), groupOfUnit, null, new Uint8Array(8))[0]).toBe(1);
  });
});
