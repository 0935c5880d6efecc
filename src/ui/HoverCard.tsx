import { useWorkspace } from '../store/workspaceStore.ts';
import { formatCount, formatMoney } from '../domain/format.ts';
import { summariseGroup } from './unitSummary.ts';

/** Tooltip that follows the pointer: the group at the current level and the ZIP area under the pointer. */
export function HoverCard() {
  const hover = useWorkspace((s) => s.hover);
  const assets = useWorkspace((s) => s.assets);
  const dataset = useWorkspace((s) => s.dataset);
  const level = useWorkspace((s) => s.level);
  if (!hover || !assets) return null;
  const { geo } = assets;
  const info = geo.info(hover.unit);
  const group = summariseGroup(geo, dataset, level, hover.unit);
  const showZip = info.kind === 'zip' && group.levelLabel !== 'ZIP';
  return (
    <div
      className="hover-card"
      role="tooltip"
      data-testid="hover-card"
      style={{ left: hover.x + 14, top: hover.y + 14 }}
    >
      <div className="hover-title">{group.title}</div>
      <div className="hover-sub">{group.subtitle}</div>
      {showZip && (
        <div className="hover-sub">{info.id.startsWith('C') ? info.name : `ZIP ${info.id} · ${info.name}`}</div>
      )}
      {info.kind === 'zip' && group.levelLabel === 'ZIP' && info.zip3 && (
        <div className="hover-sub">
          ZIP3 {info.zip3} · {info.stateName}
        </div>
      )}
      <div className="hover-figures">
        <span>
          <b>{formatCount(group.accounts)}</b> accounts
        </span>
        <span>
          <b>{formatMoney(group.value)}</b> value
        </span>
      </div>
    </div>
  );
}
