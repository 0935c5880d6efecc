let pending = false;
let arrived = false;

/** Marks the start of a paint whose totals the charts have not shown yet (performance marks, for benchmarks). */
export function markPaintStart(): void {
  if (pending) return;
  pending = true;
  arrived = false;
  performance.mark('tessera:paint-start');
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
  performance.measure('tessera:paint-to-chart', 'tessera:paint-start');
  if (arrived) {
    performance.measure('tessera:paint-to-totals', 'tessera:paint-start', 'tessera:totals-arrived');
    performance.measure('tessera:totals-to-chart', 'tessera:totals-arrived');
  }
}
