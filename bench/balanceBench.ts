import { loadGeoIndexFromDisk } from '../src/geo/loadGeoNode.ts';
import { normal, seededRandom } from '../src/domain/random.ts';
import { autoBalance, type BalanceInput } from '../src/engine/balance.ts';
import type { GeoIndex } from '../src/geo/geoIndex.ts';
import type { BenchResults } from './results.ts';

/** The real unit graph with 1,000,000 synthetic accounts summed per unit (count, value). */
export function balanceInstance(geo: GeoIndex, accounts = 1_000_000, seed = 5) {
  const random = seededRandom(seed);
  const count = new Float64Array(geo.unitCount);
  const value = new Float64Array(geo.unitCount);
  // denser where ZIP areas are small (metros), like the sample generator
  const weights = Float64Array.from({ length: geo.zipUnitCount }, (_, u) =>
    Math.pow(Math.max(geo.areaKm2[u], 1.5), -0.85),
  );
  const cumulative = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => (cumulative[i] = sum += w));
  for (let a = 0; a < accounts; a++) {
    const r = random() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    count[lo] += 1;
    value[lo] += Math.round(Math.exp(12 + 1.2 * normal(random)));
  }
  const x = Float64Array.from(geo.lon, (lon, u) => lon * 111.32 * Math.cos((38 * Math.PI) / 180) + 0 * u);
  const y = Float64Array.from(geo.lat, (lat) => lat * 110.57);
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
    'balance.k200_max_dev_pct': { value: pct(Math.max(...k200.maxDeviation)), unit: '%', measured, note: `count and value; contiguous: ${k200.contiguous}; goal <= 5` }, // prettier-ignore
  };
}
