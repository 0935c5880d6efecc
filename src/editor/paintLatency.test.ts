import { beforeEach, describe, expect, it } from 'vitest';
import { markChartShown, markPaintStart, markTotalsArrived } from './paintLatency.ts';

const names = (): string[] => performance.getEntriesByType('measure').map((e) => e.name);

describe('paint latency marks', () => {
  beforeEach(() => {
    performance.clearMarks();
    performance.clearMeasures();
  });

  it('measures a move from its own time stamp to the chart, with the engine and chart parts', () => {
    const pointerTime = performance.now() - 5;
    markPaintStart({ time: pointerTime, press: false });
    markTotalsArrived();
    markChartShown();
    expect(names().sort()).toEqual([
      'tessera:handled-to-chart',
      'tessera:input-delay',
      'tessera:paint-to-chart',
      'tessera:paint-to-totals',
      'tessera:totals-to-chart',
    ]);
    const [paint] = performance.getEntriesByName('tessera:paint-to-chart');
    expect(paint.startTime).toBe(pointerTime);
    expect(paint.duration).toBeGreaterThanOrEqual(5);
  });

  it('reports a press apart, and a paint while one is pending joins it', () => {
    markPaintStart({ time: performance.now(), press: true });
    markPaintStart({ time: performance.now(), press: false });
    markChartShown();
    markChartShown(); // nothing pending any more
    expect(performance.getEntriesByName('tessera:press-to-chart')).toHaveLength(1);
    expect(performance.getEntriesByName('tessera:paint-to-chart')).toHaveLength(0);
  });
});
