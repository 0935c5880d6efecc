import { create } from 'zustand';
import type { Level } from '../domain/geography.ts';
import type { UnitTotals } from '../engine/unitTotals.ts';
import type { AccountTable, ImportReport } from '../io/accountTable.ts';
import type { GeographyAssets } from '../map/loadGeography.ts';
import type { UnitHover } from '../map/tesseraMap.ts';

/** The imported accounts with their per-unit totals. */
export interface Dataset {
  table: AccountTable;
  report: ImportReport;
  totals: UnitTotals;
}

interface WorkspaceState {
  phase: 'loading' | 'ready' | 'error';
  progress: string;
  error: string | null;
  assets: GeographyAssets | null;
  dataset: Dataset | null;
  level: Level;
  hover: UnitHover | null;
  selectedUnit: number | null;
  setProgress: (progress: string) => void;
  setAssets: (assets: GeographyAssets) => void;
  setDataset: (dataset: Dataset) => void;
  fail: (error: string) => void;
  setLevel: (level: Level) => void;
  setHover: (hover: UnitHover | null) => void;
  select: (unit: number | null) => void;
}

/** Workspace UI state: what is loaded, the current level, hover and selection. No business logic. */
export const useWorkspace = create<WorkspaceState>((set) => ({
  phase: 'loading',
  progress: 'Starting',
  error: null,
  assets: null,
  dataset: null,
  level: 'zip5',
  hover: null,
  selectedUnit: null,
  setProgress: (progress) => set({ progress }),
  setAssets: (assets) => set({ assets }),
  setDataset: (dataset) => set({ dataset, phase: 'ready' }),
  fail: (error) => set({ error, phase: 'error' }),
  setLevel: (level) => set({ level }),
  setHover: (hover) => set({ hover }),
  select: (selectedUnit) => set({ selectedUnit }),
}));
