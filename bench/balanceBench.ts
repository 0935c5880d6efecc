import loadHighs from 'highs';
import { loadGeoIndexFromDisk } from '../src/geo/loadGeoNode.ts';
import { normal, seededRandom, weightedSampler } from '../src/domain/random.ts';
import { autoBalance, type BalanceInput, type BalanceResult } from '../src/engine/balance.ts';
import type { UnitGraph } from '../src/engine/shape.ts';
import type { GeoIndex } from '../src/geo/geoIndex.ts';
import { projectedCentres } from '../src/geo/projection.ts';
import type { BenchResults } from './results.ts';
import { seedNewTerritories } from '../src/engine/growth.ts';
import { readGeoFile } from '../src/geo/loadGeoNode.ts';
import { packBorders, type BordersFile } from '../src/geo/borders.ts';
import { unitBorderLengths } from '../src/geo/unitBorderLengths.ts';
import {
  planShapeSummary,
  territoryShapes,
  type PlanShapeSummary,
  type ShapeGeometry,
} from '../src/engine/shapeMeasures.ts';
import { territoryPieces } from '../src/engine/shape.ts';
import type { Topology } from 'topojson-specification';
import { ensureGpmetis, maxDeviation, runGpmetis } from './metis.ts';

/** The real unit graph with 1,000,000 synthetic accounts summed per unit (count, value). */
export function balanceInstance(geo: GeoIndex, accounts = 1_000_000, seed = 5) {
  const random = seededRandom(seed);
  const count = new Float64Array(geo.unitCount);
  const value = new Float64Array(geo.unitCount);
  // denser where ZIP areas are small (metros), like the sample generator
  const weights = Float64Array.from({ length: geo.zipUnitCount }, (_, u) =>
    Math.pow(Math.max(geo.areaKm2[u], 1.5), -0.85),
  );
  const sampleUnit = weightedSampler(weights, random);
  for (let a = 0; a < accounts; a++) {
    const lo = sampleUnit();
    count[lo] += 1;
    value[lo] += Math.round(Math.exp(12 + 1.2 * normal(random)));
  }
  const { x, y } = projectedCentres(geo.lon, geo.lat);
  return { count, value, x, y };
}

export function baseInput(geo: GeoIndex, inst: ReturnType<typeof balanceInstance>, k: number): BalanceInput {
  const eligible = new Uint8Array(geo.unitCount);
  for (let u = 0; u < geo.zipUnitCount; u++) eligible[u] = 1;
  return {
    graph: geo,
    x: inst.x,
    y: inst.y,
    area: geo.areaKm2,
    columns: [inst.count, inst.value],
    columnWeights: [0.5, 0.5],
    territoryCount: k,
    eligible,
    initial: null,
    locked: new Uint8Array(geo.unitCount),
    tolerance: 0.03,
    contiguity: true,
    compactnessWeight: 0,
    disruptionBudget: null,
    island: geo.island,
    seeds: null,
    seed: 1,
    timeBudgetMs: 1800,
  };
}

/**
 * The least share of `load` any contiguous rebalance of `assignment` into the band must move, when load
 * can only change territory across a border and pays once per border it crosses: a min-cost flow (LP,
 * HiGHS) on the territory adjacency graph. The simple bound (sum of excess over the band) ignores that
 * territories far from any room must pass their excess through their neighbours.
 */
export async function transportBound(
  graph: UnitGraph,
  assignment: Int32Array,
  load: Float64Array,
  k: number,
  tolerance: number,
): Promise<number> {
  const l = new Float64Array(k);
  const edges = new Set<number>();
  let total = 0;
  for (let u = 0; u < graph.unitCount; u++) {
    const a = assignment[u];
    if (a < 0) continue;
    l[a] += load[u];
    total += load[u];
    for (let p = graph.adjacencyOffsets[u]; p < graph.adjacencyOffsets[u + 1]; p++) {
      const b = assignment[graph.adjacency[p]];
      if (b >= 0 && b !== a) edges.add(a * k + b);
    }
  }
  const mu = total / k;
  const list = Array.from(edges).sort((a, b) => a - b);
  const lines = ['Minimize', ` obj: ${list.map((e) => `f${e}`).join(' + ') || '0 f0'}`, 'Subject To'];
  for (let t = 0; t < k; t++) {
    const terms = list.flatMap((e) => (Math.floor(e / k) === t ? [`- f${e}`] : e % k === t ? [`+ f${e}`] : []));
    if (!terms.length) continue;
    lines.push(` lo${t}: ${terms.join(' ')} >= ${(1 - tolerance - l[t] / mu).toFixed(9)}`);
    lines.push(` hi${t}: ${terms.join(' ')} <= ${(1 + tolerance - l[t] / mu).toFixed(9)}`);
  }
  lines.push('End');
  const highs = await loadHighs();
  const solution = highs.solve(lines.join('\n'));
  return solution.Status === 'Optimal' ? (solution.ObjectiveValue * mu) / total : NaN;
}

