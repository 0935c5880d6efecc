import { TERRITORY_COLOURS, type Territory } from '../domain/plan.ts';

/** Colour of part `part` (1..) of a cut territory in the future view: palette colours no territory uses yet. */
export function futurePartColour(territories: Territory[], part: number): string {
  const used = new Set(territories.map((t) => t.colour));
  const free = TERRITORY_COLOURS.filter((c) => !used.has(c));
  return free[(part - 1) % Math.max(1, free.length)] ?? '#9ca3af';
}
