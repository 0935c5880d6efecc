import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blobPlan, gridInput, pieces, randomPlan, setup } from './testGraphs.ts';

const graphs = fc.record({
  w: fc.integer({ min: 2, max: 9 }),
  h: fc.integer({ min: 2, max: 9 }),
  k: fc.integer({ min: 1, max: 4 }),
  seed: fc.integer({ min: 1, max: 1e6 }),
  diagonal: fc.double({ min: 0, max: 1, noNaN: true }),
  holes: fc.double({ min: 0, max: 0.3, noNaN: true }),
  scattered: fc.boolean(),
});

describe('LeaveCheck.canLeave', () => {
  it('never disconnects a territory (random grids and plans)', () => {
    fc.assert(
      fc.property(graphs, ({ w, h, k, seed, diagonal, holes, scattered }) => {
        const input = { ...gridInput(w, h, seed, diagonal, holes), territoryCount: k };
        const plan = scattered ? randomPlan(input, k, seed + 1) : blobPlan(input, k, seed + 1);
        const { state, leave } = setup(input, plan);
        const before = pieces(input, plan);
        for (let u = 0; u < plan.length; u++) {
          const a = plan[u];
          if (a < 0 || !leave.canLeave(u, a)) continue;
          const without = Int32Array.from(plan);
          without[u] = -1;
          expect(pieces(input, without)[a]).toBeLessThanOrEqual(before[a]);
          expect(state.size[a]).toBeGreaterThan(1);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('lets the ends of a path go but not its middle, nor a territory its last unit', () => {
    const input = { ...gridInput(5, 1, 1), territoryCount: 2 };
    const { leave } = setup(input, Int32Array.of(0, 0, 0, 0, 1));
    expect(leave.canLeave(0, 0)).toBe(true);
    expect(leave.canLeave(3, 0)).toBe(true);
    expect(leave.canLeave(1, 0)).toBe(false);
    expect(leave.canLeave(2, 0)).toBe(false);
    expect(leave.canLeave(4, 1)).toBe(false);
  });
});

describe('LeaveCheck.pockets', () => {
  it('lets a unit leave with the pocket it encloses, never cutting the rest in two', () => {
    fc.assert(
      fc.property(graphs, ({ w, h, k, seed, diagonal, holes }) => {
        const input = { ...gridInput(w, h, seed, diagonal, holes), territoryCount: k };
        const plan = blobPlan(input, k, seed + 1);
        const { state, leave } = setup(input, plan);
        const before = pieces(input, plan);
        for (let u = 0; u < plan.length; u++) {
          const a = plan[u];
          if (a < 0 || !leave.pockets(u, a, 4)) continue;
          const without = Int32Array.from(plan);
          for (let i = 0; i < leave.groupSize; i++) {
            const w = leave.group[i];
            expect(plan[w]).toBe(a);
            if (i > 0) expect(state.movable(w)).toBe(true);
            without[w] = -1;
          }
          expect(leave.group[0]).toBe(u);
          expect(pieces(input, without)[a]).toBeLessThanOrEqual(before[a]);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('takes the units enclosed by a ring unit along', () => {
    // 3 x 3 grid: territory 0 is the centre and the left column, the corner (0) joins the rest only
    // through unit 1 when unit 3 belongs to territory 1
    const input = { ...gridInput(3, 3, 1), territoryCount: 2 };
    const plan = Int32Array.of(0, 0, 1, 1, 0, 1, 0, 0, 1);
    // 0 - 1 - 4 - 7 - 6: unit 1 holds the corner 0 to the rest of territory 0
    const { leave } = setup(input, plan);
    expect(leave.canLeave(1, 0)).toBe(false);
    expect(leave.pockets(1, 0, 2)).toBe(true);
    expect(Array.from(leave.group.subarray(0, leave.groupSize)).sort()).toEqual([0, 1]);
  });
});
