import { useEffect, useMemo, useState } from 'react';
import { ownershipOfAccounts, setNamedAccount } from '../editor/ownership.ts';
import type { Level } from '../domain/geography.ts';
import type { AccountOwnership } from '../engine/planEngine.ts';
import { groupAccountsByUnit, type AccountsByUnit } from '../geo/accountsByUnit.ts';
import { stringAt, type AccountTable as Accounts } from '../io/accountTable.ts';
import { useOwnership } from '../store/ownershipStore.ts';
import { usePlan } from '../store/planStore.ts';
import { useWorkspace } from '../store/workspaceStore.ts';
import { describeOwnership } from './AccountOwnership.tsx';
import { formatMoney } from '../domain/format.ts';

const SHOWN = 25;
let byUnitCache: { table: Accounts; byUnit: AccountsByUnit } | null = null;

function accountsByUnit(table: Accounts, unitCount: number): AccountsByUnit {
  if (byUnitCache?.table !== table) byUnitCache = { table, byUnit: groupAccountsByUnit(table.unit, unitCount) };
  return byUnitCache.byUnit;
}

/** The most valuable accounts of the selected area with their planned owner, reason and the named-account control. */
export function AccountTable({ level, unit }: { level: Level; unit: number }) {
  const dataset = useWorkspace((s) => s.dataset);
  const assets = useWorkspace((s) => s.assets);
  const focusAccount = useWorkspace((s) => s.focusAccount);
  const teams = usePlan((s) => s.teams);
  const reps = usePlan((s) => s.reps);
  const named = usePlan((s) => s.namedAccounts);
  const revision = useOwnership((s) => s.revision);
  const [owners, setOwners] = useState<Map<number, AccountOwnership>>(new Map());
  const { accounts, total } = useMemo(() => {
    if (!dataset || !assets) return { accounts: [] as number[], total: 0 };
    const byUnit = accountsByUnit(dataset.table, assets.geo.unitCount);
    const units = assets.geo.unitsInSameGroup(level, unit);
    const all: number[] = [];
    for (const u of units) for (let i = byUnit.offsets[u]; i < byUnit.offsets[u + 1]; i++) all.push(byUnit.accounts[i]);
    const value = dataset.table.value;
    all.sort((a, b) => (value[b] || 0) - (value[a] || 0));
    return { accounts: all.slice(0, SHOWN), total: all.length };
  }, [dataset, assets, level, unit]);
  useEffect(() => {
    let live = true;
    if (accounts.length)
      void ownershipOfAccounts(accounts).then((list) => live && setOwners(new Map(list.map((o) => [o.account, o]))));
    return () => {
      live = false;
    };
  }, [accounts, revision, named]);
  if (!dataset || accounts.length === 0) return null;
  const table = dataset.table;
  return (
    <div className="scroll-box account-table">
      <table className="data-table" aria-label="Accounts in the selection">
        <caption className="small muted">
          {total > SHOWN ? `Top ${SHOWN} of ${total.toLocaleString('en-US')} accounts by value` : `${total} accounts`}
        </caption>
        <thead>
          <tr>
            <th>Account</th>
            <th>{table.valueName || 'Value'}</th>
            <th>Planned owner</th>
            <th>Named for</th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((a) => {
            const id = stringAt(table.id, a);
            const name = stringAt(table.name, a) || id;
            const o = owners.get(a);
            const described = o ? describeOwnership(o, { teams, reps }) : null;
            return (
              <tr key={a}>
                <td>
                  <button type="button" className="link-button" onClick={() => focusAccount(a)}>
                    {name}
                  </button>
                </td>
                <td>{formatMoney(table.value[a])}</td>
                <td title={described?.explanation}>
                  {described?.owner || (o?.reason === 'TERRITORY' ? 'Vacant' : '—')}{' '}
                  {o && <span className={`reason-chip ${o.reason}`}>{o.reason}</span>}
                </td>
                <td>
                  <select
                    aria-label={`Named account of, for ${name}`}
                    value={named.find((n) => n.accountId === id)?.repId ?? ''}
                    onChange={(e) => setNamedAccount(id, e.target.value || null, name)}
                  >
                    <option value="">—</option>
                    {reps.map((r) => (
                      <option key={r.id} value={r.id}>
                        {r.name}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
