import type { GeoIndex } from '../geo/geoIndex.ts';
import { categoryLabel, PLACEMENT, stringAt, type AccountTable } from '../io/accountTable.ts';
import { formatDay } from '../io/dates.ts';
import { formatCount, formatMoney } from '../domain/format.ts';

const PLACED_BY = ['Not placed', 'ZIP code', 'Coordinates', 'Country'];

/** The fields of one account as label/value pairs, in reading order; blank fields are left out. */
export function accountFields(table: AccountTable, geo: GeoIndex, a: number): [string, string][] {
  const c = table.categories;
  const unit = table.unit[a];
  const place = [categoryLabel(c.city, a), categoryLabel(c.state, a), stringAt(table.postalCode, a)]
    .filter(Boolean)
    .join(', ');
  const rows: [string, string][] = [
    ['Id', stringAt(table.id, a)],
    [table.valueName || 'Value', Number.isFinite(table.value[a]) ? formatMoney(table.value[a]) : ''],
    ['Employees', Number.isFinite(table.employees[a]) ? formatCount(table.employees[a]) : ''],
    ['Segment', categoryLabel(c.segment, a)],
    ['Tier', categoryLabel(c.tier, a)],
    ['Industry', categoryLabel(c.industry, a)],
    ['Type', categoryLabel(c.accountType, a)],
    ['Owner', categoryLabel(c.ownerName, a)],
    ['Open opportunity', categoryLabel(c.openOpportunityOwner, a)],
    [
      'Last activity',
      [formatDay(table.lastActivityDay[a]), categoryLabel(c.lastActivityBy, a)].filter(Boolean).join(' by '),
    ],
    ['Parent', stringAt(table.parentId, a)],
    ['Address', place],
    ['Country', categoryLabel(c.country, a)],
    [
      'On the map',
      unit >= 0
        ? `${geo.isZipUnit(unit) ? `ZIP ${geo.ids[unit]}` : geo.names[unit]} (by ${PLACED_BY[table.placement[a]].toLowerCase()})`
        : PLACED_BY[PLACEMENT.none],
    ],
    ...table.metrics.map((m): [string, string] => [
      m.name,
      Number.isFinite(m.values[a]) ? formatCount(m.values[a]) : '',
    ]),
  ];
  return rows.filter(([, v]) => v !== '');
}

/** Popup content for an account, built from text nodes only: imported text is never parsed as HTML. */
export function accountPopupContent(table: AccountTable, geo: GeoIndex, a: number): HTMLElement {
  const root = document.createElement('div');
  root.className = 'account-popup';
  root.setAttribute('role', 'dialog');
  root.setAttribute('aria-label', `Account ${stringAt(table.name, a) || stringAt(table.id, a)}`);
  const title = document.createElement('h3');
  title.textContent = stringAt(table.name, a) || stringAt(table.id, a);
  root.append(title);
  const list = document.createElement('dl');
  for (const [label, value] of accountFields(table, geo, a)) {
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.textContent = value;
    list.append(dt, dd);
  }
  root.append(list);
  return root;
}
