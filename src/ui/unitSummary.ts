import type { Level } from '../domain/geography.ts';
import { LEVEL_LABELS } from '../domain/geography.ts';
import type { GeoIndex } from '../geo/geoIndex.ts';
import type { Dataset } from '../store/workspaceStore.ts';

/** What the hover card and the selection panel say about the group of a unit at a level. */
export interface GroupSummary {
  title: string;
  subtitle: string;
  levelLabel: string;
  unitCount: number;
  accounts: number;
  value: number;
}

/** Summarises the group (state, county, ZIP3, ZIP, country) that contains a unit. */
export function summariseGroup(geo: GeoIndex, dataset: Dataset | null, level: Level, unit: number): GroupSummary {
  const info = geo.info(unit);
  const effectiveLevel: Level = info.kind === 'country' ? 'country' : level === 'country' ? 'zip5' : level;
  const units = geo.unitsInSameGroup(effectiveLevel, unit);
  let accounts = 0;
  let value = 0;
  if (dataset)
    for (const u of units) {
      accounts += dataset.totals.count[u];
      value += dataset.totals.value[u];
    }
  const place = info.countyName ? `${info.countyName}, ${info.stateCode}` : '';
  let title: string;
  let subtitle: string;
  switch (effectiveLevel) {
    case 'state':
      title = info.stateName;
      subtitle = `${units.length.toLocaleString('en-US')} ZIP areas`;
      break;
    case 'county':
      title = place;
      subtitle = `${units.length.toLocaleString('en-US')} ZIP areas · ${info.stateName}`;
      break;
    case 'zip3':
      title = `ZIP3 ${info.zip3 || info.id}`;
      subtitle = `${units.length.toLocaleString('en-US')} ZIP areas · ${info.stateName}`;
      break;
    case 'country':
      title = info.name;
      subtitle = 'Country';
      break;
    default:
      title = info.id.startsWith('C') ? info.name : `ZIP ${info.id} · ${info.name}`;
      subtitle = place;
  }
  return { title, subtitle, levelLabel: LEVEL_LABELS[effectiveLevel], unitCount: units.length, accounts, value };
}
