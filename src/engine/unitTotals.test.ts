import { describe, expect, it } from 'vitest';
import { aggregateByUnit, classOf, quantileBreaks } from './unitTotals.ts';

describe('aggregateByUnit', () => {
  it('sums counts and values per unit, skipping unplaced accounts and missing values', () => {
    const t = aggregateByUnit(Int32Array.of(0, 2, 2, -1, 0), Float64Array.of(10, 5, NaN, 100, 1), 3);
    expect(Array.from(t.count)).toEqual([2, 0, 2]);
    expect(Array.from(t.value)).toEqual([11, 0, 5]);
  });
});

describe('quantileBreaks / classOf', () => {
  it('splits positive values into classes of about equal size', () => {
    const values = Float64Array.from({ length: 100 }, (_, i) => i); // 0..99, zero excluded
    const breaks = quantileBreaks(values, 4);
    expect(breaks).toEqual([25, 50, 75, 99]);
    expect(classOf(0, breaks)).toBe(-1);
    expect(classOf(1, breaks)).toBe(0);
    expect(classOf(26, breaks)).toBe(1);
    expect(classOf(1000, breaks)).toBe(3);
  });
  it('collapses duplicate breaks and handles no data', () => {
    expect(quantileBreaks(Float64Array.of(5, 5, 5, 5), 4)).toEqual([5]);
    expect(quantileBreaks(new Float64Array(3), 4)).toEqual([]);
  });
});
