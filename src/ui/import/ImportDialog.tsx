import { useEffect, useRef } from 'react';
import { acceptImport, cancelImport, closeImport, readQuotesAsText, runImport } from '../../editor/imports.ts';
import { ROW_PROBLEM_LABELS, type ImportReport, type RowProblemReason } from '../../io/accountTable.ts';
import {
  ACCOUNT_FIELDS,
  ACCOUNT_FIELD_LABELS,
  CRM_SOURCE_LABELS,
  mappingProblem,
  type AccountField,
  type ColumnMapping,
} from '../../io/columnMapping.ts';
import { problemRowsCsv } from '../../io/csvExport.ts';
import { useImport } from '../../store/importStore.ts';
import { useWorkspace } from '../../store/workspaceStore.ts';
import type { ImportProgress, SniffOutcome } from '../../worker/importProtocol.ts';
import { downloadText } from '../../editor/download.ts';
import { formatCount } from '../../domain/format.ts';
import { ImportButton } from './ImportButton.tsx';
import { ModalDialog } from '../Modal.tsx';

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

/** The import dialog: column mapping, progress with cancel, and the validation report. */
export function ImportDialog() {
  const current = useImport((s) => s.current);
  const dialog = useRef<HTMLDivElement>(null);

  useEffect(() => {
    dialog.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
  }, [current.step]);

  if (current.step === 'idle') return null;
  return (
    <ModalDialog labelledBy="import-title" onClose={closeImport}>
      <div ref={dialog}>
        {current.step === 'sniffing' && (
          <>
            <h2 id="import-title">Reading {current.file.name}</h2>
            <p className="muted">
              <span className="spinner inline" aria-hidden="true" /> Detecting columns…
            </p>
          </>
        )}
        {current.step === 'mapping' && (
          <MappingStep
            fileName={current.file.name}
            outcome={current.outcome}
            mapping={current.mapping}
            remembered={current.remembered}
          />
        )}
        {current.step === 'importing' && <ProgressStep fileName={current.file.name} progress={current.progress} />}
        {current.step === 'review' && <ReviewStep report={current.result.report} canReread={!!current.rerun} />}
        {current.step === 'error' && (
          <>
            <h2 id="import-title">This file cannot be imported</h2>
            <p className="error-text" role="alert">
              {current.message}
            </p>
            <p className="muted">Your current accounts and plan are unchanged.</p>
            <div className="modal-actions">
              <button type="button" onClick={closeImport} data-autofocus>
                Close
              </button>
              <ImportButton label="Choose another file" />
            </div>
          </>
        )}
      </div>
    </ModalDialog>
  );
}

