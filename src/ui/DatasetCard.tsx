import { ROW_PROBLEM_LABELS, type RowProblemReason } from '../io/accountTable.ts';
import { useWorkspace } from '../store/workspaceStore.ts';
import { formatCount, formatMoney } from './format.ts';

/** Summary of the loaded accounts: counts, total value and the rows that could not be used or placed. */
export function DatasetCard() {
  const dataset = useWorkspace((s) => s.dataset);
  if (!dataset) return null;
  const { report, totals } = dataset;
  let value = 0;
  for (const v of totals.value) value += v;
  const byReason = new Map<RowProblemReason, number>();
  for (const p of report.problems) byReason.set(p.reason, (byReason.get(p.reason) ?? 0) + 1);
  return (
    <section className="card" aria-labelledby="dataset-title">
      <h2 id="dataset-title">Accounts</h2>
      <p className="muted small">{report.fileName}</p>
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
          <dt>Total value</dt>
          <dd>{formatMoney(value)}</dd>
        </div>
      </dl>
      {byReason.size > 0 && (
        <details className="problems">
          <summary>
            {formatCount(report.problems.length)} rows need attention ({formatCount(report.rowsRead)} read)
          </summary>
          <ul>
            {[...byReason.entries()].map(([reason, count]) => (
              <li key={reason}>
                <span>{ROW_PROBLEM_LABELS[reason]}</span> <b>{formatCount(count)}</b>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
