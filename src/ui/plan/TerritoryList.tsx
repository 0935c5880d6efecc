import { memo, useState } from 'react';
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
} from '../../editor/planCommands.ts';
import type { Rep, Territory } from '../../domain/plan.ts';
import { usePlan } from '../../store/planStore.ts';
import { useWorkspace } from '../../store/workspaceStore.ts';
import { COMPACTNESS_EXPLAINED, formatCompactness, RAGGED_BELOW } from '../shapeText.ts';
import { formatCount, formatMoney } from '../../domain/format.ts';
import { capacityUse } from '../../engine/metrics.ts';
import { activateGrowthCut, planGrowthCut, removeGrowthCut } from '../../editor/growth.ts';

interface RowProps {
  index: number;
  territory: Territory;
  reps: Rep[];
  selected: boolean;
  accounts: number;
  value: number;
  /** Deviation from the mean value in whole percent, NaN before totals; rounded, so painting elsewhere skips this row. */
  deviationPct: number;
  outOfBand: boolean;
  pieces: number;
  /** Polsby-Popper of the territory's outline, NaN before the engine measured it. */
  polsbyPopper: number;
  /** ZIP of the one area that holds the territory together, '' when none does. */
  corridorZip: string;
}

/** "78% of target" for the rep's account and value targets, when set. */
function capacityText(territory: Territory, reps: Rep[], accounts: number, value: number): string {
  const rep = reps.find((r) => r.id === territory.repId);
  if (!rep) return '';
  const parts: string[] = [];
  const accountUse = capacityUse(accounts, rep.capacityAccounts);
  const valueUse = capacityUse(value, rep.capacityValue);
  if (Number.isFinite(accountUse)) parts.push(`${Math.round(accountUse * 100)}% of account target`);
  if (Number.isFinite(valueUse)) parts.push(`${Math.round(valueUse * 100)}% of value target`);
  return parts.join(' · ');
}

