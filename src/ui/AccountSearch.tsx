import { useId, useMemo, useState } from 'react';
import { useWorkspace } from '../store/workspaceStore.ts';
import { stringAt, type AccountTable } from '../io/accountTable.ts';

const MAX_RESULTS = 8;

/** Accounts whose name or Id contains the query (case-insensitive), prefix matches first. */
export function searchAccounts(table: AccountTable, query: string, limit = MAX_RESULTS): number[] {
  const q = query.trim().toLowerCase();
  if (q.length < 2) return [];
  const prefix: number[] = [];
  const inner: number[] = [];
  for (let a = 0; a < table.count && prefix.length < limit; a++) {
    const name = stringAt(table.name, a).toLowerCase();
    const id = stringAt(table.id, a).toLowerCase();
    if (name.startsWith(q) || id.startsWith(q)) prefix.push(a);
    else if (inner.length < limit && (name.includes(q) || id.includes(q))) inner.push(a);
  }
  return [...prefix, ...inner].slice(0, limit);
}

/** Search box: find an account by name or Id and fly to it. */
export function AccountSearch() {
  const dataset = useWorkspace((s) => s.dataset);
  const focusAccount = useWorkspace((s) => s.focusAccount);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const listId = useId();
  const results = useMemo(() => (dataset ? searchAccounts(dataset.table, query) : []), [dataset, query]);
  if (!dataset) return null;
  const choose = (a: number): void => {
    focusAccount(a);
    setQuery(stringAt(dataset.table.name, a) || stringAt(dataset.table.id, a));
    setOpen(false);
  };
  const showList = open && results.length > 0;
  return (
    <div className="search">
      <input
        type="search"
        role="combobox"
        aria-label="Search accounts by name or Id"
        aria-expanded={showList}
        aria-controls={listId}
        aria-activedescendant={showList ? `${listId}-${active}` : undefined}
        placeholder="Search accounts…"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((i) => Math.min(i + 1, results.length - 1));
          else if (e.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
          else if (e.key === 'Enter' && results[active] !== undefined) choose(results[active]);
          else if (e.key === 'Escape') setOpen(false);
        }}
      />
      {showList && (
        <ul className="search-results" role="listbox" id={listId} aria-label="Matching accounts">
          {results.map((a, i) => (
            <li
              key={a}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(a);
              }}
            >
              <span className="result-name">{stringAt(dataset.table.name, a) || '(no name)'}</span>
              <span className="muted small-inline">{stringAt(dataset.table.id, a)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
