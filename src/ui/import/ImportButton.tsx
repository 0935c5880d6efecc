import { useRef } from 'react';
import { beginImport } from '../../editor/imports.ts';

/** "Import accounts" button backed by a real file input (also reachable by label for tests and screen readers). */
export function ImportButton({ label = 'Import accounts' }: { label?: string }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className="primary" onClick={() => input.current?.click()}>
        {label}
      </button>
      <input
        ref={input}
        type="file"
        accept=".csv,.tsv,.txt,text/csv,text/plain"
        aria-label="Accounts file (CSV)"
        className="visually-hidden"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void beginImport(file);
        }}
      />
    </>
  );
}