/** Value (column 1) share moved by a rebalance of `initial` after `drifted` changed the loads, with its bounds. */
async function rebalanceRun(
  geo: GeoIndex,
  drifted: ReturnType<typeof balanceInstance>,
  initial: Int32Array,
  borders: { sharedKm: Float64Array; outerKm: Float64Array },
): Promise<{ result: BalanceResult; simpleBound: number; transport: number }> {
  const load = new Float64Array(50);
  let total = 0;
  for (let u = 0; u < geo.unitCount; u++)
    if (initial[u] >= 0) {
      load[initial[u]] += drifted.value[u];
      total += drifted.value[u];
    }
  let excess = 0;
  for (const l of load) excess += Math.max(0, l - (1.05 * total) / 50);
  // as the app runs it: border lengths given, no territory below min(0.15, its own start)
  const result = autoBalance({
    ...baseInput(geo, drifted, 50),
    initial,
    tolerance: 0.05,
    borders,
    polsbyPopperFloor: 0.15,
  });
  const transport = await transportBound(geo, initial, drifted.value, 50, 0.05);
  return { result, simpleBound: excess / total, transport };
}

/**
 * A year of selling on a balanced plan: each territory's accounts gain or lose value by a factor of
 * its own (x0.8-1.3, as reps grow their books at different rates) and it gains or loses accounts by
 * half as much (plus or minus 3%).
 */
export function territoryDrift(
  inst: ReturnType<typeof balanceInstance>,
  plan: Int32Array,
  k: number,
  seed: number,
): ReturnType<typeof balanceInstance> {
  const random = seededRandom(seed);
  const valueFactor = Float64Array.from({ length: k }, () => 0.8 + random() * 0.5);
  const countFactor = Float64Array.from(valueFactor, (f) => 1 + 0.5 * (f - 1) + (random() - 0.5) * 0.06);
  const scale = (column: Float64Array, factor: Float64Array): Float64Array<ArrayBuffer> =>
    Float64Array.from(column, (v, u) => (plan[u] >= 0 ? v * factor[plan[u]] : v));
  return { ...inst, count: scale(inst.count, countFactor), value: scale(inst.value, valueFactor) };
}

/** The geometry the shape measures need, from the built geography on disk. */
export function shapeGeometry(geo: GeoIndex): ShapeGeometry {
  const topology = readGeoFile<Topology>('zip-areas.topo.json');
  const borders = packBorders(readGeoFile<BordersFile>('borders.json'));
  const { unitCount, adjacencyOffsets, adjacency, areaKm2, lon, lat, island } = geo;
  const lengths = unitBorderLengths(geo, topology, borders, geo.countyOfUnit);
  return { unitCount, adjacencyOffsets, adjacency, areaKm2, lon, lat, island, ...lengths };
}

const round3 = (v: number): number => Math.round(v * 1000) / 1000;

/** "median 0.41, min 0.28, 0 corridors" for a note. */
function shapeNote(s: PlanShapeSummary): string {
  return `Polsby-Popper median ${round3(s.medianPolsbyPopper)}, min ${round3(s.minPolsbyPopper)}, ${s.corridorTerritories} territories with a one-ZIP corridor, max reach ${Math.round(s.maxReach * 100) / 100}`;
}

/**
 * Tessera's cut edges and shapes at K next to gpmetis's on the same graph and columns (the yardstick
 * of issue 16: METIS with -contig -ufactor=30); without gpmetis only Tessera's figures.
 */
