/**
 * The full published map: header with plan name, version and date; the map with territory labels
 * and a legend; search by ZIP code or account; every territory with its plain-language definition;
 * the rules of engagement; and the rep view (#territory=<id>) that zooms to one territory.
 */
import {
  compactAmount,
  decodeZipPositions,
  lookupZip,
  searchAccounts,
  searchKey,
  type PublishedMapData,
  type PublishedTeam,
  type PublishedTerritory,
} from '../io/publishFormat.ts';
import { count, h, humanise, longDate, swatch } from './dom.ts';
import { PublishedMap } from './viewerMap.ts';

/** Screens this narrow get the phone layout (as in viewer.css): the map above the panel, the legend closed. */
const PHONE_QUERY = '(max-width: 820px)';

/** Where a territory sits in the data. */
interface TerritoryRef {
  team: number;
  index: number;
  territory: PublishedTerritory;
}

/** The territory id of a "#territory=<id>" hash, or null. */
export function territoryFromHash(hash: string): string | null {
  const m = /^#?territory=(.+)$/.exec(hash);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}

/** The link to a territory's rep view inside the same file. */
function territoryHref(id: string): string {
  return `#territory=${encodeURIComponent(id)}`;
}

/** The brand mark: four territory colours in a square. */
export function logo(): HTMLElement {
  return h(
    'span',
    { className: 'v-logo', attrs: { 'aria-hidden': 'true' } },
    h('i', null),
    h('i', null),
    h('i', null),
    h('i', null),
  );
}

/** Renders the full map into root; resolves when the map has drawn (or failed to). */
export function renderFullMapView(
  root: HTMLElement,
  data: PublishedMapData,
): { map: PublishedMap | null; ready: Promise<void> } {
  const money = data.valueIsMoney;
  const amount = (v: number): string => compactAmount(v, money);
  const mapTeams = data.teams.map((t, i) => ({ team: t, index: i })).filter(({ team }) => team.routing === 'territory');
  // the map opens on the team with the most territories (usually the one that covers the whole map)
  let currentTeam = mapTeams.reduce(
    (best, t) => (best < 0 || t.team.territories.length > data.teams[best].territories.length ? t.index : best),
    -1,
  );
  const byId = new Map<string, TerritoryRef>();
  data.teams.forEach((team, t) =>
    team.territories.forEach((territory, index) => {
      if (!byId.has(territory.id)) byId.set(territory.id, { team: t, index, territory });
    }),
  );
  const positions = decodeZipPositions(data.zips);
  const accountKeys = data.accounts ? data.accounts.name.map(searchKey) : [];

  /** The area and its named-account exceptions (the team filter is said once per team). */
  const areaText = (k: PublishedTerritory): string =>
    [
      k.definition,
      k.namedExcept > 0 ? `except ${count(k.namedExcept)} named ${k.namedExcept === 1 ? 'account' : 'accounts'}` : '',
      k.namedPlus > 0 ? `plus ${count(k.namedPlus)} named ${k.namedPlus === 1 ? 'account' : 'accounts'} elsewhere` : '',
    ]
      .filter(Boolean)
      .join('; ');
  const ownerText = (k: PublishedTerritory): string =>
    k.repName ?? (k.vacantFrom ? `Vacant · hire from ${longDate(k.vacantFrom)}` : 'Vacant');

  // --- header ---------------------------------------------------------------------------------
  const teamSelect =
    mapTeams.length > 1
      ? h(
          'select',
          { attrs: { id: 'v-team', 'aria-label': 'Team' } },
          ...mapTeams.map(({ team, index }) => h('option', { attrs: { value: String(index) } }, team.name)),
        )
      : null;
  if (teamSelect) teamSelect.value = String(currentTeam);
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
        h('h1', null, data.meta.planName),
        h(
          'p',
          { className: 'v-meta' },
          `Version ${data.meta.version} · Published ${longDate(data.meta.publishedDate)} · `,
          h(
            'span',
            { attrs: { title: 'Plan fingerprint: two maps of the same plan have the same fingerprint' } },
            `Ref. ${data.meta.fingerprint}`,
          ),
        ),
      ),
    ),
    teamSelect ? h('label', { className: 'v-team', attrs: { for: 'v-team' } }, 'Team', teamSelect) : null,
  );

  // --- map ------------------------------------------------------------------------------------
  const mapEl = h('div', { className: 'v-map map', attrs: { role: 'region', 'aria-label': 'Territory map' } });
  // a disclosure: open beside a large map, closed on a phone where it would cover most of the map
  const legend = h('details', { className: 'v-legend', attrs: { role: 'group', 'aria-label': 'Legend' } });
  legend.open = !window.matchMedia(PHONE_QUERY).matches;
  const mapWrap = h('main', { className: 'v-map-wrap' }, mapEl, legend);

  // --- panel ----------------------------------------------------------------------------------
  const input = h('input', {
    attrs: {
      id: 'v-search',
      type: 'search',
      autocomplete: 'off',
      spellcheck: 'false',
      placeholder: data.accounts ? 'ZIP code or account name' : 'ZIP code',
    },
  });
  const results = h('div', { className: 'v-results', attrs: { 'aria-live': 'polite', id: 'v-results' } });
  const search = h(
    'section',
    { className: 'v-card v-search', attrs: { 'aria-labelledby': 'v-search-title' } },
    h(
      'label',
      { attrs: { for: 'v-search', id: 'v-search-title' }, className: 'v-section-title' },
      data.accounts ? 'Who owns it?' : 'Which territory?',
    ),
    h(
      'p',
      { className: 'v-hint' },
      data.accounts
        ? `Type a ZIP code or an account name${data.accounts.id ? ' or Id' : ''}.`
        : 'Type a ZIP code. This map was published without accounts.',
    ),
    input,
    results,
  );
  const focusSection = h('section', {
    className: 'v-card v-focus',
    attrs: { hidden: '', 'aria-label': 'Selected territory' },
  });
  const list = h('ul', { className: 'v-list' });
  const unassignedNote = h('p', { className: 'v-hint' });
  const listTitle = h('h2', { className: 'v-section-title' }, 'Territories');
  const teamNote = h('p', { className: 'v-hint v-team-note' });
  const territoriesSection = h('section', { className: 'v-territories' }, listTitle, teamNote, list, unassignedNote);
  const rules = data.rulesOfEngagement.trim();
  const rulesSection = h(
    'section',
    { className: 'v-card v-rules', attrs: { 'aria-labelledby': 'v-rules-title' } },
    h('h2', { className: 'v-section-title', attrs: { id: 'v-rules-title' } }, 'Rules of engagement'),
    rules
      ? h('div', { className: 'v-rules-text' }, rules)
      : h('p', { className: 'v-hint' }, 'No rules of engagement have been written for this plan yet.'),
  );
  const contents = [
    'Territory outlines and definitions',
    data.reps.some((r) => r.email) ? 'rep names and emails' : 'rep names',
    data.accounts
      ? `${count(data.accounts.name.length)} accounts for search${data.accounts.id ? ' with Ids' : ''}${data.accounts.value ? ' and values' : ''}`
      : 'no accounts',
  ];
  const footer = h(
    'footer',
    { className: 'v-footer' },
    h(
      'p',
      null,
      `Contains: ${contents.join(', ')}.${data.options.includeValues ? '' : ' Account values are not included.'}`,
    ),
    h('p', null, 'Published with Tessera. This file works offline and makes no network requests.'),
    data.planFile
      ? h(
          'button',
          { className: 'v-button', attrs: { type: 'button' }, on: { click: () => downloadPlan(data) } },
          'Download plan file (.json)',
        )
      : null,
  );
  const panel = h(
    'aside',
    { className: 'v-panel', attrs: { 'aria-label': 'Search, territories and rules' } },
    search,
    focusSection,
    territoriesSection,
    rulesSection,
    footer,
  );
  root.append(h('div', { className: 'viewer' }, header, h('div', { className: 'v-body' }, mapWrap, panel)));

  // --- map setup ------------------------------------------------------------------------------
  let map: PublishedMap | null = null;
  try {
    map = new PublishedMap(mapEl, data.context, (id) => {
      if (id) location.hash = territoryHref(id);
    });
  } catch (e) {
    mapEl.append(
      h(
        'p',
        { className: 'v-map-error' },
        `The map could not be drawn here (${e instanceof Error ? e.message : 'WebGL is not available'}). Search, territories and rules still work.`,
      ),
    );
  }

  const team = (): PublishedTeam | null => (currentTeam >= 0 ? data.teams[currentTeam] : null);

  function renderLegend(focus: string | null): void {
    legend.replaceChildren();
    const t = team();
    if (!t) return;
    legend.append(
      h('summary', { className: 'v-legend-title' }, mapTeams.length > 1 ? `${t.name} team` : 'Territories'),
    );
    if (t.territories.length > 12) {
      legend.append(h('div', { className: 'v-legend-more' }, `${t.territories.length} territories: see the list`));
      return;
    }
    legend.append(
      h(
        'ul',
        null,
        ...t.territories.map((k) =>
          h(
            'li',
            { className: focus && focus !== k.id ? 'is-dimmed' : '' },
            swatch(k.colour),
            h('span', null, k.name),
            h('small', null, k.repName ?? 'Vacant'),
          ),
        ),
      ),
    );
  }

  function renderList(focus: string | null): void {
    const t = team();
    list.replaceChildren();
    if (!t) {
      list.append(h('li', { className: 'v-hint' }, 'This plan has no territories on the map.'));
      return;
    }
    listTitle.textContent = mapTeams.length > 1 ? `Territories · ${t.name} team` : 'Territories';
    // the team's filter holds for every territory of the team, so it is said once above the list
    teamNote.textContent = data.teams.length > 1 || t.filter !== 'every account' ? `${t.name} team: ${t.filter}.` : '';
    for (const k of t.territories) {
      const stats = [
        k.accounts !== null ? `${count(k.accounts)} accounts` : '',
        k.value !== null ? amount(k.value) : '',
        `${count(k.zipCount)} ZIP codes`,
      ].filter(Boolean);
      const link = h(
        'a',
        {
          className: 'v-item',
          attrs: { href: territoryHref(k.id), ...(focus === k.id ? { 'aria-current': 'true' } : {}) },
        },
        swatch(k.colour, 'swatch swatch-lg'),
        h(
          'span',
          { className: 'v-item-body' },
          h('span', { className: 'v-item-title' }, k.name),
          h('span', { className: `v-item-rep${k.repName ? '' : ' is-vacant'}` }, ownerText(k)),
          h('span', { className: 'v-item-stats' }, stats.join(' · ')),
          h('span', { className: 'v-item-def' }, areaText(k)),
        ),
      );
      list.append(h('li', { className: focus && focus !== k.id ? 'is-dimmed' : '' }, link));
    }
    unassignedNote.textContent = t.unassignedAccounts
      ? `${count(t.unassignedAccounts)} accounts of this team are in no territory yet.`
      : '';
    if (t.pool.length > 0)
      unassignedNote.textContent += ` Round-robin pool: ${t.pool.map((r) => data.reps[r].name).join(', ')}.`;
  }

  function renderFocus(ref: TerritoryRef | null): void {
    focusSection.replaceChildren();
    if (!ref) {
      focusSection.hidden = true;
      return;
    }
    const k = ref.territory;
    const t = data.teams[ref.team];
    const facts: [string, string][] = [
      ['Owner', k.repName ? `${k.repName}${k.repEmail ? ` · ${k.repEmail}` : ''}` : ownerText(k)],
      ['Area', k.definition],
      [
        'Accounts',
        data.teams.length > 1
          ? `${t.name} team: ${t.filter}`
          : t.filter === 'every account'
            ? 'Every account in the area'
            : t.filter,
      ],
    ];
    if (k.namedExcept > 0 || k.namedPlus > 0) {
      const parts = [
        k.namedExcept > 0 ? `except ${count(k.namedExcept)} named to other reps` : '',
        k.namedPlus > 0 ? `plus ${count(k.namedPlus)} named elsewhere` : '',
      ];
      facts.push(['Named accounts', parts.filter(Boolean).join('; ')]);
    }
    if (k.accounts !== null)
      facts.push([
        'Book',
        `${count(k.accounts)} accounts${k.value !== null ? ` · ${amount(k.value)} ${humanise(data.valueName ?? 'value').toLowerCase()}` : ''}`,
      ]);
    facts.push(['ZIP codes', count(k.zipCount)]);
    focusSection.append(
      h('a', { className: 'v-back', attrs: { href: '#' } }, '← All territories'),
      h(
        'div',
        { className: 'v-focus-head', style: { borderColor: k.colour } },
        swatch(k.colour, 'swatch swatch-xl'),
        h('div', null, h('h2', null, k.name), h('p', null, mapTeams.length > 1 ? `${t.name} team` : ownerText(k))),
      ),
      h('dl', { className: 'v-facts' }, ...facts.flatMap(([term, text]) => [h('dt', null, term), h('dd', null, text)])),
    );
    focusSection.hidden = false;
  }

  function draw(focus: string | null): void {
    const t = team();
    map?.setTerritories(
      (t?.territories ?? []).map((k) => ({
        id: k.id,
        name: k.name,
        colour: k.colour,
        detail: k.repName ?? 'Vacant',
        geometry: k.geometry,
        label: k.label,
      })),
    );
    map?.setFocus(focus);
    renderLegend(focus);
    renderList(focus);
  }

  // --- rep view through the hash ----------------------------------------------------------------
  let focused: string | null = null;
  function route(animate: boolean): void {
    const id = territoryFromHash(location.hash);
    const ref = id ? (byId.get(id) ?? null) : null;
    focused = ref ? ref.territory.id : null;
    if (ref && ref.team !== currentTeam) {
      currentTeam = ref.team;
      if (teamSelect) teamSelect.value = String(currentTeam);
    }
    draw(focused);
    renderFocus(ref);
    if (ref?.territory.bounds) map?.fit(ref.territory.bounds, animate);
    else if (animate) map?.fit(data.context.bounds, true);
    if (ref) panel.scrollTop = 0;
  }
  window.addEventListener('hashchange', () => route(true));
  teamSelect?.addEventListener('change', () => {
    currentTeam = Number(teamSelect.value);
    if (focused && byId.get(focused)?.team !== currentTeam)
      history.replaceState(null, '', location.pathname + location.search);
    route(false);
  });

  // --- search -------------------------------------------------------------------------------------
  /** Whether a search moved the map to a pin (clearing the search moves it back). */
  let pinned = false;
  const territoryChip = (t: number, k: number): HTMLElement => {
    const territory = data.teams[t]?.territories[k];
    if (!territory) return h('span', { className: 'v-muted' }, 'No territory');
    return h(
      'a',
      { className: 'v-chip', attrs: { href: territoryHref(territory.id) } },
      swatch(territory.colour),
      territory.name,
    );
  };

  function zipResult(code: string): HTMLElement | null {
    const hit = lookupZip(data.zips, positions, code);
    if (!hit) return null;
    const rows = mapTeams.map(({ team: t, index }) => {
      const k = hit.territory[index];
      const territory = k >= 0 ? t.territories[k] : null;
      return h(
        'li',
        null,
        mapTeams.length > 1 ? h('span', { className: 'v-muted' }, `${t.name}: `) : null,
        territoryChip(index, k),
        territory ? h('span', { className: 'v-owner' }, ` · ${ownerText(territory)}`) : null,
      );
    });
    map?.pinAt(hit.lon, hit.lat, hit.code);
    pinned = true;
    return h(
      'div',
      { className: 'v-result' },
      h('div', { className: 'v-result-title' }, `ZIP ${hit.code}`),
      h(
        'div',
        { className: 'v-muted' },
        hit.place + (hit.area !== hit.code ? ` · delivered within ZIP area ${hit.area}` : ''),
      ),
      h('ul', { className: 'v-result-rows' }, ...rows),
    );
  }

  function accountResult(a: number): HTMLElement {
    const accounts = data.accounts!;
    const t = accounts.team[a];
    const k = accounts.territory[a];
    const owner = accounts.owner[a];
    const reason = data.reasons[accounts.reason[a]];
    let why = '';
    for (let i = 0; i < accounts.why.length; i += 2)
      if (accounts.why[i] === a) why = data.unroutableWhy[accounts.why[i + 1]] ?? '';
    const territory = t >= 0 && k >= 0 ? data.teams[t]?.territories[k] : undefined;
    const ownerName =
      owner >= 0
        ? data.reps[owner].name
        : territory && reason?.code !== 'UNROUTABLE'
          ? ownerText(territory)
          : 'No owner';
    const where = [
      accounts.id ? accounts.id[a] : '',
      accounts.postalCode[a],
      accounts.place[a] >= 0 ? accounts.places[accounts.place[a]] : '',
    ]
      .filter(Boolean)
      .join(' · ');
    const value = accounts.value ? amount(accounts.value[a]) : '';
    const show = (): void => {
      const hit = lookupZip(data.zips, positions, accounts.postalCode[a].slice(0, 5));
      if (hit) map?.pinAt(hit.lon, hit.lat, accounts.name[a]);
      else if (territory?.bounds) map?.fit(territory.bounds);
      pinned = true;
    };
    return h(
      'div',
      { className: 'v-result' },
      h(
        'button',
        {
          className: 'v-result-title v-link',
          attrs: { type: 'button', 'aria-label': `Show ${accounts.name[a]} on the map` },
          on: { click: show },
        },
        accounts.name[a],
      ),
      h('div', { className: 'v-muted' }, where + (value ? ` · ${value}` : '')),
      h(
        'dl',
        { className: 'v-result-facts' },
        h('dt', null, 'Owner'),
        h('dd', { className: 'v-owner' }, ownerName),
        h('dt', null, 'Territory'),
        h(
          'dd',
          null,
          t >= 0 && k >= 0
            ? territoryChip(t, k)
            : h('span', { className: 'v-muted' }, t >= 0 ? `${data.teams[t].name} team, no territory` : 'No team'),
        ),
        h('dt', null, 'Why'),
        h('dd', null, (reason?.label ?? '') + (why ? ` (${why})` : '')),
      ),
    );
  }

  function runSearch(): void {
    const q = input.value.trim();
    results.replaceChildren();
    if (!q) {
      // back to where the reader was before searching
      if (pinned) {
        map?.clearPin();
        const bounds = focused ? byId.get(focused)?.territory.bounds : data.context.bounds;
        if (bounds) map?.fit(bounds);
      }
      pinned = false;
      return;
    }
    const zip = /^(\d{5})(?:-\d{4})?$/.exec(q);
    if (zip) {
      const r = zipResult(zip[1]);
      results.append(r ?? h('p', { className: 'v-hint' }, `ZIP ${zip[1]} is not in any territory of this plan.`));
      return;
    }
    if (!data.accounts) {
      results.append(
        h(
          'p',
          { className: 'v-hint' },
          /^\d+$/.test(q)
            ? 'Type all 5 digits of the ZIP code.'
            : 'This map was published without accounts: search by ZIP code.',
        ),
      );
      return;
    }
    if (q.length < 2) return;
    const found = searchAccounts(data.accounts, accountKeys, q, 20);
    if (found.length === 0) {
      results.append(
        h(
          'p',
          { className: 'v-hint' },
          /^\d+$/.test(q) ? 'Type all 5 digits of the ZIP code.' : `No account matches “${q}”.`,
        ),
      );
      return;
    }
    results.append(
      h(
        'p',
        { className: 'v-hint' },
        found.length === 20 ? 'First 20 matches' : `${found.length} ${found.length === 1 ? 'match' : 'matches'}`,
      ),
      ...found.map(accountResult),
    );
  }
  let timer = 0;
  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(runSearch, 120);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    window.clearTimeout(timer);
    runSearch();
    results.querySelector<HTMLButtonElement>('button.v-link')?.click();
  });

  route(false);
  const ready = map ? map.whenLoaded().then(() => map!.whenIdle()) : Promise.resolve();
  return { map, ready };
}

/** Saves the embedded plan file (a download from memory, no request). */
function downloadPlan(data: PublishedMapData): void {
  const blob = new Blob([`${JSON.stringify(data.planFile, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = h('a', {
    attrs: { href: url, download: `${data.meta.planName.replace(/[^\w.-]+/g, '-') || 'plan'}.tessera.json` },
  });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
