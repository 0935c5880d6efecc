import { useWorkspace } from '../store/workspaceStore.ts';
import { formatArea, formatCount, formatMoney } from '../domain/format.ts';
import { summariseGroup } from './unitSummary.ts';
import { AccountTable } from './AccountTable.tsx';

/** Details of the clicked state, county, ZIP3, ZIP area or country. */
export function SelectionCard() {
  const selectedUnit = useWorkspace((s) => s.selectedUnit);
  const assets = useWorkspace((s) => s.assets);
  const dataset = useWorkspace((s) => s.dataset);
  const level = useWorkspace((s) => s.level);
  const select = useWorkspace((s) => s.select);
  if (selectedUnit === null || !assets) {
    return (
      <section className="card" aria-labelledby="selection-title">
        <h2 id="selection-title">Selection</h2>
        <p className="muted">Click the map to inspect a state, county, ZIP3, ZIP area or country.</p>
      </section>
    );
  }
  const info = assets.geo.info(selectedUnit);
  const group = summariseGroup(assets.geo, dataset, level, selectedUnit);
  return (
    <section className="card" aria-labelledby="selection-title" data-testid="selection-card">
      <div className="card-head">
        <h2 id="selection-title">{group.title}</h2>
        <button type="button" className="icon-button" aria-label="Clear selection" onClick={() => select(null)}>
          ×
        </button>
      </div>
      <p className="muted small">
        {group.levelLabel} · {group.subtitle}
      </p>
      <dl className="tiles">
        <div>
          <dt>Accounts</dt>
          <dd>{formatCount(group.accounts)}</dd>
        </div>
        <div>
          <dt>Value</dt>
          <dd>{formatMoney(group.value)}</dd>
        </div>
        {group.levelLabel === 'ZIP' && (
          <div>
            <dt>Area</dt>
            <dd>{formatArea(info.areaKm2)}</dd>
          </div>
        )}
      </dl>
      {info.island && <p className="muted small">Not connected to the mainland by land borders (island).</p>}
      <AccountTable level={level} unit={selectedUnit} />
    </section>
  );
}
