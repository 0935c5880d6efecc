import type { TesseraMap } from './tesseraMap.ts';

let current: TesseraMap | null = null;

/** The planner's map, for actions that recolour units directly (only changed units are written). */
export function currentMap(): TesseraMap | null {
  return current;
}

export function registerMap(map: TesseraMap | null): void {
  current = map;
}
