import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  addNamedAccounts,
  addRepsFromOwners,
  ownersNotInPlan,
  moveRule,
  setEngagementWindow,
  setEvaluationDay,
  setNamedAccount,
  setRepAvailability,
  setRuleEnabled,
  setTeamRouting,
} from '../../editor/ownership.ts';
import { engineCall } from '../../editor/engineLink.ts';
import { OWNERSHIP_REASONS, type OwnershipRule } from '../../domain/plan.ts';
import {
  OWNERSHIP_REASON_LABELS,
  OWNERSHIP_RULE_NAMES,
  UNROUTABLE_WHY,
  UNROUTABLE_WHY_LABELS,
} from '../../engine/ownership.ts';
import { stringAt } from '../../io/accountTable.ts';
import { parseNamedAccountsCsv, type NamedAccountProblem } from '../../io/namedAccountsCsv.ts';
import { useOwnership } from '../../store/ownershipStore.ts';
import { usePlan } from '../../store/planStore.ts';
import { useWorkspace } from '../../store/workspaceStore.ts';
import { formatCount } from '../../domain/format.ts';
import { Modal } from '../Modal.tsx';

const accountsText = (n: number): string => `${formatCount(n)} ${n === 1 ? 'account' : 'accounts'}`;

function RuleLadder() {
  const ownership = usePlan((s) => s.ownership);
  const summary = useOwnership((s) => s.summary);
  const count = (rule: OwnershipRule) => summary?.reasonCounts[OWNERSHIP_REASONS.indexOf(rule)] ?? 0;
  const unroutable = summary?.reasonCounts[OWNERSHIP_REASONS.indexOf('UNROUTABLE')] ?? 0;
  return (
    <section aria-label="Ownership ladder">
      <h3>Who owns an account</h3>
      <p className="muted small">
        Each account gets its owner from the first rule that applies, top to bottom. Accounts no rule places go to the
        unroutable queue.
      </p>
      <ol className="rule-ladder">
        {ownership.order.map((rule, i) => (
          <li key={rule} className={ownership.enabled[rule] ? '' : 'off'}>
            <span className="rank">{i + 1}</span>
            <label className="rule-text">
              <input
                type="checkbox"
                checked={ownership.enabled[rule]}
                onChange={(e) => setRuleEnabled(rule, e.target.checked)}
              />{' '}
              {OWNERSHIP_RULE_NAMES[rule]}
              <small>{OWNERSHIP_REASON_LABELS[rule]}</small>
            </label>
            <span className="count" data-testid={`rule-count-${rule}`}>
              {accountsText(count(rule))}
            </span>
            <span className="moves">
              <button
                type="button"
                aria-label={`Move ${OWNERSHIP_RULE_NAMES[rule]} up`}
                disabled={i === 0}
                onClick={() => moveRule(rule, -1)}
              >
                ↑
              </button>
              <button
                type="button"
                aria-label={`Move ${OWNERSHIP_RULE_NAMES[rule]} down`}
                disabled={i === ownership.order.length - 1}
                onClick={() => moveRule(rule, 1)}
              >
                ↓
              </button>
            </span>
          </li>
        ))}
        <li className="off">
          <span className="rank">·</span>
          <span className="rule-text">
            Unroutable
            <small>{OWNERSHIP_REASON_LABELS.UNROUTABLE}</small>
          </span>
          <span className="count" data-testid="rule-count-UNROUTABLE">
            {accountsText(unroutable)}
          </span>
          <span />
        </li>
      </ol>
      {summary && unroutable > 0 && (
        <ul className="problem-list" aria-label="Why accounts are unroutable">
          {UNROUTABLE_WHY.map((why, i) =>
            why && summary.unroutableCounts[i] > 0 ? (
              <li key={why}>
                {formatCount(summary.unroutableCounts[i])}: {UNROUTABLE_WHY_LABELS[why]}
              </li>
            ) : null,
          )}
        </ul>
      )}
      <div className="mapping-grid">
        <label className="mapping-row">
          <span>Recent engagement window (days)</span>
          <input
            type="number"
            min={0}
            max={3650}
            key={ownership.engagementWindowDays}
            defaultValue={ownership.engagementWindowDays}
            onBlur={(e) => setEngagementWindow(Number(e.target.value))}
            onKeyDown={(e) => e.key === 'Enter' && setEngagementWindow(Number(e.currentTarget.value))}
          />
        </label>
        <label className="mapping-row">
          <span>Evaluate on (blank = today)</span>
          <input type="date" value={ownership.asOf} onChange={(e) => setEvaluationDay(e.target.value)} />
        </label>
      </div>
      {summary && (summary.missingParents > 0 || summary.parentCycles > 0) && (
        <ul className="problem-list" aria-label="Account hierarchy problems">
          {summary.missingParents > 0 && (
            <li>
              {summary.missingParents === 1
                ? `1 account names a parent that is not in the data (${summary.missingParentExamples[0]}); it is routed on its own.`
                : `${formatCount(summary.missingParents)} accounts name a parent that is not in the data (e.g. ${summary.missingParentExamples.join(', ')}); they are routed on their own.`}
            </li>
          )}
          {summary.parentCycles > 0 && (
            <li>
              {summary.parentCycles === 1
                ? `1 parent cycle (${summary.cycleExamples[0]}); the accounts in it are routed on their own.`
                : `${formatCount(summary.parentCycles)} parent cycles (e.g. ${summary.cycleExamples.join('; ')}); the accounts in a cycle are routed on their own.`}
            </li>
          )}
        </ul>
      )}
    </section>
  );
}

