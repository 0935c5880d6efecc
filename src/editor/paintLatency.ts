import type { PaintPointer } from '../map/paintTools.ts';

let pending = false;
let arrived = false;
let pendingName = 'tessera:paint-to-chart';

/**
 * Marks the start of a paint whose totals the charts have not shown yet (performance marks, for
 * benchmarks), at the pointer event's own time when there is one, so hit-testing and input delay count too.
 */
export function markPaintStart(pointer?: PaintPointer): void {
  if (pending) return;
  pending = true;
  arrived = false;
  const pointerTime = pointer?.time;
  // Chrome holds other tasks after a press until its next frame, so a press's paint is reported on its own
  pendingName = pointer?.press ? 'tessera:press-to-chart' : 'tessera:paint-to-chart';
  performance.mark('tessera:paint-start', pointerTime === undefined ? undefined : { startTime: pointerTime });
  // how long the pointer event waited for the main thread and the brush's hit test
  if (pointerTime !== undefined)
    performance.measure('tessera:input-delay', { start: pointerTime, end: performance.now() });
  performance.mark('tessera:paint-handled');
}

/** Called when the engine's totals for the pending paint reach the main thread. */
export function markTotalsArrived(): void {
  if (!pending || arrived) return;
  arrived = true;
  performance.mark('tessera:totals-arrived');
}

/** Called when the charts show new totals: measures pointer-to-chart latency of the pending paint. */
export function markChartShown(): void {
  if (!pending) return;
  pending = false;
  performance.measure(pendingName, 'tessera:paint-start');
  performance.measure('tessera:handled-to-chart', 'tessera:paint-handled');
  if (arrived) {
    performance.measure('tessera:paint-to-totals', 'tessera:paint-start', 'tessera:totals-arrived');
    performance.measure('tessera:totals-to-chart', 'tessera:totals-arrived');
  }
}
