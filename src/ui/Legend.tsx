import { useMemo } from 'react';
import { valueChoropleth } from '../map/accountLayers.ts';
import { MAP_COLOURS } from '../map/palette.ts';
import { useWorkspace } from '../store/workspaceStore.ts';
import { formatMoney } from './format.ts';

/** Legend for the value shading of ZIP areas and the account dot colours. */
export function Legend() {
  const dataset = useWorkspace((s) => s.dataset);
  const assets = useWorkspace((s) => s.assets);
  const breaks = useMemo(
    () => (dataset ? valueChoropleth(dataset.totals.value, assets?.geo.zipUnitCount ?? 0).breaks : []),
    [dataset, assets],
  );
  if (!dataset) return null;
  return (
    <section className="card" aria-labelledby="legend-title">
      <h2 id="legend-title">Legend</h2>
      <p className="muted small">Account value per ZIP area</p>
      <ul className="legend">
        {breaks.map((b, i) => (
          <li key={b}>
            <span className="swatch" style={{ background: MAP_COLOURS.valueClasses[i] }} />
            {i === 0 ? `up to ${formatMoney(b)}` : `${formatMoney(breaks[i - 1])} – ${formatMoney(b)}`}
          </li>
        ))}
        <li>
          <span className="swatch" style={{ background: MAP_COLOURS.usLand, outline: '1px solid #ccc' }} />
          no accounts
        </li>
      </ul>
      <p className="muted small">Accounts by segment (from zoom 7)</p>
      <ul className="legend">
        {Object.entries(MAP_COLOURS.segment).map(([segment, colour]) => (
          <li key={segment}>
            <span className="dot" style={{ background: colour }} />
            {segment === 'other' ? 'Other' : segment}
          </li>
        ))}
      </ul>
    </section>
  );
}