function OwnersAsReps() {
  const reps = usePlan((s) => s.reps);
  const dataset = useWorkspace((s) => s.dataset);
  const found = useMemo(() => (dataset ? ownersNotInPlan() : null), [dataset, reps]); // eslint-disable-line react-hooks/exhaustive-deps
  const missing = found?.add ?? [];
  const ids = found?.fillIds ?? [];
  if (missing.length === 0 && ids.length === 0) return null;
  if (missing.length === 0)
    return (
      <p className="ownership-line">
        The owner Id column gives {formatCount(ids.length)} reps a CRM user Id they do not have yet.{' '}
        <button type="button" onClick={() => addRepsFromOwners()}>
          Fill in {formatCount(ids.length)} CRM user Ids
        </button>
      </p>
    );
  return (
    <p className="ownership-line">
      {formatCount(missing.length)} account owners in the data are not reps of this plan, so rules that keep accounts
      with their owner cannot apply to them.{' '}
      <button type="button" onClick={() => addRepsFromOwners()}>
        Add {formatCount(missing.length)} owners as reps
      </button>
    </p>
  );
}

function TeamRouting() {
  const teams = usePlan((s) => s.teams);
  const reps = usePlan((s) => s.reps);
  return (
    <section aria-label="Team routing">
      <h3>Teams</h3>
      {teams.map((team, t) => {
        const routing = team.routing ?? 'territory';
        const pool = team.poolRepIds ?? [];
        return (
          <div key={team.id} className="ownership-line">
            <label>
              {team.name}:{' '}
              <select
                aria-label={`Routing of ${team.name}`}
                value={routing}
                onChange={(e) =>
                  setTeamRouting(
                    t,
                    e.target.value as 'territory' | 'roundRobin',
                    pool.length ? pool : reps.map((r) => r.id),
                  )
                }
              >
                <option value="territory">by the territory map</option>
                <option value="roundRobin">round-robin pool (no geography)</option>
              </select>
            </label>
            {routing === 'roundRobin' && (
              <fieldset className="pool">
                <legend className="small muted">Pool reps (weighted by target accounts)</legend>
                {reps.length === 0 && <p className="muted small">Add reps first.</p>}
                {reps.map((r) => (
                  <span key={r.id} className="pool-rep">
                    <label>
                      <input
                        type="checkbox"
                        checked={pool.includes(r.id)}
                        onChange={(e) =>
                          setTeamRouting(
                            t,
                            'roundRobin',
                            e.target.checked ? [...pool, r.id] : pool.filter((id) => id !== r.id),
                          )
                        }
                      />{' '}
                      {r.name}
                    </label>{' '}
                    <label className="small">
                      <input
                        type="checkbox"
                        checked={!r.unavailable}
                        onChange={(e) => setRepAvailability(r.id, e.target.checked)}
                      />{' '}
                      available
                    </label>
                  </span>
                ))}
              </fieldset>
            )}
          </div>
        );
      })}
    </section>
  );
}

