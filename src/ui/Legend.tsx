import { useMemo } from 'react';
import { valueChoropleth } from '../map/accountLayers.ts';
import { MAP_COLOURS } from '../map/palette.ts';
import { useWorkspace } from '../store/workspaceStore.ts';
import { formatMoney } from '../domain/format.ts';

/** Legend for the value shading of ZIP areas. */
export function Legend() {
  const dataset = useWorkspace((s) => s.dataset);
  const assets = useWorkspace((s) => s.assets);
  const heatmap = useWorkspace((s) => s.heatmap);
  const breaks = useMemo(
    () => (dataset && assets ? valueChoropleth(dataset.totals.value, assets.geo.zipUnitCount).breaks : []),
    [dataset, assets],
  );
  if (!dataset) return null;
  const valueName = dataset.table.valueName || 'Value';
  return (
    <section className="card" aria-labelledby="legend-title">
      <h2 id="legend-title">{heatmap ? `${valueName} density` : `${valueName} per ZIP area`}</h2>
      {heatmap ? (
        <>
          <div
            className="heat-scale"
            aria-hidden="true"
            style={{
              background: `linear-gradient(90deg, ${MAP_COLOURS.heatRamp.map(([stop, colour]) => `${colour} ${stop * 100}%`).join(', ')})`,
            }}
          />
          <div className="heat-labels muted small">
            <span>less</span>
            <span>more {valueName}</span>
          </div>
        </>
      ) : (
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
      )}
    </section>
  );
}