function MappingStep(props: { fileName: string; outcome: SniffOutcome; mapping: ColumnMapping; remembered: boolean }) {
  const { fileName, outcome, mapping, remembered } = props;
  const setMapping = useImport((s) => s.setMapping);
  const problem = mappingProblem(mapping, outcome.headers.length);
  const numeric = new Set(outcome.numericColumns);
  const mappedColumns = new Set(Object.values(mapping.fields));
  const metricCandidates = outcome.numericColumns.filter((c) => !mappedColumns.has(c) && c !== mapping.valueColumn);
  const setField = (field: AccountField, value: string): void => {
    const fields = { ...mapping.fields };
    if (value === '') delete fields[field];
    else fields[field] = Number(value);
    setMapping({ ...mapping, fields });
  };
  const columnOptions = outcome.headers.map((h, i) => (
    <option key={i} value={i}>
      {h || `Column ${i + 1}`}
    </option>
  ));
  return (
    <>
      <h2 id="import-title">Import accounts from {fileName}</h2>
      <p className="muted small">
        Detected {CRM_SOURCE_LABELS[outcome.source]} · {outcome.encoding.toUpperCase()} ·{' '}
        {DELIMITER_NAMES[outcome.delimiter]}-separated
        {outcome.decimal && ` · decimal ${outcome.decimal === ',' ? 'comma' : 'point'}`} · {outcome.headers.length}{' '}
        columns
        {remembered && ' · using the mapping you chose last time for these columns'}
      </p>
      <div className="mapping-grid">
        {ACCOUNT_FIELDS.map((field) => (
          <label key={field} className="mapping-row">
            <span>{ACCOUNT_FIELD_LABELS[field]}</span>
            <select value={mapping.fields[field] ?? ''} onChange={(e) => setField(field, e.target.value)}>
              <option value="">— not in file —</option>
              {columnOptions}
            </select>
          </label>
        ))}
        <label className="mapping-row value-row">
          <span>Account value (balanced on)</span>
          <select
            value={mapping.valueColumn ?? ''}
            onChange={(e) =>
              setMapping({ ...mapping, valueColumn: e.target.value === '' ? null : Number(e.target.value) })
            }
          >
            <option value="">— none (count accounts only) —</option>
            {outcome.headers.map((h, i) => (
              <option key={i} value={i}>
                {h}
                {numeric.has(i) ? '' : ' (not numeric)'}
              </option>
            ))}
          </select>
        </label>
        <label className="mapping-row">
          <span>Decimal separator</span>
          <select
            value={mapping.decimal ?? ''}
            onChange={(e) => {
              const value = e.target.value;
              const next: ColumnMapping = { ...mapping };
              if (value === ',' || value === '.') next.decimal = value;
              else delete next.decimal;
              setMapping(next);
            }}
          >
            <option value="">Each number decides (1,234.5 or 1.234,5)</option>
            <option value=",">Comma: 1.234,5</option>
            <option value=".">Point: 1,234.5</option>
          </select>
        </label>
      </div>
      {metricCandidates.length > 0 && (
        <fieldset className="metrics">
          <legend>Keep other numeric columns as extra metrics</legend>
          {metricCandidates.map((c) => (
            <label key={c} className="check">
              <input
                type="checkbox"
                checked={mapping.metricColumns.includes(c)}
                onChange={(e) =>
                  setMapping({
                    ...mapping,
                    metricColumns: e.target.checked
                      ? [...mapping.metricColumns, c].sort((a, b) => a - b)
                      : mapping.metricColumns.filter((m) => m !== c),
                  })
                }
              />
              {outcome.headers[c]}
            </label>
          ))}
        </fieldset>
      )}
      <details className="preview">
        <summary>Preview the first rows</summary>
        <div className="preview-scroll">
          <table>
            <thead>
              <tr>
                {outcome.headers.map((h, i) => (
                  <th key={i}>{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {outcome.sampleRows.slice(0, 5).map((row, r) => (
                <tr key={r}>
                  {outcome.headers.map((_, i) => (
                    <td key={i}>{row[i] ?? ''}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      {problem && (
        <p className="error-text" role="alert">
          {problem}
        </p>
      )}
      <div className="modal-actions">
        <button type="button" onClick={closeImport}>
          Cancel
        </button>
        <button
          type="button"
          className="primary"
          disabled={problem !== null}
          onClick={() => void runImport(mapping)}
          data-autofocus
        >
          Import
        </button>
      </div>
    </>
  );
}

function ProgressStep({ fileName, progress }: { fileName: string; progress: ImportProgress | null }) {
  const share = progress && progress.totalBytes > 0 ? progress.bytes / progress.totalBytes : 0;
  const rate = progress && progress.elapsedMs > 0 ? (progress.rows / progress.elapsedMs) * 1000 : 0;
  const remainingS = share > 0 && progress ? ((1 - share) / share) * (progress.elapsedMs / 1000) : NaN;
  return (
    <>
      <h2 id="import-title">Importing {fileName}</h2>
      <div
        className="progress"
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(share * 100)}
      >
        <div style={{ width: `${Math.round(share * 100)}%` }} />
      </div>
      <p className="muted" aria-live="polite" data-testid="import-progress">
        {progress
          ? `${formatCount(progress.rows)} rows read · ${formatCount(Math.round(rate))} rows/s${
              Number.isFinite(remainingS) ? ` · about ${Math.max(1, Math.round(remainingS))} s left` : ''
            }`
          : 'Starting…'}
      </p>
      <div className="modal-actions">
        <button type="button" onClick={cancelImport} data-autofocus>
          Cancel import
        </button>
      </div>
    </>
  );
}

/** How the file's lines became rows, and every line that did not become one, with why. */
function ReadingNotes({ report, canReread }: { report: ImportReport; canReread: boolean }) {
  const reading = report.reading;
  if (!reading) return null;
  const dataLines = reading.lines - 1;
  const runaways = reading.runawayQuotes;
  const parts = [`${formatCount(report.rowsRead)} rows read`];
  if (reading.blankLines > 0) parts.push(`${formatCount(reading.blankLines)} blank`);
  if (reading.notTextLines > 0) parts.push(`${formatCount(reading.notTextLines)} not text`);
  if (reading.continuationLines > 0) parts.push(`${formatCount(reading.continuationLines)} inside quoted values`);
  return (
    <>
      {runaways.length > 0 && (
        <section className="warning-text reading-warning" role="alert" aria-labelledby="runaway-title">
          <h3 id="runaway-title">
            {runaways.length === 1
              ? `Line ${formatCount(runaways[0].line)}: a quote is never closed`
              : `${runaways.length} quotes are never closed`}
          </h3>
          <ul>
            {runaways.slice(0, 5).map((q) => (
              <li key={q.line} data-testid="runaway-quote">
                Line {formatCount(q.line)} opens a quote that runs over {formatCount(q.lines)} lines, so lines{' '}
                {formatCount(q.line)}–{formatCount(q.line + q.lines - 1)} were read as one row. The line starts:{' '}
                <code>{q.text}</code>
              </li>
            ))}
          </ul>
          {canReread && (
            <div className="modal-actions start">
              <button type="button" className="primary" onClick={() => void readQuotesAsText()} data-autofocus>
                Read again, treating the unclosed quote as text
              </button>
              <span className="small">
                Keeps every line as its own row; the cells the quote would have joined are joined.
              </span>
            </div>
          )}
        </section>
      )}
      {reading.notText.length > 0 && (
        <p className="warning-text" data-testid="not-text">
          Skipped {formatCount(reading.notTextLines)} lines that are not text (binary data):{' '}
          {reading.notText
            .slice(0, 5)
            .map((r) =>
              r.from === r.to ? `line ${formatCount(r.from)}` : `lines ${formatCount(r.from)}–${formatCount(r.to)}`,
            )
            .join(', ')}
          {reading.notText.length > 5 && ', …'}.
        </p>
      )}
      {reading.quotesReadAsText.length > 0 && (
        <p className="muted small" data-testid="quotes-as-text">
          Read the unclosed quote as text on line{reading.quotesReadAsText.length > 1 ? 's' : ''}{' '}
          {reading.quotesReadAsText.slice(0, 10).map(formatCount).join(', ')}
          {reading.quotesReadAsText.length > 10 && ', …'}.
        </p>
      )}
      <p className="muted small" data-testid="report-lines">
        {formatCount(dataLines)} lines after the header: {parts.join(', ')}.
      </p>
    </>
  );
}

function ReviewStep({ report, canReread }: { report: ImportReport; canReread: boolean }) {
  const existing = useWorkspace((s) => s.dataset);
  const runaway = (report.reading?.runawayQuotes.length ?? 0) > 0;
  const groups = (Object.entries(report.problemCounts) as [RowProblemReason, number][]).sort((a, b) => b[1] - a[1]);
  const totalProblems = groups.reduce((s, [, n]) => s + n, 0);
  const stem = report.fileName.replace(/\.[^.]+$/, '');
  return (
    <>
      <h2 id="import-title">Import report: {report.fileName}</h2>
      <p className="muted small">{report.source}</p>
      <dl className="tiles four" data-testid="import-report">
        <div>
          <dt>Rows read</dt>
          <dd data-testid="report-rows-read">{formatCount(report.rowsRead)}</dd>
        </div>
        <div>
          <dt>Accounts imported</dt>
          <dd data-testid="report-imported">{formatCount(report.accountsImported)}</dd>
        </div>
        <div>
          <dt>Placed on the map</dt>
          <dd data-testid="report-placed">{formatCount(report.accountsPlaced)}</dd>
        </div>
        <div>
          <dt>Rows with problems</dt>
          <dd data-testid="report-problems">{formatCount(totalProblems)}</dd>
        </div>
      </dl>
      <ReadingNotes report={report} canReread={canReread} />
      {groups.length > 0 ? (
        <table className="problem-table" aria-label="Problems by reason">
          <thead>
            <tr>
              <th>Reason</th>
              <th>Rows</th>
            </tr>
          </thead>
          <tbody>
            {groups.map(([reason, count]) => (
              <tr key={reason} data-reason={reason}>
                <td>{ROW_PROBLEM_LABELS[reason]}</td>
                <td>{formatCount(count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>Every row was imported and placed.</p>
      )}
      {report.problems.length < totalProblems && (
        <p className="muted small">The download lists the first {formatCount(report.problems.length)} problem rows.</p>
      )}
      <div className="modal-actions">
        {groups.length > 0 && (
          <button type="button" onClick={() => downloadText(`${stem}-problems.csv`, problemRowsCsv(report))}>
            Download problem rows (CSV)
          </button>
        )}
        <span className="spacer" />
        <button type="button" onClick={closeImport}>
          Discard
        </button>
        <button
          type="button"
          className={runaway && canReread ? undefined : 'primary'}
          onClick={() => void acceptImport()}
          data-autofocus={runaway && canReread ? undefined : true}
        >
          {existing
            ? `Replace ${formatCount(existing.table.count)} current accounts`
            : `Use these ${formatCount(report.accountsImported)} accounts`}
        </button>
      </div>
    </>
  );
}
