import { getNiceTickValues } from 'recharts';
import { describe, expect, it } from 'vitest';
import { countAxisTop, niceAxisTop } from './chartAxis.ts';

describe('niceAxisTop', () => {
  it('ends where recharts’ own five nice ticks end', () => {
    const values = [0.7, 3, 9, 10, 11, 57, 99, 100, 121, 250, 999, 1234, 5e4, 123_456, 7.7e6, 2.5e8, 1.37e9];
    for (const max of values)
      expect(niceAxisTop(max), String(max)).toBeCloseTo(getNiceTickValues([0, max], 5, true).at(-1)!, 6);
  });

  it('reaches the maximum with four equal steps and falls back to 1 without data', () => {
    for (let max = 1; max < 1e7; max *= 1.37) {
      const top = niceAxisTop(max);
      expect(top).toBeGreaterThanOrEqual(max);
      expect(top).toBeLessThan(max * 2.5);
    }
    expect(niceAxisTop(0)).toBe(1);
    expect(niceAxisTop(Number.NaN)).toBe(1);
  });
});

describe('countAxisTop', () => {
  it('keeps whole-number steps for empty and tiny charts', () => {
    for (const max of [0, Number.NaN, 0.4, 1, 2.2, 4]) {
      const top = countAxisTop(max);
      expect(top, String(max)).toBe(4);
      for (let i = 0; i <= 4; i++) expect(Number.isInteger((top * i) / 4)).toBe(true);
    }
  });
  it('is the nice axis top above 4', () => {
    for (const max of [4.5, 9, 57, 1234, 2.5e8]) expect(countAxisTop(max)).toBe(niceAxisTop(max));
  });
});