/** Plan, show, activate or remove a growth cut of one territory. */
function GrowthCutControls({ index, territory }: { index: number; territory: Territory }) {
  const [open, setOpen] = useState(false);
  const [parts, setParts] = useState(2);
  const [hireDate, setHireDate] = useState(() => new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const cut = territory.growthCut;
  if (cut)
    return (
      <div className="growth-cut" data-testid={`growth-cut-${index}`}>
        <div>
          Growth cut on {cut.hireDate}: keeps <b>{formatCount(cut.accounts[0])}</b> accounts (
          {formatMoney(cut.value[0])}), hands over{' '}
          <b>{formatCount(cut.accounts.slice(1).reduce((s, v) => s + v, 0))}</b> (
          {formatMoney(cut.value.slice(1).reduce((s, v) => s + v, 0))}) to {cut.parts - 1} new{' '}
          {cut.parts > 2 ? 'territories' : 'territory'}
        </div>
        <button type="button" className="link" onClick={() => activateGrowthCut(index)}>
          Activate
        </button>{' '}
        <button type="button" className="link" onClick={() => removeGrowthCut(index)}>
          Remove cut
        </button>
      </div>
    );
  if (!open)
    return (
      <button
        type="button"
        className="link small-link"
        aria-label={`Plan growth cut for ${territory.name}`}
        onClick={() => setOpen(true)}
      >
        Plan growth cut…
      </button>
    );
  return (
    <form
      className="growth-form"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        void planGrowthCut(index, parts, hireDate).then((message) => {
          setBusy(false);
          setError(message);
          if (!message) setOpen(false);
        });
      }}
    >
      <label>
        Parts
        <input
          type="number"
          min={2}
          max={6}
          value={parts}
          aria-label="Number of parts"
          onChange={(e) => setParts(Math.min(6, Math.max(2, Number(e.target.value) || 2)))}
        />{' '}
      </label>
      <label>
        Hire date
        <input
          type="date"
          value={hireDate}
          aria-label="Planned hire date"
          onChange={(e) => setHireDate(e.target.value)}
        />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? 'Planning…' : 'Plan cut'}
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
      {error && (
        <p className="error-text small" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/** One territory: colour, name, lock, delete, live totals and rep. Memoised: only changed figures re-render. */
const TerritoryRow = memo(function TerritoryRow(props: RowProps) {
  const {
    index: k,
    territory: t,
    reps,
    selected,
    accounts,
    value,
    deviationPct,
    outOfBand,
    pieces,
    polsbyPopper,
    corridorZip,
  } = props;
  const [renaming, setRenaming] = useState(false);
  return (
    <li className={selected ? 'selected' : ''} data-testid={`territory-${k}`}>
      <div className="territory-main">
        <input
          type="color"
          value={t.colour}
          aria-label={`Colour of ${t.name}`}
          onChange={(e) => recolourTerritory(k, e.target.value)}
        />
        {renaming ? (
          <input
            className="rename"
            aria-label="Territory name"
            defaultValue={t.name}
            autoFocus
            onBlur={(e) => {
              renameTerritory(k, e.target.value);
              setRenaming(false);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
              if (e.key === 'Escape') setRenaming(false);
            }}
          />
        ) : (
          <button
            type="button"
            className="territory-name"
            aria-pressed={selected}
            onClick={() => selectTerritory(k)}
            onDoubleClick={() => setRenaming(true)}
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
          onClick={() => setRenaming(true)}
        >
          ✎
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label={`Lock ${t.name}`}
          aria-pressed={t.locked}
          title={
            t.locked
              ? 'Locked: painting, auto-balance, splits and merges leave it as it is'
              : 'Lock against painting and auto-balance'
          }
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
        <span data-testid={`territory-${k}-accounts`}>{Number.isNaN(accounts) ? '…' : formatCount(accounts)}</span>{' '}
        accounts ·{' '}
        <span data-testid={`territory-${k}-value`} data-value={value}>
          {Number.isNaN(value) ? '…' : formatMoney(value)}
        </span>
        {Number.isFinite(deviationPct) && (
          <span className={outOfBand ? 'dev out' : 'dev'}>
            {deviationPct >= 0 ? '+' : ''}
            {deviationPct}%
          </span>
        )}
        {pieces > 1 && <span className="warn"> · {pieces} pieces</span>}
        {Number.isFinite(polsbyPopper) && (
          <>
            {' '}
            <span
              className={polsbyPopper < RAGGED_BELOW ? 'shape warn' : 'shape'}
              title={COMPACTNESS_EXPLAINED}
              aria-description={COMPACTNESS_EXPLAINED}
              data-testid={`territory-${k}-compact`}
              data-polsby-popper={polsbyPopper}
            >
              · compact {formatCompactness(polsbyPopper)}
            </span>
          </>
        )}
      </div>
      {corridorZip && (
        <div
          className="territory-figures corridor warn"
          data-testid={`territory-${k}-corridor`}
          data-corridor-zip={corridorZip}
          title="Without this one ZIP area the territory falls into pieces: a one-ZIP-wide corridor"
        >
          ⚠ held together by ZIP {corridorZip}
        </div>
      )}
      {capacityText(t, reps, accounts, value) && (
        <div className="territory-figures capacity">{capacityText(t, reps, accounts, value)}</div>
      )}
      <GrowthCutControls index={k} territory={t} />
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
});

/** The active team's territories with live totals, merge, and adding territories and reps. */
export function TerritoryList() {
  const teams = usePlan((s) => s.teams);
  const reps = usePlan((s) => s.reps);
  const activeTeam = usePlan((s) => s.activeTeam);
  const selected = usePlan((s) => s.selectedTerritory);
  const totals = usePlan((s) => s.totals);
  const report = usePlan((s) => s.report);
  const tolerance = usePlan((s) => s.tolerance);
  const unitIds = useWorkspace((s) => s.assets?.geo.ids);
  const shapes = report?.shapes?.territories;
  const [repName, setRepName] = useState('');
  const [repEmail, setRepEmail] = useState('');
  const territories = teams[activeTeam]?.territories ?? [];
  const columns = totals ? totals.columnNames.length : 0;
  // NaN: a territory the engine has not counted yet (just added, or brought back by undo/redo)
  const totalOf = (k: number, c: number): number =>
    totals && k < totals.territoryCount ? totals.totals[k * columns + c] : NaN;
  const unassigned = (c: number): number => (totals ? totals.totals[totals.territoryCount * columns + c] : 0);
  const selectedTerritory = territories[selected];

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
      {selectedTerritory && territories.length > 1 && (
        <label className="merge-row">
          Merge {selectedTerritory.name} into
          <select
            aria-label={`Merge ${selectedTerritory.name} into`}
            value=""
            onChange={(e) => e.target.value !== '' && mergeTerritories(selected, Number(e.target.value))}
          >
            <option value="">choose…</option>
            {territories.map((other, j) =>
              j === selected ? null : (
                <option key={other.id} value={j}>
                  {other.name}
                </option>
              ),
            )}
          </select>
        </label>
      )}
      <ul className="territory-list" aria-label="Territories">
        {territories.map((t, k) => {
          const deviation = totals && k < totals.territoryCount ? totals.value.deviation[k] : NaN;
          return (
            <TerritoryRow
              key={t.id}
              index={k}
              territory={t}
              reps={reps}
              selected={k === selected}
              accounts={totalOf(k, 0)}
              value={totalOf(k, 1)}
              deviationPct={Math.round(deviation * 100)}
              outOfBand={Math.abs(deviation) > tolerance}
              pieces={report && k < report.pieces.length ? report.pieces[k] : 0}
              polsbyPopper={shapes && k < shapes.polsbyPopper.length ? shapes.polsbyPopper[k] : NaN}
              corridorZip={
                shapes && k < shapes.corridorUnit.length && shapes.corridorUnit[k] >= 0
                  ? (unitIds?.[shapes.corridorUnit[k]] ?? '')
                  : ''
              }
            />
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
