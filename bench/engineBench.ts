import { loadGeoIndexFromDisk } from '../src/geo/loadGeoNode.ts';
import { seededRandom, normal } from '../src/domain/random.ts';
import { buildUnitSums, TerritoryTally, totalsFromAccounts } from '../src/engine/territoryTally.ts';
import type { BenchResults } from './results.ts';

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Engine speed on the real unit set with 1,000,000 synthetic accounts and 200 territories, in Node. */
export function engineSuite(measured: string): BenchResults {
  const geo = loadGeoIndexFromDisk();
  const accounts = 1_000_000;
  const territories = 200;
  const random = seededRandom(11);
  const unit = new Int32Array(accounts);
  const value = new Float64Array(accounts);
  const seats = new Float64Array(accounts);
  for (let a = 0; a < accounts; a++) {
    unit[a] = Math.floor(random() * geo.zipUnitCount);
    value[a] = Math.round(Math.exp(12 + 1.2 * normal(random)));
    seats[a] = Math.floor(random() * 500);
  }
  // 200 territories of consecutive ZIPs (ZIP order is roughly regional)
  const assignment = Int32Array.from({ length: geo.unitCount }, (_, u) =>
    Math.min(territories - 1, Math.floor((u / geo.zipUnitCount) * territories)),
  );
  const columns = [value, seats];
  const sums = buildUnitSums(unit, columns, geo.unitCount, null);
  const tally = new TerritoryTally(sums, Int32Array.from(assignment), territories);

  const recomputeRuns: number[] = [];
  for (let r = 0; r < 50; r++) {
    const t0 = performance.now();
    tally.recompute();
    recomputeRuns.push(performance.now() - t0);
  }
  const fromAccountsRuns: number[] = [];
  for (let r = 0; r < 10; r++) {
    const t0 = performance.now();
    totalsFromAccounts(unit, columns, null, tally.assignment, territories);
    fromAccountsRuns.push(performance.now() - t0);
  }
  const moves = 2_000_000;
  const moveUnits = Int32Array.from({ length: moves }, () => Math.floor(random() * geo.unitCount));
  const moveTo = Int32Array.from({ length: moves }, () => Math.floor(random() * territories));
  const t0 = performance.now();
  for (let i = 0; i < moves; i++) tally.move(moveUnits[i], moveTo[i]);
  const moveNs = ((performance.now() - t0) * 1e6) / moves;
  const note = `1,000,000 accounts, ${geo.unitCount.toLocaleString('en-US')} units, 200 territories, 3 columns, Node ${process.version}`;
  return {
    'engine.full_recompute_ms': {
      value: Math.round(median(recomputeRuns) * 1000) / 1000,
      unit: 'ms',
      measured,
      note: `median of 50, from per-unit sums; ${note}; goal < 1`,
    },
    'engine.full_recompute_from_accounts_ms': {
      value: Math.round(median(fromAccountsRuns) * 100) / 100,
      unit: 'ms',
      measured,
      note: `median of 10; ${note}; goal < 20`,
    },
    'engine.move_unit_ns': {
      value: Math.round(moveNs * 10) / 10,
      unit: 'ns',
      measured,
      note: `mean of 2,000,000 incremental moves; ${note}; goal < 1000`,
    },
  };
}
