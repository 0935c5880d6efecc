import { useEffect } from 'react';
import { useWorkspace } from '../store/workspaceStore.ts';
import { AccountSearch } from '../ui/AccountSearch.tsx';
import { DatasetCard } from '../ui/DatasetCard.tsx';
import { DropZone } from '../ui/import/DropZone.tsx';
import { ImportButton } from '../ui/import/ImportButton.tsx';
import { ImportDialog } from '../ui/import/ImportDialog.tsx';
import { Legend } from '../ui/Legend.tsx';
import { LevelSwitcher } from '../ui/LevelSwitcher.tsx';
import { MapOptions } from '../ui/MapOptions.tsx';
import { PlannerMap } from '../ui/PlannerMap.tsx';
import { SelectionCard } from '../ui/SelectionCard.tsx';
import { bootstrapWorkspace } from './bootstrap.ts';
import { handleShortcut } from './shortcuts.ts';
import { PlanPanel } from '../ui/plan/PlanPanel.tsx';
import { BalancePanel } from '../ui/plan/BalancePanel.tsx';
import { BalanceDialog } from '../ui/plan/BalanceDialog.tsx';
import { OwnershipDialog } from '../ui/plan/OwnershipDialog.tsx';
import { RoutingTesterDialog } from '../ui/plan/RoutingTesterDialog.tsx';
import { AuditDialog } from '../ui/plan/AuditDialog.tsx';
import { CompareDialog } from '../ui/plan/CompareDialog.tsx';
import { ExportDialog } from '../ui/plan/ExportDialog.tsx';

/** The planner shell: top bar, map, side panel, import dialog. */
export function App() {
  const phase = useWorkspace((s) => s.phase);
  const progress = useWorkspace((s) => s.progress);
  const error = useWorkspace((s) => s.error);
  const notice = useWorkspace((s) => s.notice);
  const assets = useWorkspace((s) => s.assets);

  useEffect(() => {
    void bootstrapWorkspace();
    window.addEventListener('keydown', handleShortcut);
    return () => window.removeEventListener('keydown', handleShortcut);
  }, []);

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden="true" />
          Tessera
          <span className="muted small">Territory planner</span>
        </div>
        <LevelSwitcher />
        <AccountSearch />
        <span className="spacer" />
        {phase === 'ready' && <ImportButton />}
      </header>
      {notice && (
        <div className="notice" role="status">
          {notice}
          <button
            type="button"
            className="icon-button"
            aria-label="Dismiss message"
            onClick={() => useWorkspace.getState().setNotice(null)}
          >
            ×
          </button>
        </div>
      )}
      <main className="workspace">
        {phase === 'ready' && <PlanPanel />}
        <div className="map-column">
          {assets ? <PlannerMap /> : <div className="map-wrap" />}
          <BalancePanel />
        </div>
        <aside className="side-panel" aria-label="Details">
          <DatasetCard />
          <SelectionCard />
          <MapOptions />
          <Legend />
        </aside>
        {phase === 'loading' && (
          <div className="overlay" role="status" aria-live="polite">
            <div className="spinner" aria-hidden="true" />
            {progress}…
          </div>
        )}
        {phase === 'error' && (
          <div className="overlay error" role="alert">
            {error}
          </div>
        )}
      </main>
      <ImportDialog />
      <BalanceDialog />
      <OwnershipDialog />
      <RoutingTesterDialog />
      <AuditDialog />
      <CompareDialog />
      <ExportDialog />
      <DropZone />
    </div>
  );
}
