let pending = false;

/** Marks the start of a paint whose totals the charts have not shown yet (performance marks, for benchmarks). */
export function markPaintStart(): void {
  if (pending) return;
  pending = true;
  performance.mark('tessera:paint-start');
}

/** Called when the charts show new totals: measures pointer-to-chart latency of the pending paint. */
export function markChartShown(): void {
  if (!pending) return;
  pending = false;
  performance.measure('tessera:paint-to-chart', 'tessera:paint-start');
}