function NamedAccounts() {
  const named = usePlan((s) => s.namedAccounts);
  const reps = usePlan((s) => s.reps);
  const dataset = useWorkspace((s) => s.dataset);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [report, setReport] = useState<{ added: number; problems: NamedAccountProblem[]; error?: string } | null>(null);

  useEffect(() => {
    if (!dataset || named.length === 0) return;
    const ids = named.map((n) => n.accountId);
    void engineCall('accountIndexesOf', ids).then((indexes) => {
      const next = new Map<string, string>();
      ids.forEach((id, i) => next.set(id, indexes[i] >= 0 ? stringAt(dataset.table.name, indexes[i]) : ''));
      setNames(next);
    });
  }, [named, dataset]);

  const onFile = useCallback(
    async (file: File) => {
      const text = await file.text();
      const ids = [...new Set(text.split(/[\r\n,;\t]+/).map((s) => s.trim().replace(/^"|"$/g, '')))].filter(Boolean);
      const indexes = await engineCall('accountIndexesOf', ids);
      const known = new Set(ids.filter((_, i) => indexes[i] >= 0));
      const parsed = parseNamedAccountsCsv(text, reps, (id) => known.has(id));
      if ('error' in parsed) {
        setReport({ added: 0, problems: [], error: `${file.name}: ${parsed.error}` });
        return;
      }
      addNamedAccounts(parsed.entries, `Import named accounts from ${file.name}`);
      setReport({ added: parsed.entries.length, problems: parsed.problems });
    },
    [reps],
  );

  const repName = (id: string) => reps.find((r) => r.id === id)?.name ?? 'Unknown rep';
  const byRep = reps.map((r) => ({ rep: r, accounts: named.filter((n) => n.repId === r.id) }));
  return (
    <section aria-label="Named accounts">
      <h3>Named accounts ({formatCount(named.length)})</h3>
      <p className="muted small">
        A named account belongs to its rep whatever the map says. Name one from its popup on the map, or import a CSV
        with an account Id column and a rep email column.
      </p>
      <label className="button-like">
        Import named accounts (CSV)…
        <input
          type="file"
          accept=".csv,text/csv"
          className="visually-hidden"
          aria-label="Import named accounts CSV"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void onFile(file);
          }}
        />
      </label>
      {report && (
        <div role="status" className="ownership-line" data-testid="named-import-report">
          {report.error ??
            `${formatCount(report.added)} named accounts added; ${formatCount(report.problems.length)} rows skipped.`}{' '}
          {report.problems.length > 0 && (
            <ul className="problem-list">
              {report.problems.slice(0, 20).map((p) => (
                <li key={p.line}>
                  Line {p.line}
                  {p.accountId ? ` (${p.accountId})` : ''}: {p.reason}
                </li>
              ))}
              {report.problems.length > 20 && <li>… and {report.problems.length - 20} more</li>}
            </ul>
          )}
        </div>
      )}
      {named.length > 0 && (
        <div className="scroll-box">
          <table className="data-table" aria-label="Named accounts by rep">
            <thead>
              <tr>
                <th>Rep</th>
                <th>Account</th>
                <th>Id</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {byRep.flatMap(({ rep, accounts }) =>
                accounts.map((n) => (
                  <tr key={n.accountId}>
                    <td>{repName(rep.id)}</td>
                    <td>{names.get(n.accountId) || <span className="muted">not in the data</span>}</td>
                    <td>{n.accountId}</td>
                    <td>
                      <button
                        type="button"
                        className="icon-button"
                        aria-label={`Remove named account ${n.accountId}`}
                        onClick={() => setNamedAccount(n.accountId, null, names.get(n.accountId) || n.accountId)}
                      >
                        ×
                      </button>
                    </td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Ownership settings: the precedence ladder, team routing (map or round-robin) and named accounts. */
export function OwnershipDialog() {
  const open = useOwnership((s) => s.dialog === 'rules');
  const close = useCallback(() => useOwnership.getState().set({ dialog: null }), []);
  if (!open) return null;
  return (
    <Modal title="Ownership rules" onClose={close} wide>
      <div className="two-columns">
        <RuleLadder />
        <div>
          <OwnersAsReps />
          <TeamRouting />
          <NamedAccounts />
        </div>
      </div>
      <div className="modal-actions">
        <button type="button" className="primary" onClick={close}>
          Done
        </button>
      </div>
    </Modal>
  );
}
