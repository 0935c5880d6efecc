/**
 * The candidate view: one territory for recruiters, with its map, plain-language definition and
 * aggregate figures. The data holds nothing else (see buildCandidateData), so nothing else can show.
 */
import type { CandidateData, MixEntry } from '../io/publishFormat.ts';
import { count, h, humanise, longDate, swatch } from './dom.ts';
import { logo } from './fullMapView.ts';
import { PublishedMap } from './viewerMap.ts';

function mixList(title: string, mix: MixEntry[], colour: string): HTMLElement | null {
  if (mix.length === 0) return null;
  const id = `mix-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return h(
    'section',
    { className: 'v-mix', attrs: { 'aria-labelledby': id } },
    h('h3', { attrs: { id } }, title),
    h(
      'ul',
      null,
      ...mix.map((m) =>
        h(
          'li',
          null,
          h('span', { className: 'v-mix-label' }, m.label),
          h(
            'span',
            { className: 'v-mix-bar', attrs: { 'aria-hidden': 'true' } },
            h('span', { style: { width: `${m.percent}%`, background: colour } }),
          ),
          h('span', { className: 'v-mix-value' }, `${m.percent}%`),
        ),
      ),
    ),
  );
}

function figure(label: string, value: string, note = ''): HTMLElement {
  return h(
    'div',
    { className: 'v-figure' },
    h('div', { className: 'v-figure-label' }, label),
    h('div', { className: 'v-figure-value' }, value),
    note ? h('div', { className: 'v-figure-note' }, note) : null,
  );
}

/** Renders a candidate view into root; resolves when the map has drawn (or failed to). */
export function renderCandidateView(
  root: HTMLElement,
  data: CandidateData,
): { map: PublishedMap | null; ready: Promise<void> } {
  const k = data.territory;
  const f = data.figures;
  const header = h(
    'header',
    { className: 'v-header' },
    h(
      'div',
      { className: 'v-brand' },
      logo(),
      h(
        'div',
        null,
        h('h1', null, k.name),
        h('p', { className: 'v-meta' }, `Territory opportunity · ${longDate(data.meta.publishedDate)}`),
      ),
    ),
  );
  const mapEl = h('div', {
    className: 'v-map map',
    attrs: { role: 'region', 'aria-label': `Map of the ${k.name} territory` },
  });
  const valueLabel = f ? humanise(f.valueName) : '';
  const figures = f
    ? h(
        'div',
        { className: 'v-figures' },
        figure('Accounts', count(f.accounts)),
        f.medianValueBand
          ? figure(`Typical ${valueLabel.toLowerCase()}`, f.medianValueBand, 'median account, rounded band')
          : null,
        f.totalValueBand ? figure(`Total ${valueLabel.toLowerCase()}`, f.totalValueBand, 'rounded band') : null,
        f.customerPercent !== null ? figure('Current customers', `${f.customerPercent}%`) : null,
        f.employeesBand ? figure('Typical company size', `${f.employeesBand}`, 'employees, median') : null,
        figure('ZIP codes', count(f.zipCount), f.areaSqMi > 0 ? `about ${count(f.areaSqMi)} sq mi` : ''),
      )
    : h('p', { className: 'v-hint' }, 'Account figures were not included.');
  const panel = h(
    'aside',
    // focusable: it scrolls and holds no control, so a keyboard reader could not scroll it otherwise
    { className: 'v-panel', attrs: { 'aria-label': 'About the territory', tabindex: '0' } },
    h(
      'section',
      { className: 'v-card v-focus' },
      h(
        'div',
        { className: 'v-focus-head', style: { borderColor: k.colour } },
        swatch(k.colour, 'swatch swatch-xl'),
        h(
          'div',
          null,
          h('h2', null, k.name),
          h('p', null, `${k.team} team${k.vacantFrom ? ` · starts ${longDate(k.vacantFrom)}` : ''}`),
        ),
      ),
      h(
        'dl',
        { className: 'v-facts' },
        h('dt', null, 'Where'),
        h('dd', null, k.definition),
        h('dt', null, 'Who'),
        h('dd', null, k.filter === 'every account' ? 'Every account in the area' : `${k.team} team: ${k.filter}`),
        f && f.states.length > 0 ? h('dt', null, f.states.length === 1 ? 'State' : 'States') : null,
        f && f.states.length > 0 ? h('dd', null, f.states.join(', ')) : null,
      ),
    ),
    h(
      'section',
      { className: 'v-card', attrs: { 'aria-labelledby': 'v-book-title' } },
      h('h2', { className: 'v-section-title', attrs: { id: 'v-book-title' } }, 'The book at a glance'),
      figures,
    ),
    f
      ? h(
          'section',
          { className: 'v-card', attrs: { 'aria-labelledby': 'v-mix-title' } },
          h('h2', { className: 'v-section-title', attrs: { id: 'v-mix-title' } }, 'Account mix'),
          mixList('Segment', f.segmentMix, k.colour),
          mixList('Tier', f.tierMix, k.colour),
          mixList(`${valueLabel} per account`, f.valueMix, k.colour),
          mixList('Industry', f.industryMix, k.colour),
          mixList('Account type', f.typeMix, k.colour),
        )
      : null,
    h(
      'footer',
      { className: 'v-footer' },
      h(
        'p',
        null,
        'Figures are rounded aggregates. No account names, Ids or values and no other territories are included.',
      ),
      h('p', null, 'Published with Tessera. This file works offline and makes no network requests.'),
    ),
  );
  root.append(
    h(
      'div',
      { className: 'viewer is-candidate' },
      header,
      h('div', { className: 'v-body' }, h('main', { className: 'v-map-wrap' }, mapEl), panel),
    ),
  );

  let map: PublishedMap | null = null;
  try {
    map = new PublishedMap(mapEl, data.context, () => undefined);
    map.setTerritories([
      { id: k.id, name: k.name, colour: k.colour, detail: '', geometry: k.geometry, label: k.label },
    ]);
  } catch (e) {
    mapEl.append(
      h(
        'p',
        { className: 'v-map-error' },
        `The map could not be drawn here (${e instanceof Error ? e.message : 'WebGL is not available'}).`,
      ),
    );
  }
  const ready = map ? map.whenLoaded().then(() => map!.whenIdle()) : Promise.resolve();
  return { map, ready };
}
