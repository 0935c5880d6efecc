import { useId, useState } from 'react';
import { crmUserIdProblem } from '../../domain/crmUserId.ts';
import { updateRep } from '../../editor/planCommands.ts';

/**
 * A rep's CRM user Id (Salesforce OwnerId), saved through the editor when the field loses focus or Enter is
 * pressed; an Id that is not a Salesforce user Id is refused with a message next to the field.
 */
export function CrmUserIdInput({ repId, repName, value }: { repId: string; repName: string; value: string }) {
  const [problem, setProblem] = useState<string | null>(null);
  const errorId = useId();
  const save = (input: HTMLInputElement): void => {
    const id = input.value.trim();
    const why = crmUserIdProblem(id);
    setProblem(why);
    if (!why) updateRep(repId, { crmUserId: id || undefined });
  };
  return (
    <span className="crm-id-field">
      <input
        aria-label={`CRM user Id of ${repName}`}
        placeholder="CRM user Id (005…)"
        spellCheck={false}
        autoComplete="off"
        defaultValue={value}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? errorId : undefined}
        onBlur={(e) => save(e.currentTarget)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') save(e.currentTarget);
        }}
      />
      {problem && (
        <span id={errorId} className="error-text small" role="alert">
          {problem}
        </span>
      )}
    </span>
  );
}
