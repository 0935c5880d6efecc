import type { TeamCondition } from '../domain/plan.ts';

/** The account columns team filters look at. */
export interface TeamFilterColumns {
  employees: Float64Array;
  value: Float64Array;
  categories: Record<'segment' | 'tier' | 'industry' | 'accountType', { codes: Int32Array; labels: string[] }>;
}

/**
 * Team of every account: the first team whose conditions all hold (-1 = no team). A team with no
 * conditions takes every account left.
 */
export function assignTeams(count: number, teams: readonly TeamCondition[][], columns: TeamFilterColumns): Int32Array {
  const teamOf = new Int32Array(count).fill(-1);
  // category conditions become code lookups once, not string compares per account
  const compiled = teams.map((conditions) =>
    conditions.map((c) => {
      if (c.op === 'in') {
        const col = columns.categories[c.field];
        const wanted = new Set(c.values.map((v) => v.toLowerCase()));
        const accepted = Uint8Array.from(col.labels, (l) => (wanted.has(l.toLowerCase()) ? 1 : 0));
        return (a: number): boolean => col.codes[a] >= 0 && accepted[col.codes[a]] === 1;
      }
      const values = columns[c.field];
      const threshold = c.value;
      return c.op === '>=' ? (a: number) => values[a] >= threshold : (a: number) => values[a] < threshold;
    }),
  );
  for (let a = 0; a < count; a++) {
    for (let t = 0; t < compiled.length; t++) {
      if (compiled[t].every((test) => test(a))) {
        teamOf[a] = t;
        break;
      }
    }
  }
  return teamOf;
}