export function metisYardstick(
  geo: GeoIndex,
  shapes: ShapeGeometry,
  input: BalanceInput,
  tessera: BalanceResult,
  gpmetis: ReturnType<typeof ensureGpmetis>,
  measured: string,
): BenchResults {
  const pct = (v: number): number => Math.round(v * 1000) / 10;
  const k = input.territoryCount;
  const [count, value] = input.columns;
  const own = planShapeSummary(territoryShapes(shapes, tessera.assignment, k));
  const graphNote = 'edges of the ZIP graph (virtual island edges included) whose ends are in different territories';
  const out: BenchResults = {
    [`balance.k${k}_cut_edges`]: {
      value: own.cutEdges,
      unit: 'edges',
      measured,
      note: `Tessera autoBalance (multilevel compact start), ${graphNote}; ${shapeNote(own)}`,
    },
    [`balance.k${k}_polsby_popper_median`]: {
      value: round3(own.medianPolsbyPopper),
      unit: 'score',
      measured,
      note: 'Tessera autoBalance: 4 pi A / P^2 of each dissolved territory outline (true areas and lengths), median',
    },
    [`balance.k${k}_polsby_popper_min`]: {
      value: round3(own.minPolsbyPopper),
      unit: 'score',
      measured,
      note: 'Tessera autoBalance: the least compact territory',
    },
  };
  if (!('path' in gpmetis)) return out;
  // gpmetis's cut varies by half with its random seed: the run with the median cut of five seeds
  const runs = [1, 2, 3, 4, 5]
    .map((seed) =>
      runGpmetis(gpmetis.path, geo, input.eligible, [count, value], k, ['-contig', '-ufactor=30', `-seed=${seed}`]),
    )
    .sort((a, b) => a.reportedCut - b.reportedCut);
  const run = runs[2];
  const metis = planShapeSummary(territoryShapes(shapes, run.assignment, k));
  // the same graph on both sides: gpmetis's own count of its cut must be the shape measure's
  if (run.reportedCut !== metis.cutEdges)
    throw new Error(`gpmetis reports ${run.reportedCut} cut edges, the shape measures count ${metis.cutEdges}`);
  const countDev = maxDeviation(run.assignment, count, k);
  const valueDev = maxDeviation(run.assignment, value, k);
  const pieces = territoryPieces(geo, run.assignment, k).filter((p) => p !== 1).length;
  const how = `gpmetis ${run.options.join(' ')} (median cut of seeds 1-5: ${runs.map((r) => r.reportedCut).join(', ')}), 2 constraints (accounts, value), same graph, ${run.seconds.toFixed(2)} s`;
  const goal = k === 50 ? 1 : 1.25;
  return {
    ...out,
    [`balance.k${k}_metis_cut_edges`]: {
      value: metis.cutEdges,
      unit: 'edges',
      measured,
      note: `${how}; the cut as gpmetis counts it; count / value max dev ${pct(countDev)}% / ${pct(valueDev)}%; ${pieces} territories not in one piece; ${shapeNote(metis)}`,
    },
    [`balance.k${k}_metis_max_dev_pct`]: {
      value: pct(Math.max(countDev, valueDev)),
      unit: '%',
      measured,
      note: `${how}; count ${pct(countDev)}%, value ${pct(valueDev)}%`,
    },
    [`balance.k${k}_metis_polsby_popper_median`]: {
      value: round3(metis.medianPolsbyPopper),
      unit: 'score',
      measured,
      note: `${how}; median over territories`,
    },
    [`balance.k${k}_metis_polsby_popper_min`]: {
      value: round3(metis.minPolsbyPopper),
      unit: 'score',
      measured,
      note: `${how}; the least compact territory`,
    },
    [`balance.k${k}_cut_ratio_vs_metis`]: {
      value: Math.round((own.cutEdges / metis.cutEdges) * 100) / 100,
      unit: 'x',
      measured,
      note: `Tessera ${own.cutEdges} / METIS ${metis.cutEdges} cut edges; Tessera within ${pct(Math.max(...tessera.maxDeviation))}%, METIS ${pct(Math.max(countDev, valueDev))}%; goal <= ${goal}`,
    },
  };
}

