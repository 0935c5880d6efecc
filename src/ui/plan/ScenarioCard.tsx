import { useState } from 'react';
import { importPlanFile } from '../../editor/planFile.ts';
import {
  deleteScenario,
  duplicateScenario,
  renameScenario,
  switchScenario,
  undoDeleteScenario,
} from '../../editor/scenarios.ts';
import { usePlan } from '../../store/planStore.ts';
import { useScenarios } from '../../store/scenarioStore.ts';

/** The open scenario: switch, duplicate, rename, delete (with undo), compare, open a plan file. */
export function ScenarioCard() {
  const scenarios = usePlan((s) => s.scenarios);
  const scenarioId = usePlan((s) => s.scenarioId);
  const deleted = useScenarios((s) => s.deleted);
  const [renaming, setRenaming] = useState(false);
  const current = scenarios.find((s) => s.id === scenarioId);
  return (
    <section className="scenario-card" aria-label="Scenario">
      <div className="scenario-row">
        {renaming ? (
          <input
            aria-label="Scenario name"
            defaultValue={current?.name ?? ''}
            autoFocus
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                void renameScenario(scenarioId, e.currentTarget.value);
                setRenaming(false);
              } else if (e.key === 'Escape') {
                e.stopPropagation();
                setRenaming(false);
              }
            }}
            onBlur={(e) => {
              void renameScenario(scenarioId, e.currentTarget.value);
              setRenaming(false);
            }}
          />
        ) : (
          <select aria-label="Scenario" value={scenarioId} onChange={(e) => void switchScenario(e.target.value)}>
            {scenarios.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        )}
        <button
          type="button"
          className="small-button"
          aria-label="Rename scenario"
          title="Rename"
          onClick={() => setRenaming(true)}
        >
          Rename
        </button>{' '}
        <button
          type="button"
          className="small-button"
          aria-label="Duplicate scenario"
          title="Duplicate"
          onClick={() => void duplicateScenario()}
        >
          Copy
        </button>{' '}
        <button
          type="button"
          className="small-button"
          aria-label="Delete scenario"
          title="Delete"
          disabled={scenarios.length <= 1}
          onClick={() => void deleteScenario(scenarioId)}
        >
          Delete
        </button>
      </div>
      <div className="scenario-row">
        <button
          type="button"
          disabled={scenarios.length < 2}
          onClick={() => useScenarios.getState().set({ compareOpen: true })}
        >
          Compare scenarios…
        </button>{' '}
        <label className="button-like">
          Open plan file…
          <input
            type="file"
            accept=".json,application/json"
            className="visually-hidden"
            aria-label="Open plan file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void importPlanFile(file);
            }}
          />
        </label>
      </div>
      <button type="button" className="primary" onClick={() => useScenarios.getState().set({ exportOpen: true })}>
        Publish & export…
      </button>
      {deleted && (
        <p className="ownership-line" role="status">
          Deleted “{deleted.scenario.name}”.{' '}
          <button type="button" onClick={() => void undoDeleteScenario()}>
            Undo delete
          </button>
        </p>
      )}
    </section>
  );
}
