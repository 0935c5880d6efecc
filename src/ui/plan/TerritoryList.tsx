import { useState } from 'react';
import {
  addRep,
  addTerritory,
  deleteTerritory,
  mergeTerritories,
  recolourTerritory,
  renameTerritory,
  selectTerritory,
  setTerritoryRep,
  toggleTerritoryLock,
} from '../../app/planActions.ts';
import { usePlan } from '../../store/planStore.ts';
import { formatCount, formatMoney } from '../format.ts';

/** The active team's territories with live totals, and the controls to edit them. */
export function TerritoryList() {
  const teams = usePlan((s) => s.teams);
  const reps = usePlan((s) => s.reps);
  const activeTeam = usePlan((s) => s.activeTeam);
  const selected = usePlan((s) => s.selectedTerritory);
  const totals = usePlan((s) => s.totals);
  const report = usePlan((s) => s.report);
  const [renaming, setRenaming] = useState<number | null>(null);
  const [repName, setRepName] = useState('');
  const [repEmail, setRepEmail] = useState('');
  const territories = teams[activeTeam]?.territories ?? [];
  const columns = totals ? totals.columnNames.length : 0;
  const totalOf = (k: number, c: number): number => (totals && k < totals.territoryCount ? totals.totals[k * columns + c] : 0); // prettier-ignore
  const unassigned = (c: number): number => (totals ? totals.totals[totals.territoryCount * columns + c] : 0);

  return (
    <section className="territories" aria-labelledby="territories-title">
      <div className="card-head">
        <h2 id="territories-title">Territories</h2>
        <button type="button" className="primary small-button" onClick={addTerritory}>
          Add territory
        </button>
      </div>
      {territories.length === 0 && (
        <p className="muted small">Add a territory, then paint ZIP codes, counties or states into it on the map.</p>
      )}
      <ul className="territory-list" aria-label="Territories">
        {territories.map((t, k) => {
          const deviation = totals?.value.deviation[k];
          const pieces = report && k < report.pieces.length ? report.pieces[k] : 0;
          return (
            <li key={t.id} className={k === selected ? 'selected' : ''} data-testid={`territory-${k}`}>
              <div className="territory-main">
                <input
                  type="color"
                  value={t.colour}
                  aria-label={`Colour of ${t.name}`}
                  onChange={(e) => recolourTerritory(k, e.target.value)}
                />
                {renaming === k ? (
                  <input
                    className="rename"
                    aria-label="Territory name"
                    defaultValue={t.name}
                    autoFocus
                    onBlur={(e) => {
                      renameTerritory(k, e.target.value);
                      setRenaming(null);
                    }}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
                      if (e.key === 'Escape') setRenaming(null);
                    }}
                  />
                ) : (
                  <button
                    type="button"
                    className="territory-name"
                    aria-pressed={k === selected}
                    onClick={() => selectTerritory(k)}
                    onDoubleClick={() => setRenaming(k)}
                    title={k < 9 ? `Select (key ${k + 1}); double-click to rename` : 'Double-click to rename'}
                  >
                    {k < 9 && <kbd>{k + 1}</kbd>} {t.name}
                  </button>
                )}
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Rename ${t.name}`}
                  title="Rename"
                  onClick={() => setRenaming(k)}
                >
                  ✎
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Lock ${t.name}`}
                  aria-pressed={t.locked}
                  title={t.locked ? 'Locked: painting cannot change it' : 'Lock against painting'}
                  onClick={() => toggleTerritoryLock(k)}
                >
                  <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true">
                    <rect
                      x="3"
                      y="7"
                      width="10"
                      height="8"
                      rx="1.5"
                      fill={t.locked ? '#1f2937' : 'none'}
                      stroke="#1f2937"
                      strokeWidth="1.5"
                    />
                    <path
                      d={t.locked ? 'M5 7V5a3 3 0 0 1 6 0v2' : 'M5 7V5a3 3 0 0 1 6 0'}
                      fill="none"
                      stroke="#1f2937"
                      strokeWidth="1.5"
                    />
                  </svg>
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Delete ${t.name}`}
                  title="Delete (undo with Ctrl+Z)"
                  onClick={() => deleteTerritory(k)}
                >
                  ×
                </button>
              </div>
              <div className="territory-figures">
                <span data-testid={`territory-${k}-accounts`}>{formatCount(totalOf(k, 0))}</span> accounts ·{' '}
                <span data-testid={`territory-${k}-value`} data-value={totalOf(k, 1)}>
                  {formatMoney(totalOf(k, 1))}
                </span>
                {deviation !== undefined && Number.isFinite(deviation) && (
                  <span className={Math.abs(deviation) > usePlan.getState().tolerance ? 'dev out' : 'dev'}>
                    {deviation >= 0 ? '+' : ''}
                    {Math.round(deviation * 100)}%
                  </span>
                )}
                {pieces > 1 && <span className="warn"> · {pieces} pieces</span>}
              </div>
              {territories.length > 1 && (
                <label className="rep-row">
                  <span className="visually-hidden">Merge {t.name} into</span>
                  <select
                    aria-label={`Merge ${t.name} into`}
                    value=""
                    onChange={(e) => e.target.value !== '' && mergeTerritories(k, Number(e.target.value))}
                  >
                    <option value="">Merge into…</option>
                    {territories.map((other, j) =>
                      j === k ? null : (
                        <option key={other.id} value={j}>
                          {other.name}
                        </option>
                      ),
                    )}
                  </select>
                </label>
              )}
              <label className="rep-row">
                <span className="visually-hidden">Rep of {t.name}</span>
                <select
                  aria-label={`Rep of ${t.name}`}
                  value={t.repId ?? ''}
                  onChange={(e) => setTerritoryRep(k, e.target.value || null)}
                >
                  <option value="">Vacant (to be hired)</option>
                  {reps.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.name}
                    </option>
                  ))}
                </select>
              </label>
            </li>
          );
        })}
      </ul>
      {totals && (
        <p className="muted small" data-testid="unassigned">
          Unassigned: {formatCount(unassigned(0))} accounts · {formatMoney(unassigned(1))}
        </p>
      )}
      <form
        className="add-rep"
        onSubmit={(e) => {
          e.preventDefault();
          if (addRep(repName, repEmail)) {
            setRepName('');
            setRepEmail('');
          }
        }}
      >
        <input
          aria-label="New rep name"
          placeholder="Rep name"
          value={repName}
          onChange={(e) => setRepName(e.target.value)}
        />
        <input
          aria-label="New rep email"
          placeholder="Email"
          type="email"
          value={repEmail}
          onChange={(e) => setRepEmail(e.target.value)}
        />
        <button type="submit">Add rep</button>
      </form>
    </section>
  );
}
