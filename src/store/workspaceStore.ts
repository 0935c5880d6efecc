import { create } from 'zustand';
import type { Level } from '../domain/geography.ts';
import type { UnitTotals } from '../engine/unitTotals.ts';
import type { AccountTable, CategoryField, ImportReport } from '../io/accountTable.ts';
import type { GeographyAssets } from '../map/loadGeography.ts';
import type { UnitHover } from '../map/tesseraMap.ts';

/** The imported accounts with their per-unit totals. */
export interface Dataset {
  table: AccountTable;
  report: ImportReport;
  totals: UnitTotals;
  /** True for the bundled sample (not stored locally). */
  isSample: boolean;
}

/** Fields account dots can be coloured by. */
export type ColourBy = Extract<CategoryField, 'segment' | 'tier' | 'ownerName' | 'industry' | 'accountType'>;

interface WorkspaceState {
  phase: 'loading' | 'ready' | 'error';
  progress: string;
  error: string | null;
  /** A message for the planner that does not block work (e.g. storage full). */
  notice: string | null;
  assets: GeographyAssets | null;
  dataset: Dataset | null;
  level: Level;
  hover: UnitHover | null;
  selectedUnit: number | null;
  colourBy: ColourBy;
  heatmap: boolean;
  /** Account to fly to and open (from search); a fresh object each time so repeats fire. */
  focusedAccount: { account: number } | null;
  setProgress: (progress: string) => void;
  setAssets: (assets: GeographyAssets) => void;
  setDataset: (dataset: Dataset) => void;
  fail: (error: string) => void;
  setNotice: (notice: string | null) => void;
  setLevel: (level: Level) => void;
  setHover: (hover: UnitHover | null) => void;
  select: (unit: number | null) => void;
  setColourBy: (colourBy: ColourBy) => void;
  setHeatmap: (heatmap: boolean) => void;
  focusAccount: (account: number) => void;
}

/** Workspace UI state: what is loaded, the current level, hover, selection and map options. No business logic. */
export const useWorkspace = create<WorkspaceState>((set) => ({
  phase: 'loading',
  progress: 'Starting',
  error: null,
  notice: null,
  assets: null,
  dataset: null,
  level: 'zip5',
  hover: null,
  selectedUnit: null,
  colourBy: 'segment',
  heatmap: false,
  focusedAccount: null,
  setProgress: (progress) => set({ progress }),
  setAssets: (assets) => set({ assets }),
  setDataset: (dataset) => set({ dataset, phase: 'ready', selectedUnit: null }),
  fail: (error) => set({ error, phase: 'error' }),
  setNotice: (notice) => set({ notice }),
  setLevel: (level) => set({ level }),
  setHover: (hover) => set({ hover }),
  select: (selectedUnit) => set({ selectedUnit }),
  setColourBy: (colourBy) => set({ colourBy }),
  setHeatmap: (heatmap) => set({ heatmap }),
  focusAccount: (account) => set({ focusedAccount: { account } }),
}));
