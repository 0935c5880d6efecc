import { currentMap } from '../map/mapRegistry.ts';
import { usePlan, type Tool } from '../store/planStore.ts';
import { useWorkspace } from '../store/workspaceStore.ts';
import { redo, selectTerritory, undo } from '../editor/planCommands.ts';
import { currentPaintTools } from '../map/mapRegistry.ts';

const TOOL_KEYS: Record<string, Tool> = {
  v: 'select',
  b: 'brush',
  l: 'lasso',
  p: 'polygon',
  e: 'eraser',
  s: 'split',
  k: 'lock',
};

/** Keyboard: 1-9 pick territories, V/B/L/P/E/S/K tools, Esc cancels, Ctrl+Z / Ctrl+Shift+Z undo and redo. */
export function handleShortcut(e: KeyboardEvent): void {
  const target = e.target as HTMLElement | null;
  const typing = target && (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName));
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') {
    if (typing) return;
    e.preventDefault();
    void (e.shiftKey ? redo() : undo());
    return;
  }
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'y') {
    if (typing) return;
    e.preventDefault();
    void redo();
    return;
  }
  if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.key === 'Escape') {
    useWorkspace.getState().select(null);
    currentPaintTools()?.cancel();
    currentMap()?.closePopup();
    return;
  }
  if (e.key === 'Enter' && usePlan.getState().tool === 'polygon') {
    currentPaintTools()?.finishPolygon();
    return;
  }
  if (/^[1-9]$/.test(e.key)) {
    selectTerritory(Number(e.key) - 1);
    return;
  }
  const tool = TOOL_KEYS[e.key.toLowerCase()];
  if (tool) usePlan.getState().set({ tool });
}
