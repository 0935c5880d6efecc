import { LEVEL_LABELS, type Level } from '../domain/geography.ts';
import { useWorkspace } from '../store/workspaceStore.ts';

const SWITCHABLE: Level[] = ['state', 'county', 'zip3', 'zip5', 'country'];

/** Picks the level whose boundaries are highlighted and whose groups hover/select act on. */
export function LevelSwitcher() {
  const level = useWorkspace((s) => s.level);
  const setLevel = useWorkspace((s) => s.setLevel);
  return (
    <div className="segmented" role="group" aria-label="Map level">
      {SWITCHABLE.map((l) => (
        <button
          key={l}
          type="button"
          aria-pressed={l === level}
          className={l === level ? 'active' : ''}
          onClick={() => setLevel(l)}
          title={`Work at ${LEVEL_LABELS[l]} level`}
        >
          {LEVEL_LABELS[l]}
        </button>
      ))}
    </div>
  );
}
