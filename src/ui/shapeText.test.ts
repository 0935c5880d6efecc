import { describe, expect, it } from 'vitest';
import { formatCompactness, planShapeText } from './shapeText.ts';

describe('shape text', () => {
  it('shows Polsby-Popper with two decimals and a dash when unknown', () => {
    expect(formatCompactness(0.4249)).toBe('0.42');
    expect(formatCompactness(Math.PI / 4)).toBe('0.79');
    expect(formatCompactness(NaN)).toBe('—');
  });

  it('sums a plan up with its median, lowest, cut edges and corridors', () => {
    const summary = {
      medianPolsbyPopper: 0.4,
      minPolsbyPopper: 0.123,
      cutEdges: 1234,
      corridorTerritories: 0,
      maxReach: 2,
    };
    expect(planShapeText(summary)).toBe('compact: median 0.40, lowest 0.12 · 1,234 cut edges · no one-ZIP corridor');
    expect(planShapeText({ ...summary, cutEdges: 1, corridorTerritories: 1 })).toBe(
      'compact: median 0.40, lowest 0.12 · 1 cut edge · 1 territory with a one-ZIP corridor',
    );
    expect(planShapeText({ ...summary, corridorTerritories: 3 })).toContain('3 territories with a one-ZIP corridor');
  });
});
