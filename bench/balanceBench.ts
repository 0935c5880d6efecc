import { loadGeoIndexFromDisk } from '../src/geo/loadGeoNode.ts';
import { normal, seededRandom, weightedSampler } from '../src/domain/random.ts';
import { autoBalance, type BalanceInput } from '../src/engine/balance.ts';
import type { GeoIndex } from '../src/geo/geoIndex.ts';
import { projectedCentres } from '../src/geo/projection.ts';
import type { BenchResults } from './results.ts';
import { seedNewTerritories } from '../src/engine/growth.ts';

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

/** Auto-balance from nothing on the real ZIP graph: K = 50 and K = 200. */
export function balanceSuite(measured: string): BenchResults {
  const geo = loadGeoIndexFromDisk();
  const inst = balanceInstance(geo);
  const k50 = autoBalance(baseInput(geo, inst, 50));
  const k200 = autoBalance({ ...baseInput(geo, inst, 200), tolerance: 0.05 });
  const pct = (v: number): number => Math.round(v * 1000) / 10;

  // rebalance after drift: value grows 60% in a quarter of the ZIP areas, then rebalance within 5%
  const drifted = { ...inst, value: Float64Array.from(inst.value, (v, u) => (geo.lon[u] < -100 ? v * 1.6 : v)) };
  const driftInput = { ...baseInput(geo, drifted, 50), initial: k50.assignment, tolerance: 0.05 };
  const driftLoad = new Float64Array(50);
  let driftTotal = 0;
  for (let u = 0; u < geo.unitCount; u++)
    if (k50.assignment[u] >= 0) {
      driftLoad[k50.assignment[u]] += drifted.value[u];
      driftTotal += drifted.value[u];
    }
  const mu = driftTotal / 50;
  let excess = 0;
  for (const l of driftLoad) excess += Math.max(0, l - 1.05 * mu);
  const rebalance = autoBalance(driftInput);
  const valueLowerBound = excess / driftTotal;

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
  const growth = autoBalance({ ...baseInput(geo, inst, 55), initial: seeded, tolerance: 0.05 });
  const growthBound = 5 / 55;
  const note = `real ZIP graph (${geo.zipUnitCount.toLocaleString('en-US')} ZIP areas), 1,000,000 synthetic accounts, Node, one thread`;
  return {
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
    'balance.rebalance_value_moved_ratio': { value: Math.round((rebalance.moved[1] / valueLowerBound) * 100) / 100, unit: 'x', measured, note: `value moved ${pct(rebalance.moved[1])}% / lower bound ${pct(valueLowerBound)}% after +60% value drift west of 100°W, K=50, within ${pct(Math.max(...rebalance.maxDeviation))}%, contiguous ${rebalance.contiguous}; goal <= 2` }, // prettier-ignore
    'balance.growth_disruption_ratio': { value: Math.round((growth.moved[0] / growthBound) * 100) / 100, unit: 'x', measured, note: `accounts moved ${pct(growth.moved[0])}% / bound 5/55 = ${pct(growthBound)}%, K 50 -> 55, max deviation ${pct(Math.max(...growth.maxDeviation))}%, contiguous ${growth.contiguous}; goal <= 1.5` }, // prettier-ignore
    'balance.k200_max_dev_pct': { value: pct(Math.max(...k200.maxDeviation)), unit: '%', measured, note: `count and value; contiguous: ${k200.contiguous}; goal <= 5` }, // prettier-ignore
  };
}
