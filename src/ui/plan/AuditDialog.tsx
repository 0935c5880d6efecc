import { useCallback, useState } from 'react';
import { auditFile, cancelAudit, type AuditOutcome } from '../../editor/audit.ts';
import { OWNERSHIP_REASONS } from '../../domain/plan.ts';
import { AUDIT_STATUSES, AUDIT_STATUS_LABELS, type AuditTally } from '../../engine/audit.ts';
import { OWNERSHIP_RULE_NAMES } from '../../engine/ownership.ts';
import { ROW_PROBLEM_LABELS, type RowProblemReason } from '../../io/accountTable.ts';
import { useOwnership } from '../../store/ownershipStore.ts';
import type { ImportProgress } from '../../worker/importProtocol.ts';
import { downloadText } from '../../editor/download.ts';
import { formatCount, formatMoney } from '../../domain/format.ts';
import { Modal } from '../Modal.tsx';

function TallyCells({ tally }: { tally: AuditTally }) {
  return (
    <>
      {AUDIT_STATUSES.map((s, i) => (
        <td key={s} className={tally.accounts[i] && s !== 'unchanged' ? 'strong' : ''}>
          {formatCount(tally.accounts[i])}
        </td>
      ))}
    </>
  );
}

function AuditResult({ outcome }: { outcome: AuditOutcome }) {
  const { audit, report } = outcome;
  const skipped = Object.entries(report.problemCounts) as [RowProblemReason, number][];
  const base = outcome.fileName.replace(/\.[^.]+$/, '');
  return (
    <>
      <div className="audit-tiles" data-testid="audit-totals">
        {AUDIT_STATUSES.map((s, i) => (
          <div key={s}>
            <span>{AUDIT_STATUS_LABELS[s]}</span>
            <b data-testid={`audit-${s}`}>{formatCount(audit.total.accounts[i])}</b>
            <small>{formatMoney(audit.total.value[i])}</small>
          </div>
        ))}
      </div>
      {outcome.ownerColumnMissing && (
        <p className="error-text">
          The file has no owner column (owner name, email or Id), so every account shows as a change.
        </p>
      )}
      {skipped.length > 0 && (
        <p className="muted small">
          Import notes: {skipped.map(([reason, n]) => `${formatCount(n)} × ${ROW_PROBLEM_LABELS[reason]}`).join('; ')}.
        </p>
      )}
      <div className="modal-actions start">
        <button
          type="button"
          className="primary"
          onClick={() => downloadText(`${base}-audit-changes.csv`, outcome.csv(true))}
        >
          Download changes (CSV)
        </button>{' '}
        <button type="button" onClick={() => downloadText(`${base}-audit.csv`, outcome.csv(false))}>
          Download full audit (CSV)
        </button>
      </div>
      <div className="two-columns">
        <div className="scroll-box">
          <table className="data-table" aria-label="Audit by territory">
            <thead>
              <tr>
                <th>Team</th>
                <th>Territory</th>
                {AUDIT_STATUSES.map((s) => (
                  <th key={s}>{AUDIT_STATUS_LABELS[s]}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {audit.byTerritory.map((g) => (
                <tr key={`${g.team}-${g.territory}`}>
                  <td>{g.teamName}</td>
                  <td>{g.territoryName}</td>
                  <TallyCells tally={g.tally} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="scroll-box">
          <table className="data-table" aria-label="Audit by reason">
            <thead>
              <tr>
                <th>Planned by</th>
                {AUDIT_STATUSES.map((s) => (
                  <th key={s}>{AUDIT_STATUS_LABELS[s]}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {audit.byReason.map((tally, r) =>
                tally.accounts.some((n) => n > 0) ? (
                  <tr key={OWNERSHIP_REASONS[r]}>
                    <td>{OWNERSHIP_RULE_NAMES[OWNERSHIP_REASONS[r]]}</td>
                    <TallyCells tally={tally} />
                  </tr>
                ) : null,
              )}
            </tbody>
          </table>
        </div>
      </div>
      {outcome.unroutableExamples.length > 0 && (
        <>
          <h3>Unroutable accounts ({formatCount(audit.unroutable.length)})</h3>
          <ul className="problem-list" aria-label="Unroutable accounts">
            {outcome.unroutableExamples.map((u) => (
              <li key={u.id}>
                {u.name || u.id} ({u.id}): {u.why}
              </li>
            ))}
            {audit.unroutable.length > outcome.unroutableExamples.length && <li>… and more in the CSV</li>}
          </ul>
        </>
      )}
    </>
  );
}

/** Assignment audit: compare today's owners in a fresh CRM export with the plan's owners. */
export function AuditDialog() {
  const open = useOwnership((s) => s.dialog === 'audit');
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [outcome, setOutcome] = useState<AuditOutcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const close = useCallback(() => {
    cancelAudit();
    setProgress(null);
    useOwnership.getState().set({ dialog: null });
  }, []);
  if (!open) return null;
  const run = async (file: File): Promise<void> => {
    setError(null);
    setOutcome(null);
    setProgress({ rows: 0, bytes: 0, totalBytes: file.size, elapsedMs: 0 });
    try {
      setOutcome(await auditFile(file, setProgress));
    } catch (e) {
      if (!(e instanceof Error && e.message === 'Import cancelled'))
        setError(e instanceof Error ? e.message : String(e));
    } finally {
      setProgress(null);
    }
  };
  return (
    <Modal title="Assignment audit" onClose={close} wide>
      <p className="muted small">
        Upload a fresh CRM export with today&apos;s owners. Each account is routed through this plan and compared with
        its current owner. The workspace does not change.
      </p>
      <div className="modal-actions start">
        <label className="button-like">
          Choose CRM export (CSV)…
          <input
            type="file"
            accept=".csv,text/csv,.txt"
            className="visually-hidden"
            aria-label="CRM export to audit"
            disabled={progress !== null}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void run(file);
            }}
          />
        </label>
        {progress && (
          <>
            <progress aria-label="Audit progress" max={progress.totalBytes || 1} value={progress.bytes} />
            <span className="small">{formatCount(progress.rows)} rows read</span>
            <button type="button" onClick={() => cancelAudit()}>
              Cancel
            </button>
          </>
        )}
      </div>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {outcome && <AuditResult outcome={outcome} />}
    </Modal>
  );
}
