import { useCallback, useState } from 'react';
import { compareScenarios } from '../../editor/scenarios.ts';
import { summariseBalance, type BalanceMetrics } from '../../engine/metrics.ts';
import type { ScenarioComparison } from '../../engine/scenarioCompare.ts';
import { currentMap } from '../../map/mapRegistry.ts';
import { usePlan } from '../../store/planStore.ts';
import { useScenarios } from '../../store/scenarioStore.ts';
import { formatCount, formatMoney } from '../../domain/format.ts';
import { Modal } from '../Modal.tsx';

const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;
const METRICS: [string, (m: BalanceMetrics) => string][] = [
  // a scenario with nothing assigned has no score, not a perfect one
  ['Balance score', (m) => summariseBalance(m, m.deviation.length).score],
  ['Largest deviation', (m) => pct(m.maxDeviation)],
  ['Coefficient of variation', (m) => m.coefficientOfVariation.toFixed(3)],
  ['Inside the band', (m) => (summariseBalance(m, m.deviation.length).scored ? `${m.insideBand}` : '—')],
];
const signed = (v: number, format: (x: number) => string): string =>
  v > 0 ? `+${format(v)}` : v < 0 ? `−${format(-v)}` : '0';

function ScenarioPicker(props: {
  side: 'A' | 'B';
  value: string;
  scenarios: { id: string; name: string }[];
  onChange: (id: string) => void;
}) {
  return (
    <label>
      {props.side}{' '}
      <select
        aria-label={`Scenario ${props.side}`}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {props.scenarios.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Two scenarios side by side: balance per team, the units that differ on the map, owner changes per rep. */
export function CompareDialog() {
  const open = useScenarios((s) => s.compareOpen);
  const scenarios = usePlan((s) => s.scenarios);
  const scenarioId = usePlan((s) => s.scenarioId);
  const activeTeam = usePlan((s) => s.activeTeam);
  const [chosenA, setA] = useState('');
  const [chosenB, setB] = useState('');
  const known = (id: string) => scenarios.some((s) => s.id === id);
  const a = known(chosenA) ? chosenA : scenarioId;
  const b = known(chosenB) ? chosenB : (scenarios.find((s) => s.id !== a)?.id ?? '');
  const [result, setResult] = useState<{ comparison: ScenarioComparison; differingUnits: Int32Array[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = useCallback(() => {
    currentMap()?.setChangedUnits([]);
    setResult(null);
    useScenarios.getState().set({ compareOpen: false });
  }, []);
  if (!open) return null;
  const nameOf = (id: string) => scenarios.find((s) => s.id === id)?.name ?? '';
  const run = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const r = await compareScenarios(a, b);
      setResult(r);
      currentMap()?.setChangedUnits(r.differingUnits[activeTeam] ?? []);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const c = result?.comparison;
  return (
    <Modal title="Compare scenarios" onClose={close} wide>
      <div className="modal-actions start">
        <ScenarioPicker side="A" value={a} scenarios={scenarios} onChange={setA} />
        <ScenarioPicker side="B" value={b} scenarios={scenarios} onChange={setB} />
        <button type="button" className="primary" disabled={busy || !a || !b || a === b} onClick={() => void run()}>
          {busy ? 'Comparing…' : 'Compare'}
        </button>
      </div>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {c && result && (
        <>
          <p data-testid="compare-summary">
            {formatCount(c.accountsChangingOwner)} accounts ({formatMoney(c.valueChangingOwner)}) change owner from “
            {nameOf(a)}” to “{nameOf(b)}”; {formatCount(result.differingUnits.reduce((n, u) => n + u.length, 0))} ZIP
            areas change territory (highlighted on the map for the team shown).
          </p>
          <div className="two-columns">
            <div className="scroll-box">
              <table className="data-table" aria-label="Balance per team">
                <thead>
                  <tr>
                    <th>Team</th>
                    <th>Measure</th>
                    <th>{nameOf(a)}</th>
                    <th>{nameOf(b)}</th>
                  </tr>
                </thead>
                <tbody>
                  {c.teamsA.map((teamA, t) => {
                    const teamB = c.teamsB.find((x) => x.name === teamA.name);
                    return METRICS.flatMap(([label, show]) =>
                      (['count', 'value'] as const).map((col) => (
                        <tr key={`${t}-${label}-${col}`}>
                          <td>{teamA.name}</td>
                          <td>
                            {label} · {col === 'count' ? 'accounts' : 'value'}
                          </td>
                          <td>{show(teamA[col])}</td>
                          <td>{teamB ? show(teamB[col]) : '—'}</td>
                        </tr>
                      )),
                    );
                  })}
                </tbody>
              </table>
            </div>
            {!c.reps.some((r) => r.gainedAccounts + r.lostAccounts > 0) && (
              <p className="muted small" data-testid="compare-no-changes">
                No account changes owner between these two scenarios.
              </p>
            )}
            <div className="scroll-box">
              <table className="data-table" aria-label="Owner changes per rep">
                <thead>
                  <tr>
                    <th>Rep</th>
                    <th>Accounts</th>
                    <th>Gained</th>
                    <th>Lost</th>
                    <th>Value change</th>
                  </tr>
                </thead>
                <tbody>
                  {c.reps
                    .filter((r) => r.gainedAccounts + r.lostAccounts > 0)
                    .map((r) => (
                      <tr key={r.repId}>
                        <td>{r.name}</td>
                        <td>
                          {formatCount(r.accountsA)} → {formatCount(r.accountsB)}
                        </td>
                        <td>+{formatCount(r.gainedAccounts)}</td>
                        <td>−{formatCount(r.lostAccounts)}</td>
                        <td>{signed(r.valueB - r.valueA, formatMoney)}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          </div>
        </>
      )}
    </Modal>
  );
}
