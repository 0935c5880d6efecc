import { redo, undo } from '../../editor/planCommands.ts';
import { usePlan, type Tool } from '../../store/planStore.ts';

const TOOLS: { tool: Tool; label: string; key: string }[] = [
  { tool: 'select', label: 'Select', key: 'V' },
  { tool: 'brush', label: 'Brush', key: 'B' },
  { tool: 'lasso', label: 'Lasso', key: 'L' },
  { tool: 'polygon', label: 'Polygon', key: 'P' },
  { tool: 'eraser', label: 'Eraser', key: 'E' },
  { tool: 'split', label: 'Split', key: 'S' },
  { tool: 'lock', label: 'Lock', key: 'K' },
];

/** Painting tools, brush size, "only unassigned", undo and redo. */
export function PlanToolbar() {
  const tool = usePlan((s) => s.tool);
  const brushSize = usePlan((s) => s.brushSize);
  const onlyUnassigned = usePlan((s) => s.onlyUnassigned);
  const canUndo = usePlan((s) => s.undo.length > 0);
  const canRedo = usePlan((s) => s.redo.length > 0);
  const set = usePlan((s) => s.set);
  return (
    <div className="plan-toolbar">
      <div className="segmented tools" role="group" aria-label="Painting tools">
        {TOOLS.map((t) => (
          <button
            key={t.tool}
            type="button"
            aria-pressed={tool === t.tool}
            className={tool === t.tool ? 'active' : ''}
            title={`${t.label} (${t.key})`}
            onClick={() => set({ tool: t.tool })}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="toolbar-row">
        <label className="range">
          Brush size
          <input
            type="range"
            min={1}
            max={40}
            value={brushSize}
            onChange={(e) => set({ brushSize: Number(e.target.value) })}
          />
        </label>
        <button type="button" aria-label="Undo" title="Undo (Ctrl+Z)" disabled={!canUndo} onClick={() => void undo()}>
          ↶
        </button>
        <button
          type="button"
          aria-label="Redo"
          title="Redo (Ctrl+Shift+Z)"
          disabled={!canRedo}
          onClick={() => void redo()}
        >
          ↷
        </button>
      </div>
      <label className="check">
        <input type="checkbox" checked={onlyUnassigned} onChange={(e) => set({ onlyUnassigned: e.target.checked })} />
        Only unassigned units
      </label>
    </div>
  );
}
