import { beforeAll, describe, expect, it } from 'vitest';
import type { GeoIndex } from './geoIndex.ts';
import { loadGeoIndexFromDisk } from './loadGeoNode.ts';
import { definitionParts, teamFilterDescription, territoryDefinition } from './territoryDefinition.ts';

let geo: GeoIndex;
beforeAll(() => {
  geo = loadGeoIndexFromDisk();
});

const zipUnits = (test: (u: number) => boolean): number[] => {
  const out: number[] = [];
  for (let u = 0; u < geo.zipUnitCount; u++) if (test(u)) out.push(u);
  return out;
};
const stateUnits = (code: string): number[] => {
  const s = geo.data.states.findIndex((x) => x.code === code);
  return zipUnits((u) => geo.stateOfUnit[u] === s);
};
const countyUnits = (fips: string): number[] => {
  const c = geo.data.counties.findIndex((x) => x.fips === fips);
  return zipUnits((u) => geo.countyOfUnit[u] === c);
};
const zips = (...ids: string[]): number[] => ids.map((id) => geo.unitOf(id));

describe('territoryDefinition', () => {
  it('names whole states, largest first', () => {
    expect(territoryDefinition(geo, [...stateUnits('OK'), ...stateUnits('TX')])).toBe('Texas and Oklahoma');
    expect(territoryDefinition(geo, Int32Array.from(stateUnits('CO')))).toBe('Colorado');
  });

  it('names whole counties with their kind and state', () => {
    expect(territoryDefinition(geo, [...countyUnits('06059'), ...countyUnits('06037')])).toBe(
      'Los Angeles County, CA and Orange County, CA',
    );
    expect(territoryDefinition(geo, [...countyUnits('22071'), ...countyUnits('51760'), ...countyUnits('51159')])).toBe(
      'Orleans Parish, LA, Richmond city, VA and Richmond County, VA',
    );
  });

  it('reads a run of whole 3-digit prefixes as a range, skipping prefixes the geography lacks', () => {
    // New Mexico has no ZIP areas with prefix 872
    expect(geo.ids.some((id) => id.startsWith('872'))).toBe(false);
    const units = zipUnits((u) => /^87[0-5]/.test(geo.ids[u]));
    expect(territoryDefinition(geo, units)).toBe('ZIP codes 870-875 in New Mexico');
    const parts = definitionParts(geo, units);
    expect(parts.zipGroups).toHaveLength(1);
    expect(parts.zipGroups[0].zip3Runs).toEqual([
      { from: '870', to: '875', codes: ['870', '871', '873', '874', '875'] },
    ]);
    expect(parts.zipGroups[0].units).toHaveLength(units.length);
  });

  it('lists single ZIP codes by state, with ranges for consecutive ones and a cut for long lists', () => {
    expect(territoryDefinition(geo, zips('10005', '10001', '10003'))).toBe(
      'ZIP codes 10001, 10003 and 10005 in New York',
    );
    expect(territoryDefinition(geo, zips('10001'))).toBe('ZIP code 10001 in New York');
    expect(territoryDefinition(geo, zips('92590', '92591', '92592', '10001'))).toBe(
      'ZIP code 10001 in New York; ZIP codes 92590-92592 in California',
    );
    // every third Ohio ZIP area: no runs, so the list is cut after listLimit items
    const ohio = stateUnits('OH').filter((_, i) => i % 3 === 0);
    const text = territoryDefinition(geo, ohio, { listLimit: 5 });
    expect(text).toMatch(new RegExp(`^ZIP codes (\\d{5}, ){4}\\d{5} and ${ohio.length - 5} more in Ohio$`));
    expect(definitionParts(geo, ohio).zipGroups[0].zipRuns.flatMap((r) => r.codes)).toHaveLength(ohio.length);
  });

  it('combines states, counties and ZIP codes into one sentence', () => {
    const newMexico = zipUnits((u) => /^87[0-5]/.test(geo.ids[u]));
    expect(territoryDefinition(geo, [...stateUnits('TX'), ...stateUnits('OK'), ...newMexico])).toBe(
      'Texas and Oklahoma, plus ZIP codes 870-875 in New Mexico',
    );
    // the state goes without saying when the counties name it
    expect(
      territoryDefinition(geo, [...countyUnits('06037'), ...countyUnits('06059'), ...zips('92590', '92591', '92592')]),
    ).toBe('Los Angeles County, CA and Orange County, CA, plus ZIP codes 92590-92592');
    // prefix 739 lies mostly in Oklahoma, with one ZIP area in Texas
    expect(territoryDefinition(geo, [...stateUnits('TX'), ...zipUnits((u) => geo.ids[u].startsWith('739'))])).toBe(
      'Texas, plus ZIP codes 739 in Oklahoma',
    );
  });

  it('says "except" when a state is nearly whole', () => {
    const california = stateUnits('CA');
    expect(
      territoryDefinition(
        geo,
        california.filter((u) => !/^9000[1-3]$/.test(geo.ids[u])),
      ),
    ).toBe('California except ZIP codes 90001-90003');
    const sanFrancisco = geo.data.counties.findIndex((c) => c.fips === '06075');
    expect(
      territoryDefinition(
        geo,
        california.filter((u) => geo.countyOfUnit[u] !== sanFrancisco),
      ),
    ).toBe('California except San Francisco County');
    // New Mexico outside prefixes 870-884 has just two ZIP areas; built from the geography
    const newMexico = stateUnits('NM');
    const outside = newMexico.filter((u) => !/^(87\d|88[0-4])/.test(geo.ids[u])).map((u) => geo.ids[u]);
    expect(outside.length).toBeLessThan(newMexico.length * 0.1);
    const units = [...stateUnits('TX'), ...stateUnits('OK'), ...zipUnits((u) => /^(87\d|88[0-4])/.test(geo.ids[u]))];
    const parts = definitionParts(geo, units);
    expect(parts.states.map((s) => s.code)).toEqual(['TX', 'OK', 'NM']);
    expect(parts.states[2].except?.units).toHaveLength(outside.length);
    expect(territoryDefinition(geo, units)).toBe(
      `Texas, Oklahoma and New Mexico (except ZIP codes ${outside.slice(0, -1).join(', ')} and ${outside.at(-1)})`,
    );
    // a state missing a big county is not "nearly whole"
    const losAngeles = geo.data.counties.findIndex((c) => c.fips === '06037');
    expect(
      territoryDefinition(
        geo,
        california.filter((u) => geo.countyOfUnit[u] !== losAngeles),
      ),
    ).not.toMatch(/except/);
  });

  it('names countries, largest first, and the whole US as one', () => {
    expect(territoryDefinition(geo, zips('MX', 'CA'))).toBe('Canada and Mexico');
    const everything = Array.from({ length: geo.unitCount }, (_, u) => u);
    expect(territoryDefinition(geo, everything, { listLimit: 2 })).toMatch(
      /^United States, Russian Federation, Antarctica and \d+ more countries$/,
    );
  });

  it('says so when a territory has no areas, and ignores indexes outside the geography', () => {
    expect(territoryDefinition(geo, [])).toBe('No areas yet');
    expect(territoryDefinition(geo, new Int32Array(0))).toBe('No areas yet');
    expect(territoryDefinition(geo, [-1, geo.unitCount])).toBe('No areas yet');
  });
});

