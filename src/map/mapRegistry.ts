import type { PaintTools } from './paintTools.ts';
import type { TesseraMap } from './tesseraMap.ts';

let current: TesseraMap | null = null;
let tools: PaintTools | null = null;

/** The map's painting tools (Esc and Enter from the keyboard reach them here). */
export function currentPaintTools(): PaintTools | null {
  return tools;
}

export function registerPaintTools(paintTools: PaintTools | null): void {
  tools = paintTools;
}

/** The planner's map, for actions that recolour units directly (only changed units are written). */
export function currentMap(): TesseraMap | null {
  return current;
}

export function registerMap(map: TesseraMap | null): void {
  current = map;
}
