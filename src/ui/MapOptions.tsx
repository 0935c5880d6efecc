import { useMemo } from 'react';
import { categoryColours } from '../map/accountLayers.ts';
import { useWorkspace, type ColourBy } from '../store/workspaceStore.ts';
import { formatCount } from '../domain/format.ts';

const COLOUR_BY_LABELS: Record<ColourBy, string> = {
  segment: 'Segment',
  tier: 'Tier',
  ownerName: 'Owner',
  industry: 'Industry',
  accountType: 'Type',
};

/** Map display options: what account dots are coloured by, heat map on/off, and the dot legend. */
export function MapOptions() {
  const dataset = useWorkspace((s) => s.dataset);
  const colourBy = useWorkspace((s) => s.colourBy);
  const heatmap = useWorkspace((s) => s.heatmap);
  const setColourBy = useWorkspace((s) => s.setColourBy);
  const setHeatmap = useWorkspace((s) => s.setHeatmap);
  const legend = useMemo(
    () => (dataset ? categoryColours(dataset.table.categories[colourBy], dataset.table.count).legend : []),
    [dataset, colourBy],
  );
  if (!dataset) return null;
  return (
    <section className="card" aria-labelledby="map-options-title">
      <h2 id="map-options-title">Accounts on the map</h2>
      <div className="field-row">
        <label htmlFor="colour-by">Colour dots by</label>
        <select id="colour-by" value={colourBy} onChange={(e) => setColourBy(e.target.value as ColourBy)}>
          {(Object.keys(COLOUR_BY_LABELS) as ColourBy[]).map((k) => (
            <option key={k} value={k}>
              {COLOUR_BY_LABELS[k]}
            </option>
          ))}
        </select>
      </div>
      <label className="check">
        <input type="checkbox" checked={heatmap} onChange={(e) => setHeatmap(e.target.checked)} />
        Value heat map
      </label>
      <ul className="legend" aria-label={`Dot colours by ${COLOUR_BY_LABELS[colourBy]}`}>
        {legend.map((entry) => (
          <li key={entry.label}>
            <span className="dot" style={{ background: entry.colour }} />
            <span className="legend-label">{entry.label}</span>
            <span className="muted">{formatCount(entry.count)}</span>
          </li>
        ))}
      </ul>
      <p className="muted small">Grey circles are clusters; click one to zoom in.</p>
    </section>
  );
}