/** Auto-balance from nothing on the real ZIP graph (K = 50 and K = 200), rebalances after drifts, growth. */
export async function balanceSuite(measured: string): Promise<BenchResults> {
  const geo = loadGeoIndexFromDisk();
  const inst = balanceInstance(geo);
  const shapes = shapeGeometry(geo);
  // as the app runs it: border lengths given (corridors are widened), floor 0.15 for rebalances
  const borders = { sharedKm: shapes.sharedKm, outerKm: shapes.outerKm };
  const k50 = autoBalance({ ...baseInput(geo, inst, 50), borders });
  const k200Input = { ...baseInput(geo, inst, 200), tolerance: 0.05, borders };
  const k200 = autoBalance(k200Input);
  const gpmetis = ensureGpmetis();
  if (!('path' in gpmetis)) console.log(gpmetis.skipped);
  const yardsticks = {
    ...metisYardstick(geo, shapes, baseInput(geo, inst, 50), k50, gpmetis, measured),
    ...metisYardstick(geo, shapes, k200Input, k200, gpmetis, measured),
  };
  // the shape measures run at every stroke end in the app: time them on the K = 200 plan
  const shapeTimes: number[] = [];
  for (let run = 0; run < 21; run++) {
    const start = performance.now();
    territoryShapes(shapes, k200.assignment, 200);
    shapeTimes.push(performance.now() - start);
  }
  shapeTimes.sort((a, b) => a - b);
  const minPolsbyPopper = (r: BalanceResult, k: number): number =>
    planShapeSummary(territoryShapes(shapes, r.assignment, k)).minPolsbyPopper;
  const pct = (v: number): number => Math.round(v * 1000) / 10;
  const west = (a: Float64Array): Float64Array<ArrayBuffer> =>
    Float64Array.from(a, (v, u) => (geo.lon[u] < -100 ? v * 1.6 : v));

  // rebalance after a year of selling (five drifts): value moved against the ALGORITHMS.md bound
  const yearRuns: Awaited<ReturnType<typeof rebalanceRun>>[] = [];
  for (let s = 1; s <= 5; s++)
    yearRuns.push(await rebalanceRun(geo, territoryDrift(inst, k50.assignment, 50, s), k50.assignment, shapes));
  const yearRatios = yearRuns.map((r) => r.result.moved[1] / r.simpleBound);
  const middle = yearRuns[yearRatios.indexOf([...yearRatios].sort((a, b) => a - b)[2])];
  // a regional drift: accounts (count and value) grow 60% west of 100°W, a quarter of the ZIP areas;
  // territories far from the line must pass their excess through their neighbours
  const grown = await rebalanceRun(
    geo,
    { ...inst, count: west(inst.count), value: west(inst.value) },
    k50.assignment,
    shapes,
  );
  const startMin = minPolsbyPopper(k50, 50);
  const yearMins = yearRuns.map((r) => minPolsbyPopper(r.result, 50));

  // growth from 50 to 55 territories, new ones carved from the heaviest
  const countLoad = new Float64Array(50);
  for (let u = 0; u < geo.unitCount; u++) if (k50.assignment[u] >= 0) countLoad[k50.assignment[u]] += inst.count[u];
  const seeded = seedNewTerritories(
    geo,
    inst.x,
    inst.y,
    k50.assignment,
    countLoad,
    50,
    5,
    new Uint8Array(geo.unitCount),
    geo.island,
    inst.count,
  );
  const growth = autoBalance({
    ...baseInput(geo, inst, 55),
    initial: seeded,
    tolerance: 0.05,
    borders,
    polsbyPopperFloor: 0.15,
  });
  const growthBound = 5 / 55;
  // the new territories' share can only reach them through their neighbours
  const growthTransport = await transportBound(geo, seeded, inst.count, 55, 0.05);
  const note = `real ZIP graph (${geo.zipUnitCount.toLocaleString('en-US')} ZIP areas), 1,000,000 synthetic accounts, Node, one thread`;
  return {
    ...yardsticks,
    'balance.shape_measures_ms': {
      value: Math.round(shapeTimes[10] * 10) / 10,
      unit: 'ms',
      measured,
      note: `median of 21 (slowest ${shapeTimes[20].toFixed(1)}); territoryShapes on the K=200 plan, ${geo.unitCount.toLocaleString('en-US')} units: Polsby-Popper, cut edges, reach and corridors; Node, one thread`,
    },
    'balance.rebalance_min_polsby_popper': {
      value: round3(Math.min(...yearMins)),
      unit: 'score',
      measured,
      note: `lowest over the 5 year-of-selling rebalances (${yearMins.map(round3).join(', ')}) of each result's least compact territory; the K=50 plan they start from: ${round3(startMin)}; after the regional drift: ${round3(minPolsbyPopper(grown.result, 50))}; goal >= min(start, 0.15)`,
    },
    'balance.k50_seconds': { value: Math.round(k50.elapsedMs) / 1000, unit: 's', measured, note: `${note}; goal < 2` },
    'balance.k50_count_max_dev_pct': { value: pct(k50.maxDeviation[0]), unit: '%', measured, note: 'goal <= 3' },
    'balance.k50_value_max_dev_pct': { value: pct(k50.maxDeviation[1]), unit: '%', measured, note: 'goal <= 3' },
    'balance.k50_contiguous': {
      value: k50.contiguous ? 1 : 0,
      unit: 'bool',
      measured,
      note: 'every territory one piece',
    },
    'balance.k200_seconds': {
      value: Math.round(k200.elapsedMs) / 1000,
      unit: 's',
      measured,
      note: `${note}; goal < 2`,
    },
    'balance.rebalance_value_moved_ratio': {
      value: Math.round(yearRatios.slice().sort((a, b) => a - b)[2] * 100) / 100,
      unit: 'x',
      measured,
      note: `median of 5 drifts (${yearRatios.map((r) => r.toFixed(2)).join(', ')}); value moved / lower bound sum max(0, L - 1.05 mean) / total after a year of selling (each territory's value x0.8-1.3, accounts half as much), K=50, count and value within 5%; median run: moved ${pct(middle.result.moved[1])}% / bound ${pct(middle.simpleBound)}% (transport minimum ${pct(middle.transport)}%), within ${pct(Math.max(...middle.result.maxDeviation))}%, contiguous ${middle.result.contiguous}, ${Math.round(middle.result.elapsedMs)} ms; goal <= 2`,
    },
    'balance.rebalance_regional_value_moved_ratio': {
      value: Math.round((grown.result.moved[1] / grown.simpleBound) * 100) / 100,
      unit: 'x',
      measured,
      note: `value moved ${pct(grown.result.moved[1])}% / lower bound ${pct(grown.simpleBound)}% after +60% accounts (count and value) west of 100°W, K=50, within ${pct(Math.max(...grown.result.maxDeviation))}%, contiguous ${grown.result.contiguous}, ${Math.round(grown.result.elapsedMs)} ms; the transport minimum is ${Math.round((grown.transport / grown.simpleBound) * 100) / 100}x this bound`,
    },
    'balance.rebalance_regional_transport_ratio': {
      value: Math.round((grown.result.moved[1] / grown.transport) * 100) / 100,
      unit: 'x',
      measured,
      note: `value moved ${pct(grown.result.moved[1])}% / territory-graph transport minimum ${pct(grown.transport)}% (each unit of value pays once per border it crosses; the least a rebalance into the band moves when load only passes between neighbours)`,
    },
    'balance.growth_disruption_ratio': {
      value: Math.round((growth.moved[0] / growthBound) * 100) / 100,
      unit: 'x',
      measured,
      note: `accounts moved ${pct(growth.moved[0])}% / bound 5/55 = ${pct(growthBound)}%, K 50 -> 55, max deviation ${pct(Math.max(...growth.maxDeviation))}%, contiguous ${growth.contiguous}, ${Math.round(growth.elapsedMs)} ms; the transport minimum of this plan is ${Math.round((growthTransport / growthBound) * 100) / 100}x this bound`,
    },
    'balance.growth_transport_ratio': {
      value: Math.round((growth.moved[0] / growthTransport) * 100) / 100,
      unit: 'x',
      measured,
      note: `accounts moved ${pct(growth.moved[0])}% / territory-graph transport minimum ${pct(growthTransport)}% (accounts pay once per border they cross on the way to a new territory; the least a growth cut into the band moves on this start plan)`,
    },
    'balance.k200_max_dev_pct': {
      value: pct(Math.max(...k200.maxDeviation)),
      unit: '%',
      measured,
      note: `count and value; contiguous: ${k200.contiguous}; goal <= 5`,
    },
  };
}
