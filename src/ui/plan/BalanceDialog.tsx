import { useEffect } from 'react';
import { applyBalance, cancelBalance, closeBalance, proposalColour, startBalance } from '../../editor/balance.ts';
import { ModalDialog } from '../Modal.tsx';
import { useBalance, type BalanceSettings } from '../../store/balanceStore.ts';
import { usePlan } from '../../store/planStore.ts';
import { useWorkspace } from '../../store/workspaceStore.ts';
import { formatCount, formatMoney } from '../../domain/format.ts';
import type { Territory } from '../../domain/plan.ts';
import type { PlanShapes } from '../../engine/planEngine.ts';
import { COMPACTNESS_EXPLAINED, formatCompactness } from '../shapeText.ts';

const NO_TERRITORIES: Territory[] = [];
const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;

function NumberField(props: {
  label: string;
  value: number;
  min: number;
  max: number;
  onChange: (v: number) => void;
  suffix?: string;
  step?: number;
  /** Id of the element that explains the field. */
  describedBy?: string;
}) {
  return (
    <label className="mapping-row">
      <span>{props.label}</span>
      <span>
        <input
          type="number"
          min={props.min}
          max={props.max}
          step={props.step}
          aria-describedby={props.describedBy}
          value={props.value}
          onChange={(e) => {
            const v = Number(e.target.value);
            if (Number.isFinite(v)) props.onChange(Math.min(props.max, Math.max(props.min, v)));
          }}
        />
        {props.suffix}
      </span>
    </label>
  );
}

