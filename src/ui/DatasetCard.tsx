import { resetToSample, resetWorkspace } from '../editor/imports.ts';
import { loadSampleAccounts } from '../editor/imports.ts';
import { ROW_PROBLEM_LABELS, type RowProblemReason } from '../io/accountTable.ts';
import { problemRowsCsv } from '../io/csvExport.ts';
import { useWorkspace } from '../store/workspaceStore.ts';
import { downloadText } from '../editor/download.ts';
import { formatCount, formatMoney } from '../domain/format.ts';

/** Summary of the loaded accounts: counts, total value and the rows that could not be used or placed. */
export function DatasetCard() {
  const dataset = useWorkspace((s) => s.dataset);
  if (!dataset) return null;
  const { report, totals, table } = dataset;
  let value = 0;
  for (const v of totals.value) value += v;
  const groups = (Object.entries(report.problemCounts) as [RowProblemReason, number][]).sort((a, b) => b[1] - a[1]);
  const problemTotal = groups.reduce((s, [, n]) => s + n, 0);
  const stem = report.fileName.replace(/\.[^.]+$/, '');
  return (
    <section className="card" aria-labelledby="dataset-title">
      <h2 id="dataset-title">Accounts</h2>
      <p className="muted small" data-testid="dataset-file">
        {report.fileName} · {report.source}
        {dataset.isSample && ' · bundled sample'}
      </p>
      <dl className="tiles">
        <div>
          <dt>Accounts</dt>
          <dd data-testid="accounts-imported">{formatCount(report.accountsImported)}</dd>
        </div>
        <div>
          <dt>On the map</dt>
          <dd data-testid="accounts-placed">{formatCount(report.accountsPlaced)}</dd>
        </div>
        <div>
          <dt>{table.valueName || 'Value'}</dt>
          <dd>{formatMoney(value)}</dd>
        </div>
      </dl>
      {groups.length > 0 && (
        <details className="problems">
          <summary>
            {formatCount(problemTotal)} rows need attention ({formatCount(report.rowsRead)} read)
          </summary>
          <ul>
            {groups.map(([reason, count]) => (
              <li key={reason}>
                <span>{ROW_PROBLEM_LABELS[reason]}</span> <b>{formatCount(count)}</b>
              </li>
            ))}
          </ul>
          <button
            type="button"
            className="link"
            onClick={() => downloadText(`${stem}-problems.csv`, problemRowsCsv(report))}
          >
            Download problem rows (CSV)
          </button>
        </details>
      )}
      {!dataset.isSample && (
        <button
          type="button"
          className="link"
          onClick={() => {
            if (window.confirm('Forget the imported accounts and go back to the bundled sample data?'))
              void resetToSample(loadSampleAccounts);
          }}
        >
          Back to the sample data
        </button>
      )}
      <button
        type="button"
        className="link"
        onClick={() => {
          if (
            window.confirm(
              'Reset the workspace? This forgets the imported accounts and every scenario saved in this browser.',
            )
          )
            void resetWorkspace();
        }}
      >
        Reset workspace…
      </button>
    </section>
  );
}
