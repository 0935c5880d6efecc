import { DEFAULT_OWNERSHIP, type Rep, type Team } from '../src/domain/plan.ts';
import { seededRandom } from '../src/domain/random.ts';
import { PlanEngine } from '../src/engine/planEngine.ts';
import { loadGeoIndexFromDisk } from '../src/geo/loadGeoNode.ts';
import { packStrings } from '../src/io/accountTable.ts';
import type { BenchResults } from './results.ts';

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Ownership resolution of 1,000,000 synthetic accounts through the full ladder (named, open
 * opportunities, customers, engagement, parent chains, 200 territories, a round-robin pool), with
 * the PlanEngine the engine worker runs.
 */
export function routingSuite(measured: string): BenchResults {
  const geo = loadGeoIndexFromDisk();
  const n = 1_000_000;
  const random = seededRandom(23);
  const repCount = 220;
  const reps: Rep[] = Array.from({ length: repCount }, (_, i) => ({
    id: `rep-${i}`,
    name: `Rep ${i}`,
    email: `rep${i}@example.com`,
    capacityAccounts: 1000 + (i % 5) * 500,
    capacityValue: 0,
    homeZip: '',
  }));
  const people = Array.from({ length: 400 }, (_, i) => (i < repCount ? `Rep ${i}` : `Former ${i}`));
  const coded = (share: number) => ({
    codes: Int32Array.from({ length: n }, () => (random() < share ? Math.floor(random() * people.length) : -1)),
    labels: people,
  });
  const unit = Int32Array.from({ length: n }, () => (random() < 0.995 ? Math.floor(random() * geo.zipUnitCount) : -1));
  const ids = Array.from({ length: n }, (_, a) => `001${a.toString(36).padStart(12, '0')}`);
  // a tenth of the accounts are children, some of children (chains up to a few levels)
  const parentIds = ids.map((_, a) => (a > 10 && random() < 0.1 ? ids[a - 1 - Math.floor(random() * 10)] : ''));
  const accountTypes = ['Customer - Direct', 'Prospect', 'Partner', 'Customer - Channel', 'Former Customer'];
  const today = Math.round(Date.now() / 86_400_000);
  const engine = new PlanEngine();
  engine.setGeography({
    unitCount: geo.unitCount,
    adjacencyOffsets: geo.adjacencyOffsets,
    adjacency: geo.adjacency,
    lon: geo.lon,
    lat: geo.lat,
    areaKm2: geo.areaKm2,
  });
  const employees = Float64Array.from({ length: n }, () => Math.floor(Math.exp(random() * 9)));
  const none = { codes: new Int32Array(n).fill(-1), labels: [] as string[] };
  engine.loadAccounts({
    unit,
    employees,
    value: Float64Array.from({ length: n }, () => Math.round(Math.exp(10 + 2 * random()))),
    metrics: [],
    columnNames: ['Value'],
    categories: {
      segment: none,
      tier: none,
      industry: none,
      accountType: {
        codes: Int32Array.from({ length: n }, () => Math.floor(random() * accountTypes.length)),
        labels: accountTypes,
      },
    },
  });
  engine.loadOwnershipColumns({
    ids: packStrings(ids),
    parentIds: packStrings(parentIds),
    ownerName: coded(0.9),
    ownerEmail: none,
    ownerId: none,
    openOpportunityOwner: coded(0.05),
    lastActivityBy: coded(0.4),
    lastActivityDay: Float64Array.from({ length: n }, () =>
      random() < 0.5 ? today - Math.floor(random() * 400) : NaN,
    ),
  });
  const territories = 200;
  const teams: Team[] = [
    {
      id: 'pool',
      name: 'Large',
      conditions: [{ field: 'employees', op: '>=', value: 5000 }],
      territories: [],
      routing: 'roundRobin',
      poolRepIds: reps.slice(200).map((r) => r.id),
    },
    {
      id: 'map',
      name: 'All',
      conditions: [],
      territories: Array.from({ length: territories }, (_, t) => ({
        id: `t${t}`,
        name: `T${t}`,
        colour: '#4e79a7',
        repId: t % 10 === 9 ? null : `rep-${t}`,
        vacantFrom: '',
        locked: false,
      })),
    },
  ];
  engine.setTeams(
    teams.map((t) => t.conditions),
    0.1,
  );
  engine.setAssignment(0, new Int32Array(geo.unitCount).fill(-1), 0);
  const assignment = Int32Array.from({ length: geo.unitCount }, (_, u) =>
    Math.min(territories - 1, Math.floor((u / geo.zipUnitCount) * territories)),
  );
  engine.setAssignment(1, assignment, territories);
  const namedAccounts = Array.from({ length: 5000 }, (_, i) => ({
    accountId: ids[i * 199],
    repId: `rep-${i % repCount}`,
  }));
  const plan = { teams, reps, namedAccounts, settings: DEFAULT_OWNERSHIP };
  const first = performance.now();
  const summary = engine.setOwnershipPlan(plan);
  const firstMs = performance.now() - first;
  const runs: number[] = [];
  for (let r = 0; r < 7; r++) runs.push(engine.setOwnershipPlan(plan).resolveMs);
  const reasonMix = summary.reasonCounts.map((c) => `${Math.round((c / n) * 100)}%`).join('/');
  const note = `1,000,000 accounts, ${repCount} reps, 200 territories + a round-robin pool, 5,000 named, 10% children; reasons N/O/C/E/P/T/R/U ${reasonMix}; PlanEngine as run by the engine worker, Node ${process.version}`;
  return {
    'routing.resolve_1m_ms': {
      value: Math.round(median(runs)),
      unit: 'ms',
      measured,
      note: `median of 7 re-resolutions (settings or map changed); ${note}; goal < 300`,
    },
    'routing.first_resolve_1m_ms': {
      value: Math.round(firstMs),
      unit: 'ms',
      measured,
      note: `first resolution after loading the data, incl. the account Id index and the parent hierarchy; ${note}`,
    },
  };
}
