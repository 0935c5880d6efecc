import { describe, expect, it } from 'vitest';
import { assignedBounds } from './planExtent.ts';

const geoOf = (points: [number, number][]) => ({
  lon: Float64Array.from(points, (p) => p[0]),
  lat: Float64Array.from(points, (p) => p[1]),
});

describe('assignedBounds', () => {
  it('boxes the assigned units only, with half a degree of margin', () => {
    const geo = geoOf([
      [-100, 40],
      [-90, 30],
      [10, 50],
    ]);
    expect(assignedBounds(geo, Int32Array.from([0, 1, -1]))).toEqual([
      [-100.5, 29.5],
      [-89.5, 40.5],
    ]);
    expect(assignedBounds(geo, Int32Array.from([-1, -1, -1]))).toBeNull();
    expect(assignedBounds(geo, undefined)).toBeNull();
    // the US areas only: units below the limit
    expect(assignedBounds(geo, Int32Array.from([0, 1, 1]), 1)).toEqual([
      [-100.5, 39.5],
      [-99.5, 40.5],
    ]);
  });

  it('goes the short way round the antimeridian (Aleutians west of 180) instead of spanning the world', () => {
    const geo = geoOf([
      [178, 52], // Aleutians, west of the antimeridian
      [-176, 52],
      [-150, 61],
      [-70, 44],
    ]);
    const box = assignedBounds(geo, Int32Array.from([0, 0, 1, 1]));
    expect(box).toEqual([
      [177.5, 43.5],
      [290.5, 61.5],
    ]);
    expect(box![1][0] - box![0][0]).toBeLessThan(120);
  });
});
