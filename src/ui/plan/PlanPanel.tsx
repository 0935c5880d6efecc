import { usePlan } from '../../store/planStore.ts';
import { PlanToolbar } from './PlanToolbar.tsx';
import { TerritoryList } from './TerritoryList.tsx';
import { TeamPicker } from './TeamPicker.tsx';
import { RepList } from './RepList.tsx';
import { openBalance } from '../../editor/balance.ts';
import { openRulesDialog } from '../../editor/ownership.ts';
import { useOwnership } from '../../store/ownershipStore.ts';
import { ScenarioCard } from './ScenarioCard.tsx';

/** Left side panel: map colouring, painting tools and the territory list. */
export function PlanPanel() {
  const colouring = usePlan((s) => s.colouring);
  const futureView = usePlan((s) => s.futureView);
  const set = usePlan((s) => s.set);
  return (
    <aside className="plan-panel" aria-label="Plan">
      <ScenarioCard />
      <div className="segmented colouring" role="group" aria-label="Colour map by">
        <button
          type="button"
          aria-pressed={colouring === 'territory'}
          className={colouring === 'territory' ? 'active' : ''}
          onClick={() => set({ colouring: 'territory' })}
        >
          Territories
        </button>
        <button
          type="button"
          aria-pressed={colouring === 'value'}
          className={colouring === 'value' ? 'active' : ''}
          onClick={() => set({ colouring: 'value' })}
        >
          Account value
        </button>
      </div>
      <TeamPicker />
      <label className="check">
        <input type="checkbox" checked={futureView} onChange={(e) => set({ futureView: e.target.checked })} />
        Show the plan after growth cuts
      </label>
      <PlanToolbar />
      <button type="button" className="primary wide" onClick={openBalance}>
        Auto-balance…
      </button>
      <div className="button-row" role="group" aria-label="Ownership">
        <button type="button" onClick={openRulesDialog}>
          Ownership rules…
        </button>
        <button type="button" onClick={() => useOwnership.getState().set({ dialog: 'router' })}>
          Routing tester…
        </button>
        <button type="button" onClick={() => useOwnership.getState().set({ dialog: 'audit' })}>
          Assignment audit…
        </button>
      </div>
      <TerritoryList />
      <RepList />
    </aside>
  );
}
