import { create } from 'zustand';
import type { ColumnMapping } from '../io/columnMapping.ts';
import type { ImportProgress, ImportResult, SniffOutcome } from '../worker/importProtocol.ts';

/** What a finished import needs to be read again (e.g. with unclosed quotes read as text). */
export interface ImportRerun {
  file: File;
  outcome: SniffOutcome;
  mapping: ColumnMapping;
}

/** Where the import dialog is. Nothing in the workspace changes before 'review' is accepted. */
export type ImportStep =
  | { step: 'idle' }
  | { step: 'sniffing'; file: File }
  | { step: 'mapping'; file: File; outcome: SniffOutcome; mapping: ColumnMapping; remembered: boolean }
  | { step: 'importing'; file: File; progress: ImportProgress | null }
  | { step: 'review'; result: ImportResult; rerun?: ImportRerun }
  | { step: 'error'; message: string };

interface ImportState {
  current: ImportStep;
  setStep: (step: ImportStep) => void;
  setMapping: (mapping: ColumnMapping) => void;
}

/** State of the import dialog. */
export const useImport = create<ImportState>((set) => ({
  current: { step: 'idle' },
  setStep: (current) => set({ current }),
  setMapping: (mapping) => set((s) => (s.current.step === 'mapping' ? { current: { ...s.current, mapping } } : s)),
}));
