import { describe, expect, it } from 'vitest';
import { balanceMetrics, summariseBalance } from './metrics.ts';

describe('summariseBalance', () => {
  it('claims no score and no band for territories that hold nothing yet', () => {
    const empty = summariseBalance(balanceMetrics(new Float64Array(7), 0.1), 7);
    expect(empty).toEqual({ scored: false, score: '—', insideBand: '—', note: 'No accounts assigned yet' });
    // the raw metrics are the vacuous "perfect" figures the summary must not pass on
    expect(balanceMetrics(new Float64Array(7), 0.1)).toMatchObject({ score: 100, insideBand: 7 });
  });

  it('says there are no territories when there are none', () => {
    const none = summariseBalance(balanceMetrics(new Float64Array(0), 0.1), 0);
    expect(none).toMatchObject({ scored: false, score: '—', note: 'No territories yet' });
  });

  it('scores a plan as soon as one territory holds accounts', () => {
    // one of three territories holds everything: mean 10, CV sqrt(2), score 0, one inside no band
    const lopsided = summariseBalance(balanceMetrics(Float64Array.of(30, 0, 0), 0.1), 3);
    expect(lopsided).toEqual({ scored: true, score: '0', insideBand: '0/3', note: '' });
    const even = summariseBalance(balanceMetrics(Float64Array.of(95, 100, 105), 0.1), 3);
    expect(even).toMatchObject({ scored: true, insideBand: '3/3' });
    expect(Number(even.score)).toBeGreaterThan(90);
  });
});
