import type { PlanShapeSummary } from '../engine/shapeMeasures.ts';
import { formatCount } from '../domain/format.ts';

/** What the Polsby-Popper score means, for titles and screen readers. */
export const COMPACTNESS_EXPLAINED = 'Polsby-Popper: 1 = a circle, 0.785 = a square; below 0.15 is long or ragged';

/** Below this Polsby-Popper a territory reads as long or ragged (the balancer's default floor). */
export const RAGGED_BELOW = 0.15;

/** A Polsby-Popper score as shown: two decimals ("0.42"), a dash when unknown. */
export function formatCompactness(polsbyPopper: number): string {
  return Number.isFinite(polsbyPopper) ? polsbyPopper.toFixed(2) : '—';
}

/** A plan's shapes in one line: "compact: median 0.42, lowest 0.18 · 1,234 cut edges · 1 corridor". */
export function planShapeText(summary: PlanShapeSummary): string {
  const corridors = summary.corridorTerritories;
  return [
    `compact: median ${formatCompactness(summary.medianPolsbyPopper)}, lowest ${formatCompactness(summary.minPolsbyPopper)}`,
    `${formatCount(summary.cutEdges)} cut ${summary.cutEdges === 1 ? 'edge' : 'edges'}`,
    corridors === 0
      ? 'no one-ZIP corridor'
      : `${formatCount(corridors)} ${corridors === 1 ? 'territory' : 'territories'} with a one-ZIP corridor`,
  ].join(' · ');
}