describe('teamFilterDescription', () => {
  it('describes every kind of condition', () => {
    expect(teamFilterDescription([])).toBe('all accounts not taken by an earlier team');
    expect(teamFilterDescription([{ field: 'employees', op: '>=', value: 1000 }])).toBe('1,000+ employees');
    expect(teamFilterDescription([{ field: 'employees', op: '<', value: 50 }])).toBe('under 50 employees');
    expect(teamFilterDescription([{ field: 'value', op: '<', value: 50000 }])).toBe('value under $50,000');
    expect(teamFilterDescription([{ field: 'value', op: '>=', value: 250000.5 }])).toBe('value $250,000.5 or more');
    expect(teamFilterDescription([{ field: 'segment', op: 'in', values: ['Enterprise', 'Strategic'] }])).toBe(
      'Segment: Enterprise or Strategic',
    );
    expect(teamFilterDescription([{ field: 'tier', op: 'in', values: ['1', '2', '3'] }])).toBe('Tier: 1, 2 or 3');
    expect(teamFilterDescription([{ field: 'industry', op: 'in', values: ['Healthcare'] }])).toBe(
      'Industry: Healthcare',
    );
    expect(teamFilterDescription([{ field: 'accountType', op: 'in', values: [] }])).toBe('Account type: (none)');
  });

  it('joins several conditions, all of which must hold', () => {
    expect(
      teamFilterDescription([
        { field: 'employees', op: '>=', value: 1000 },
        { field: 'segment', op: 'in', values: ['Enterprise'] },
      ]),
    ).toBe('1,000+ employees; Segment: Enterprise');
  });
});
