import { useCallback, useState } from 'react';
import { routeLeadsText, type RoutedLead } from '../../editor/routingTester.ts';
import { toSafeCsv } from '../../io/csvExport.ts';
import { stringAt } from '../../io/accountTable.ts';
import { useOwnership } from '../../store/ownershipStore.ts';
import { usePlan } from '../../store/planStore.ts';
import { useWorkspace } from '../../store/workspaceStore.ts';
import { describeOwnership } from '../AccountOwnership.tsx';
import { routingColumns } from '../../engine/routingWhy.ts';
import { downloadText } from '../../editor/download.ts';
import { Modal } from '../Modal.tsx';

const EXAMPLE = `Company,Zip,Country,Employees,Industry
Lone Star Robotics,78701,US,240,Manufacturing
Harbor Freight Lines,02210,US,1800,Transportation
Prairie Health Clinic,66044,US,35,Healthcare
Maple Leaf Foods,M5V 2T6,Canada,900,Retail`;

/** Routing tester: paste or upload sample leads and see who would own each one, and why, before going live. */
export function RoutingTesterDialog() {
  const open = useOwnership((s) => s.dialog === 'router');
  const close = useCallback(() => useOwnership.getState().set({ dialog: null }), []);
  const [text, setText] = useState(EXAMPLE);
  const [results, setResults] = useState<RoutedLead[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const teams = usePlan((s) => s.teams);
  const reps = usePlan((s) => s.reps);
  const ownership = usePlan((s) => s.ownership);
  const dataset = useWorkspace((s) => s.dataset);
  if (!open) return null;

  const run = async (input: string, name?: string): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      setResults(await routeLeadsText(input, name));
    } catch (e) {
      setResults(null);
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const rows = (results ?? []).map((lead) => {
    const d = describeOwnership(lead.ownership, { teams, reps });
    const matched =
      lead.matchedAccount >= 0 && dataset
        ? `${stringAt(dataset.table.name, lead.matchedAccount) || stringAt(dataset.table.id, lead.matchedAccount)} (by ${lead.matchedBy})`
        : '';
    return { lead, matched, team: teams[lead.ownership.team]?.name ?? '', ...d };
  });
  const download = (): void =>
    downloadText(
      'routing-test.csv',
      toSafeCsv(
        ['Line', 'Lead', 'Existing account', 'Team', 'Territory', 'Owner', 'Reason', 'Explanation'],
        rows.map((r) => [
          String(r.lead.line),
          r.lead.company,
          r.matched,
          r.team,
          r.territory,
          r.owner,
          r.lead.ownership.reason,
          [r.explanation, r.lead.why].filter(Boolean).join(' '),
        ]),
      ),
    );

  return (
    <Modal title="Routing tester" onClose={close} wide>
      <p className="muted small">
        Paste leads as CSV with a header row (company, ZIP or country, employees, industry, optionally an account Id or
        web domain) or upload a file. Nothing is saved; each lead gets the owner the current plan would give it.
      </p>
      <details className="small">
        <summary>Columns the current teams and rules read</summary>
        <ul aria-label="Columns the routing reads">
          {routingColumns(teams, ownership).map((c) => (
            <li key={c.column}>
              <b>{c.column}</b>: {c.usedBy}
            </li>
          ))}
        </ul>
      </details>
      <label className="stacked">
        Sample leads (CSV)
        <textarea rows={6} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
      </label>
      <div className="modal-actions start">
        <button type="button" className="primary" disabled={busy || !text.trim()} onClick={() => void run(text)}>
          {busy ? 'Routing…' : 'Route leads'}
        </button>
        <label className="button-like">
          Upload leads CSV…
          <input
            type="file"
            accept=".csv,text/csv,.txt"
            className="visually-hidden"
            aria-label="Upload leads CSV"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (!file) return;
              const content = await file.text();
              setText(content);
              await run(content, file.name);
            }}
          />
        </label>
        {results && results.length > 0 && (
          <button type="button" onClick={download}>
            Download results (CSV)
          </button>
        )}
      </div>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {results && (
        <div className="scroll-box">
          <table className="data-table" aria-label="Routing results">
            <thead>
              <tr>
                <th>Line</th>
                <th>Lead</th>
                <th>Team</th>
                <th>Territory</th>
                <th>Owner</th>
                <th>Reason</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.lead.line}-${r.lead.company}`}>
                  <td>{r.lead.line}</td>
                  <td>
                    {r.lead.company}
                    {r.matched && <div className="muted small">Existing account: {r.matched}</div>}
                    {r.lead.notes.map((n) => (
                      <div key={n} className="muted small">
                        {n}
                      </div>
                    ))}
                  </td>
                  <td>{r.team}</td>
                  <td>{r.territory}</td>
                  <td>{r.owner || (r.lead.ownership.reason === 'TERRITORY' ? 'Vacant' : '—')}</td>
                  <td>
                    <span className={`reason-chip ${r.lead.ownership.reason}`}>{r.lead.ownership.reason}</span>
                    <div className="muted small">{r.explanation}</div>
                    {r.lead.why && (
                      <div className="small" data-testid="unroutable-why">
                        {r.lead.why}
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Modal>
  );
}
