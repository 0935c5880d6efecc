import { useEffect, useState } from 'react';
import { ownershipOfAccounts, setNamedAccount } from '../editor/ownership.ts';
import type { Plan } from '../domain/plan.ts';
import { ownershipExplanation } from '../engine/ownership.ts';
import type { AccountOwnership as Ownership } from '../engine/planEngine.ts';
import { useOwnership } from '../store/ownershipStore.ts';
import { usePlan } from '../store/planStore.ts';

/** Owner name, territory name and the plain-words reason of one resolved account. */
export function describeOwnership(
  o: Ownership,
  plan: Pick<Plan, 'teams' | 'reps'>,
): { owner: string; territory: string; explanation: string } {
  const owner = o.ownerRep >= 0 ? (plan.reps[o.ownerRep]?.name ?? '') : '';
  const territory = o.team >= 0 && o.territory >= 0 ? (plan.teams[o.team]?.territories[o.territory]?.name ?? '') : '';
  return { owner, territory, explanation: ownershipExplanation(o.reason, owner, territory, o.unroutableWhy) };
}

/** The planned owner of an account with its reason, and the named-account control (in the map popup). */
export function AccountOwnership(props: { account: number; accountId: string; accountName: string }) {
  const { account, accountId, accountName } = props;
  const revision = useOwnership((s) => s.revision);
  const teams = usePlan((s) => s.teams);
  const reps = usePlan((s) => s.reps);
  const named = usePlan((s) => s.namedAccounts.find((n) => n.accountId === accountId)?.repId ?? '');
  const [ownership, setOwnership] = useState<Ownership | null>(null);
  useEffect(() => {
    let live = true;
    void ownershipOfAccounts([account]).then(([o]) => live && setOwnership(o ?? null));
    return () => {
      live = false;
    };
  }, [account, revision, named]);
  const described = ownership ? describeOwnership(ownership, { teams, reps }) : null;
  return (
    <div className="ownership-line" aria-label="Planned owner">
      {described && ownership ? (
        <p data-testid="account-owner">
          <b>Planned owner:</b> {described.owner || (ownership.reason === 'TERRITORY' ? 'Vacant' : 'None')}{' '}
          <span className={`reason-chip ${ownership.reason}`} data-testid="account-reason">
            {ownership.reason}
          </span>
          <br />
          <span className="muted">{described.explanation}</span>
        </p>
      ) : (
        <p className="muted">Resolving owner…</p>
      )}
      <label>
        Named account of{' '}
        <select
          aria-label="Named account of"
          value={named}
          disabled={reps.length === 0}
          onChange={(e) => setNamedAccount(accountId, e.target.value || null, accountName)}
        >
          <option value="">— not named —</option>
          {reps.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
