import { useState } from 'react';
import { addTeam, deleteTeam, setActiveTeam } from '../../editor/planCommands.ts';
import type { TeamCondition } from '../../domain/plan.ts';
import { usePlan } from '../../store/planStore.ts';

type RuleKind = 'employees>=' | 'employees<' | 'value>=' | 'value<' | 'segment' | 'tier' | 'industry' | 'accountType';

const RULES: { kind: RuleKind; label: string }[] = [
  { kind: 'employees>=', label: 'Employees at least' },
  { kind: 'employees<', label: 'Employees below' },
  { kind: 'value>=', label: 'Value at least' },
  { kind: 'value<', label: 'Value below' },
  { kind: 'segment', label: 'Segment is one of' },
  { kind: 'tier', label: 'Tier is one of' },
  { kind: 'industry', label: 'Industry is one of' },
  { kind: 'accountType', label: 'Type is one of' },
];

/** Reads a rule from the form; null with the reason when it is not usable. */
function toCondition(kind: RuleKind, raw: string): TeamCondition | string {
  if (kind.endsWith('>=') || kind.endsWith('<')) {
    const value = Number(raw.replace(/[,$\s]/g, ''));
    if (!Number.isFinite(value)) return 'Enter a number.';
    const field = kind.startsWith('employees') ? 'employees' : 'value';
    return { field, op: kind.endsWith('>=') ? '>=' : '<', value };
  }
  const values = raw
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  if (values.length === 0) return 'Enter one or more values, separated by commas.';
  return { field: kind as 'segment' | 'tier' | 'industry' | 'accountType', op: 'in', values };
}

/** Describes a team's filter in plain words. */
export function describeConditions(conditions: readonly TeamCondition[]): string {
  if (conditions.length === 0) return 'every other account';
  return conditions
    .map((c) =>
      c.op === 'in'
        ? `${c.field} is ${c.values.join(' or ')}`
        : `${c.field} ${c.op === '>=' ? '≥' : '<'} ${c.value.toLocaleString('en-US')}`,
    )
    .join(' and ');
}

/** Chooses the team being painted and adds teams by a filter over account fields. */
export function TeamPicker() {
  const teams = usePlan((s) => s.teams);
  const activeTeam = usePlan((s) => s.activeTeam);
  const [adding, setAdding] = useState(false);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<RuleKind>('employees>=');
  const [value, setValue] = useState('1000');
  const [error, setError] = useState<string | null>(null);
  const team = teams[activeTeam];
  return (
    <div className="team-picker">
      <div className="toolbar-row">
        <label className="range">
          Team
          <select aria-label="Team" value={activeTeam} onChange={(e) => void setActiveTeam(Number(e.target.value))}>
            {teams.map((t, i) => (
              <option key={t.id} value={i}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" aria-label="Add team" title="Add team" onClick={() => setAdding((a) => !a)}>
          +
        </button>
        {teams.length > 1 && team && (
          <button
            type="button"
            aria-label={`Delete team ${team.name}`}
            title="Delete team"
            onClick={() => {
              if (window.confirm(`Delete the team "${team.name}" and its territories?`)) void deleteTeam(activeTeam);
            }}
          >
            ×
          </button>
        )}
      </div>
      {team && <p className="muted small">Accounts: {describeConditions(team.conditions)}</p>}
      {adding && (
        <form
          className="team-form"
          onSubmit={(e) => {
            e.preventDefault();
            const condition = toCondition(kind, value);
            if (typeof condition === 'string') return setError(condition);
            if (!name.trim()) return setError('Give the team a name.');
            setError(null);
            setAdding(false);
            setName('');
            void addTeam(name, condition);
          }}
        >
          <input
            aria-label="Team name"
            placeholder="Team name, e.g. Enterprise"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <select aria-label="Team rule" value={kind} onChange={(e) => setKind(e.target.value as RuleKind)}>
            {RULES.map((r) => (
              <option key={r.kind} value={r.kind}>
                {r.label}
              </option>
            ))}
          </select>
          <input aria-label="Team rule value" value={value} onChange={(e) => setValue(e.target.value)} />
          {error && (
            <p className="error-text small" role="alert">
              {error}
            </p>
          )}
          <button type="submit">Create team</button>
        </form>
      )}
    </div>
  );
}