/** Auto-balance: settings, progress with Cancel, then a preview with before/after figures and Apply. */
export function BalanceDialog() {
  const current = useBalance((s) => s.current);
  const settings = useBalance((s) => s.settings);
  const set = useBalance((s) => s.set);
  const territories = usePlan((s) => s.teams[s.activeTeam]?.territories ?? NO_TERRITORIES);
  const update = (patch: Partial<BalanceSettings>): void => set({ settings: { ...settings, ...patch } });

  useEffect(() => {
    // the preview drawer is not modal: Escape from anywhere takes the preview off the map
    if (current.step !== 'preview') return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        cancelBalance();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [current.step]);

  if (current.step === 'idle') return null;
  const preview = current.step === 'preview';
  const body = (
    <>
      {current.step === 'settings' && (
        <>
          <h2 id="balance-title">Auto-balance</h2>
          <p className="muted small">
            Proposes contiguous territories with balanced account count and value. Nothing changes until you apply.
          </p>
          <div className="segmented" role="group" aria-label="Balance mode">
            <button
              type="button"
              aria-pressed={settings.mode === 'rebalance'}
              className={settings.mode === 'rebalance' ? 'active' : ''}
              disabled={territories.length < 2}
              onClick={() => update({ mode: 'rebalance' })}
            >
              Rebalance current {territories.length} territories
            </button>
            <button
              type="button"
              aria-pressed={settings.mode === 'create'}
              className={settings.mode === 'create' ? 'active' : ''}
              onClick={() => update({ mode: 'create' })}
            >
              Create from nothing
            </button>
            <button
              type="button"
              aria-pressed={settings.mode === 'grow'}
              className={settings.mode === 'grow' ? 'active' : ''}
              disabled={territories.length < 2}
              onClick={() => update({ mode: 'grow' })}
            >
              Plan for new hires
            </button>
          </div>
          <div className="mapping-grid">
            {settings.mode === 'create' && (
              <NumberField
                label="Number of territories"
                value={settings.territories}
                min={2}
                max={500}
                onChange={(v) => update({ territories: v })}
              />
            )}
            <NumberField
              label="Tolerance band ±"
              value={settings.tolerancePct}
              min={1}
              max={50}
              suffix="%"
              onChange={(v) => update({ tolerancePct: v })}
            />
            <label className="mapping-row">
              <span>
                Balance on: count {settings.countWeight}% / value {100 - settings.countWeight}%
              </span>
              <input
                type="range"
                aria-label="Weight of account count against value"
                min={0}
                max={100}
                value={settings.countWeight}
                onChange={(e) => update({ countWeight: Number(e.target.value) })}
              />
            </label>
            <label className="mapping-row">
              <span>Compactness weight</span>
              <input
                type="range"
                aria-label="Compactness weight"
                min={0}
                max={100}
                value={settings.compactness}
                onChange={(e) => update({ compactness: Number(e.target.value) })}
              />
            </label>
            {settings.mode === 'grow' && (
              <NumberField
                label="Reps to hire"
                value={settings.newReps}
                min={1}
                max={50}
                onChange={(v) => update({ newReps: v })}
              />
            )}
            {settings.mode === 'rebalance' && (
              <NumberField
                label="Disruption budget (most that may move)"
                value={settings.disruptionPct}
                min={1}
                max={100}
                suffix="%"
                onChange={(v) => update({ disruptionPct: v })}
              />
            )}
            <div className="floor-field">
              <NumberField
                label="Keep every territory at least this compact (Polsby-Popper)"
                value={settings.compactFloor}
                min={0}
                max={1}
                step={0.01}
                describedBy="compact-floor-note"
                onChange={(v) => update({ compactFloor: v })}
              />
              <p className="muted small field-note" id="compact-floor-note">
                1 = a circle, 0.785 = a square; below 0.15 is long or ragged. A territory already less compact may lose
                at most a fifth of its score and never ends below the least compact territory now; 0 turns the floor
                off.
              </p>
            </div>
            <NumberField label="Seed" value={settings.seed} min={1} max={99999} onChange={(v) => update({ seed: v })} />
            <label className="check">
              <input
                type="checkbox"
                checked={settings.contiguity}
                onChange={(e) => update({ contiguity: e.target.checked })}
              />
              Keep every territory in one piece
            </label>
            {settings.mode !== 'create' && (
              <label className="check">
                <input
                  type="checkbox"
                  checked={settings.keepProtected}
                  onChange={(e) => update({ keepProtected: e.target.checked })}
                />
                Protected accounts stay with their reps (named, open opportunities, customers, recent engagement)
              </label>
            )}
            {settings.mode !== 'create' && (
              <label className="check">
                <input
                  type="checkbox"
                  checked={settings.avoidEngaged}
                  onChange={(e) => update({ avoidEngaged: e.target.checked })}
                />
                Prefer moving areas without recent engagement
              </label>
            )}
            <label className="mapping-row">
              <span>Balance whole</span>
              <select
                aria-label="Balance whole"
                value={settings.level}
                onChange={(e) => update({ level: e.target.value as typeof settings.level })}
              >
                <option value="zip5">ZIP areas</option>
                <option value="county">counties</option>
                <option value="state">states</option>
              </select>
            </label>
            {settings.mode === 'create' && (
              <label className="check">
                <input
                  type="checkbox"
                  checked={settings.useHomeZips}
                  onChange={(e) => update({ useHomeZips: e.target.checked })}
                />
                Grow territories around reps&apos; home ZIPs
              </label>
            )}
          </div>
          <p className="muted small">
            Locked units and locked territories never change
            {settings.mode === 'create' && territories.some((t) => t.locked)
              ? '; locked territories count among the territories to create.'
              : '.'}
          </p>
          <div className="modal-actions">
            <button type="button" onClick={closeBalance}>
              Cancel
            </button>
            <button type="button" className="primary" onClick={() => void startBalance()} data-autofocus>
              Run
            </button>
          </div>
        </>
      )}
      {current.step === 'running' && (
        <>
          <h2 id="balance-title">Balancing…</h2>
          <div className="progress indeterminate" role="progressbar" aria-label="Auto-balance progress">
            <div />
          </div>
          <p className="muted" aria-live="polite" data-testid="balance-progress">
            {current.progress
              ? `${current.progress.sweeps} sweeps · largest deviation: count ${pct(current.progress.maxDeviation[0])}, value ${pct(current.progress.maxDeviation[1])}`
              : 'Preparing…'}
          </p>
          <div className="modal-actions">
            <button type="button" onClick={cancelBalance}>
              Cancel
            </button>
          </div>
        </>
      )}
      {current.step === 'error' && (
        <>
          <h2 id="balance-title">Auto-balance</h2>
          <p className="error-text" role="alert">
            {current.message}
          </p>
          <div className="modal-actions">
            <button type="button" onClick={closeBalance}>
              Close
            </button>
          </div>
        </>
      )}
      {current.step === 'preview' && (
        <>
          <h2 id="balance-title">Proposal</h2>
          <p className="small" data-testid="balance-summary">
            {current.comparison.unitsMoved > 0 && current.before.some((t) => t >= 0) ? (
              <>
                Largest deviation: count {pct(current.comparison.metricsBefore[0].maxDeviation)} →{' '}
                <b>{pct(current.comparison.metricsAfter[0].maxDeviation)}</b>, value{' '}
                {pct(current.comparison.metricsBefore[1].maxDeviation)} →{' '}
                <b>{pct(current.comparison.metricsAfter[1].maxDeviation)}</b> ·{' '}
                {formatCount(current.comparison.unitsMoved)} ZIP areas change (highlighted) ·{' '}
                {pct(current.comparison.movedShare[0])} of accounts and {pct(current.comparison.movedShare[1])} of value
                move ·{' '}
              </>
            ) : (
              <>
                Largest deviation: count <b>{pct(current.comparison.metricsAfter[0].maxDeviation)}</b>, value{' '}
                <b>{pct(current.comparison.metricsAfter[1].maxDeviation)}</b> ·{' '}
              </>
            )}
            {current.result.contiguous ? 'all contiguous' : 'some territories in pieces'}
            {current.protectedAccounts > 0 &&
              ` · ${formatCount(current.protectedAccounts)} protected accounts stay with their reps`}
          </p>
          {current.leftAbroad.accounts > 0 && (
            <p className="small" role="status" data-testid="balance-left-abroad">
              {formatCount(current.leftAbroad.accounts)} account{current.leftAbroad.accounts === 1 ? '' : 's'} outside
              the US {current.leftAbroad.accounts === 1 ? 'is' : 'are'} left out:{' '}
              {current.leftAbroad.countries
                .slice(0, 6)
                .map((c) => `${c.country} ${formatCount(c.accounts)}`)
                .join(', ')}
              {current.leftAbroad.countries.length > 6 ? ' and others' : ''}. Auto-balance divides US ZIP areas only;
              paint these countries into territories at the Country level.
            </p>
          )}
          {current.shapes.after && (
            <ShapeChange before={current.shapes.before} after={current.shapes.after} floor={current.shapes.floor} />
          )}
          <BandShortfall
            tolerance={current.tolerance}
            balancedColumns={current.balancedColumns}
            deviations={current.comparison.metricsAfter.map((m) => m.maxDeviation)}
            contiguous={current.result.contiguous}
          />
          <p className="muted small" data-testid="balance-basis">
            {current.basis === 'book'
              ? 'Totals after ownership rules (what each rep will own), as the charts show them after Apply.'
              : 'Totals by the map (accounts where they sit), as the charts show them after Apply.'}
          </p>
          <div className="proposal-table">
            <table aria-label="Gains and losses per territory">
              <thead>
                <tr>
                  <th>Territory</th>
                  <th>Accounts</th>
                  <th>Change</th>
                  <th>Value</th>
                  <th>Change</th>
                  {current.protectedByTerritory && (
                    <th title="Accounts its rep keeps by an ownership rule, whatever the map">Kept by rules</th>
                  )}
                  {current.shapes.after && <th title={COMPACTNESS_EXPLAINED}>Compact</th>}
                </tr>
              </thead>
              <tbody>
                {Array.from({ length: current.territoryCount }, (_, k) => {
                  const c = current.comparison;
                  const dc = c.after[0][k] - c.before[0][k];
                  const dv = c.after[1][k] - c.before[1][k];
                  return (
                    <tr key={k}>
                      <td>
                        <span className="dot" style={{ background: proposalColour(k) }} />{' '}
                        {territories[k]?.name ?? `Territory ${k + 1} (new)`}
                        {territories[k]?.locked && <span className="muted"> · locked</span>}
                      </td>
                      <td>{formatCount(c.after[0][k])}</td>
                      <td className={dc < 0 ? 'neg' : ''}>
                        {dc >= 0 ? '+' : ''}
                        {formatCount(dc)}
                      </td>
                      <td>{formatMoney(c.after[1][k])}</td>
                      <td className={dv < 0 ? 'neg' : ''}>
                        {dv >= 0 ? '+' : ''}
                        {formatMoney(dv)}
                      </td>
                      {current.protectedByTerritory && <td>{formatCount(current.protectedByTerritory[k] ?? 0)}</td>}
                      {current.shapes.after && (
                        <ShapeCell after={current.shapes.after} k={k} floor={current.shapes.floor} />
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div className="modal-actions">
            <button type="button" onClick={closeBalance}>
              Discard
            </button>
            <button type="button" onClick={() => set({ current: { step: 'settings' } })}>
              Change settings
            </button>
            <button type="button" className="primary" onClick={applyBalance}>
              Apply
            </button>
          </div>
        </>
      )}
    </>
  );
  if (preview)
    return (
      <div className="balance-drawer">
        <div className="drawer" role="dialog" aria-modal="false" aria-labelledby="balance-title">
          {body}
        </div>
      </div>
    );
  return (
    <ModalDialog labelledBy="balance-title" onClose={cancelBalance}>
      {body}
    </ModalDialog>
  );
}

/** Says plainly when the proposal misses what was asked (the band, or whole territories) and what to try. */
function BandShortfall(props: {
  tolerance: number;
  balancedColumns: boolean[];
  deviations: number[];
  contiguous: boolean;
}) {
  const { tolerance, balancedColumns, deviations, contiguous } = props;
  const names = ['account count', 'value'];
  const missed = deviations.flatMap((d, c) =>
    balancedColumns[c] && d > tolerance + 1e-9 ? [`${names[c]} ${pct(d)}`] : [],
  );
  if (missed.length === 0 && contiguous) return null;
  return (
    <p className="warning-text" role="status" data-testid="balance-shortfall">
      {missed.length > 0 &&
        `No plan inside ±${pct(tolerance)} was found: the largest deviation is ${missed.join(' and ')}. `}
      {!contiguous && 'Some territories are in pieces. '}
      Locked areas, protected accounts, the disruption budget or balancing whole counties or states can make the band
      unreachable: widen the band or loosen one of them and balance again, or apply this and adjust by hand.
    </p>
  );
}

/** The proposal's compactness next to the current plan's: median, lowest and one-ZIP corridors. */
function ShapeChange(props: { before: PlanShapes | null; after: PlanShapes; floor: number }) {
  const b = props.before?.summary;
  const a = props.after.summary;
  const corridors = (n: number) => (n === 0 ? 'none' : formatCount(n));
  const arrow = (from: string, to: string) => (b ? `${from} → ${to}` : to);
  return (
    <p
      className="small"
      data-testid="balance-shapes"
      data-min-polsby-popper={a.minPolsbyPopper}
      data-median-polsby-popper={a.medianPolsbyPopper}
      title={COMPACTNESS_EXPLAINED}
    >
      Compactness (Polsby-Popper): median{' '}
      <b>{arrow(formatCompactness(b?.medianPolsbyPopper ?? NaN), formatCompactness(a.medianPolsbyPopper))}</b>, lowest{' '}
      <b>{arrow(formatCompactness(b?.minPolsbyPopper ?? NaN), formatCompactness(a.minPolsbyPopper))}</b>
      {props.floor > 0 && ` (floor ${formatCompactness(props.floor)})`} · one-ZIP corridors{' '}
      {arrow(corridors(b?.corridorTerritories ?? 0), corridors(a.corridorTerritories))}
    </p>
  );
}

/** One territory's compactness in the proposal, flagged below the floor or with a one-ZIP corridor. */
function ShapeCell(props: { after: PlanShapes; k: number; floor: number }) {
  const unitIds = useWorkspace((s) => s.assets?.geo.ids);
  const pp = props.after.territories.polsbyPopper[props.k] ?? NaN;
  const corridorUnit = props.after.territories.corridorUnit[props.k] ?? -1;
  const corridor = corridorUnit >= 0;
  const low = Number.isFinite(pp) && pp < props.floor;
  return (
    <td className={low || corridor ? 'warn' : ''} data-polsby-popper={pp}>
      {formatCompactness(pp)}
      {corridor && (
        // a mark only: the table must fit the drawer; the ZIP is in the title and for screen readers
        <span title={`Held together by ZIP ${unitIds?.[corridorUnit] ?? '?'}`}>
          {' '}
          <span aria-hidden="true">⚠</span>
          <span className="visually-hidden">held together by ZIP {unitIds?.[corridorUnit] ?? '?'}</span>
        </span>
      )}
    </td>
  );
}
