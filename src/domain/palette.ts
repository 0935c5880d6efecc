/** The territory palette, in the order new territories take its colours. */
export const TERRITORY_COLOURS: readonly string[] = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#e15759',
  '#76b7b2',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
  '#1f77b4',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#bcbd22',
];

/** The palette colour at a position, round the palette again past its end. */
export function paletteColour(index: number): string {
  const n = TERRITORY_COLOURS.length;
  return TERRITORY_COLOURS[((index % n) + n) % n];
}

/** Palette colours no territory in `territories` uses yet, in palette order. */
export function unusedColours(territories: readonly { colour: string }[]): string[] {
  const used = new Set(territories.map((t) => t.colour));
  return TERRITORY_COLOURS.filter((c) => !used.has(c));
}

/**
 * Colour for the `nth` (0-based) territory added after `existing`: the colours no existing territory uses, in
 * palette order and round them again when there are more new territories than free colours; with every colour
 * taken, the palette colour at the new territory's position.
 */
export function newTerritoryColour(existing: readonly { colour: string }[], nth = 0): string {
  const free = unusedColours(existing);
  return free.length > 0 ? free[nth % free.length] : paletteColour(existing.length + nth);
}
