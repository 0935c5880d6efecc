import { removeRep, updateRep } from '../../editor/planCommands.ts';
import { normalizeUsZip } from '../../io/postalCode.ts';
import { usePlan } from '../../store/planStore.ts';
import { CrmUserIdInput } from './CrmUserIdInput.tsx';

/** Reps with their email, CRM user Id, capacity targets and home ZIP; edits apply when a field loses focus. */
export function RepList() {
  const reps = usePlan((s) => s.reps);
  if (reps.length === 0) return null;
  const numberField = (raw: string): number => {
    const v = Number(raw.replace(/[,$\s]/g, ''));
    return Number.isFinite(v) && v >= 0 ? v : 0;
  };
  return (
    <details className="rep-list">
      <summary>Reps ({reps.length})</summary>
      <ul>
        {reps.map((r) => (
          <li key={r.id}>
            <div className="rep-head">
              <input
                aria-label={`Name of ${r.name}`}
                defaultValue={r.name}
                onBlur={(e) => e.target.value.trim() && updateRep(r.id, { name: e.target.value.trim() })}
              />{' '}
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove rep ${r.name}`}
                onClick={() => removeRep(r.id)}
              >
                ×
              </button>
            </div>
            <input
              aria-label={`Email of ${r.name}`}
              type="email"
              defaultValue={r.email}
              onBlur={(e) => updateRep(r.id, { email: e.target.value.trim() })}
            />{' '}
            <CrmUserIdInput key={r.crmUserId ?? ''} repId={r.id} repName={r.name} value={r.crmUserId ?? ''} />
            <div className="rep-fields">
              <label>
                Target accounts
                <input
                  inputMode="numeric"
                  aria-label={`Target accounts for ${r.name}`}
                  defaultValue={r.capacityAccounts || ''}
                  onBlur={(e) => updateRep(r.id, { capacityAccounts: numberField(e.target.value) })}
                />{' '}
              </label>
              <label>
                Target value
                <input
                  inputMode="numeric"
                  aria-label={`Target value for ${r.name}`}
                  defaultValue={r.capacityValue || ''}
                  onBlur={(e) => updateRep(r.id, { capacityValue: numberField(e.target.value) })}
                />{' '}
              </label>
              <label>
                Home ZIP
                <input
                  aria-label={`Home ZIP of ${r.name}`}
                  defaultValue={r.homeZip}
                  onBlur={(e) => {
                    const zip = normalizeUsZip(e.target.value);
                    const homeZip = zip.ok ? zip.zip5 : '';
                    e.target.value = homeZip;
                    updateRep(r.id, { homeZip });
                  }}
                />
              </label>
            </div>
          </li>
        ))}
      </ul>
    </details>
  );
}
