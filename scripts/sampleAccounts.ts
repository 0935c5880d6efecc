import type { GeoIndex } from '../src/geo/geoIndex.ts';
import { normal, seededRandom, weightedSampler } from '../src/domain/random.ts';

/** Salesforce-style export columns written by the sample generator, in order. */
export const SAMPLE_COLUMNS = [
  'Id',
  'Name',
  'BillingCity',
  'BillingPostalCode',
  'BillingState',
  'BillingCountry',
  'AnnualRevenue',
  'NumberOfEmployees',
  'Industry',
  'Type',
  'Segment__c',
  'Owner.Name',
  'Owner.Email',
  'ParentId',
  'Open_Opportunity_Owner__c',
  'LastActivityDate',
  'Last_Activity_By__c',
] as const;

export type SampleRow = Record<(typeof SAMPLE_COLUMNS)[number], string>;

const INDUSTRIES = [
  'Technology',
  'Healthcare',
  'Manufacturing',
  'Financial Services',
  'Retail',
  'Education',
  'Construction',
  'Transportation',
  'Energy',
  'Hospitality',
  'Media',
  'Government',
];
const NAME_HEADS = [
  'Summit',
  'Harbor',
  'Pioneer',
  'Blue Ridge',
  'Cedar',
  'Granite',
  'Northwind',
  'Riverbend',
  'Lakeshore',
  'Redwood',
  'Ironwood',
  'Silverline',
  'Keystone',
  'Prairie',
  'Beacon',
  'Evergreen',
  'Coastal',
  'Frontier',
  'Sterling',
  'Maple',
  'Canyon',
  'Liberty',
  'Horizon',
  'Oakmont',
  'Bayview',
  'Copperleaf',
  'Westfield',
  'Atlas',
  'Meridian',
  'Vantage',
];
const NAME_TAILS: Record<string, string[]> = {
  Technology: ['Software', 'Systems', 'Data', 'Networks', 'Labs'],
  Healthcare: ['Health', 'Medical Group', 'Clinics', 'Care Partners', 'Diagnostics'],
  Manufacturing: ['Manufacturing', 'Industries', 'Fabrication', 'Tooling', 'Components'],
  'Financial Services': ['Capital', 'Bank', 'Credit Union', 'Advisors', 'Insurance'],
  Retail: ['Outfitters', 'Market', 'Stores', 'Supply', 'Goods'],
  Education: ['Academy', 'College', 'Learning', 'School District', 'Institute'],
  Construction: ['Builders', 'Construction', 'Contracting', 'Homes', 'Engineering'],
  Transportation: ['Logistics', 'Freight', 'Transit', 'Shipping', 'Fleet Services'],
  Energy: ['Energy', 'Power', 'Solar', 'Utilities', 'Resources'],
  Hospitality: ['Hotels', 'Hospitality', 'Restaurants', 'Resorts', 'Catering'],
  Media: ['Media', 'Studios', 'Publishing', 'Broadcasting', 'Creative'],
  Government: ['County Services', 'Municipal Authority', 'Public Works', 'Water District', 'Housing Authority'],
};
const FIRST = [
  'Avery',
  'Jordan',
  'Morgan',
  'Riley',
  'Casey',
  'Taylor',
  'Jamie',
  'Quinn',
  'Drew',
  'Reese',
  'Parker',
  'Rowan',
  'Sage',
  'Blake',
  'Emerson',
  'Hayden',
  'Logan',
  'Cameron',
  'Dana',
  'Kendall',
];
const LAST = [
  'Nguyen',
  'Garcia',
  'Patel',
  'Johnson',
  'Okafor',
  'Schmidt',
  'Rossi',
  'Kim',
  'Haddad',
  'Walker',
  'Silva',
  'Cohen',
  'Brooks',
  'Murphy',
  'Larsen',
  'Reyes',
  'Ito',
  'Novak',
  'Bennett',
  'Farah',
];

const REGIONS: [string, string[]][] = [
  ['Northeast', ['ME', 'NH', 'VT', 'MA', 'RI', 'CT']],
  ['New York Metro', ['NY', 'NJ']],
  ['Mid-Atlantic', ['PA', 'DE', 'MD', 'DC', 'VA', 'WV']],
  ['Southeast', ['NC', 'SC', 'GA', 'FL', 'PR', 'VI']],
  ['South Central', ['AL', 'MS', 'TN', 'KY', 'AR', 'LA']],
  ['Great Lakes', ['OH', 'MI', 'IN']],
  ['Midwest', ['IL', 'WI', 'MN', 'IA', 'MO']],
  ['Plains', ['ND', 'SD', 'NE', 'KS', 'OK']],
  ['Texas', ['TX']],
  ['Mountain', ['CO', 'UT', 'WY', 'MT', 'ID', 'NM', 'AZ', 'NV']],
  ['Pacific Northwest', ['WA', 'OR', 'AK', 'HI', 'GU', 'AS', 'MP']],
  ['California', ['CA']],
];

const INTERNATIONAL: { country: string; city: string; postal: string }[] = [
  { country: 'Canada', city: 'Toronto', postal: 'M5V 2T6' },
  { country: 'Canada', city: 'Vancouver', postal: 'V6B 1A1' },
  { country: 'United Kingdom', city: 'London', postal: 'SW1A 1AA' },
  { country: 'Germany', city: 'Berlin', postal: '10115' },
  { country: 'Mexico', city: 'Monterrey', postal: '64000' },
  { country: 'France', city: 'Paris', postal: '75002' },
  { country: 'AU', city: 'Sydney', postal: '2000' },
  { country: 'Japan', city: 'Tokyo', postal: '100-0005' },
];

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
function salesforceId(n: number): string {
  let s = '';
  let v = n;
  for (let i = 0; i < 12; i++) {
    s = BASE62[v % 62] + s;
    v = Math.floor(v / 62);
  }
  return `001${s}AAA`;
}

export interface SampleOptions {
  accounts: number;
  seed: number;
  /** Activity dates are relative to this day (ISO), so a seed always gives the same file. */
  today?: string;
  /** First account number, so that batches written one after another get distinct Ids. */
  idOffset?: number;
}

/**
 * A realistic synthetic CRM export: accounts dense in metros (small ZIP areas) and sparse elsewhere,
 * log-normal revenue and headcount, segments by headcount, customers, open opportunities,
 * parent/child links, about 1% international rows and about 0.5% deliberately bad rows.
 */
export function generateSampleAccounts(geo: GeoIndex, options: SampleOptions): SampleRow[] {
  const random = seededRandom(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const today = Date.parse(options.today ?? '2026-11-01');

  // density proxy: small ZIP areas are urban, so weight ~ area^-0.85
  const zipUnits: number[] = [];
  for (let i = 0; i < geo.zipUnitCount; i++) if (!geo.ids[i].startsWith('C')) zipUnits.push(i);
  const sampleIndex = weightedSampler(
    zipUnits.map((u) => Math.pow(Math.max(geo.areaKm2[u], 1.5), -0.85)),
    random,
  );
  const sampleUnit = (): number => zipUnits[sampleIndex()];

  // a few reps per region, one region per state
  const repsByState = new Map<string, { name: string; email: string }[]>();
  const allReps: { name: string; email: string }[] = [];
  for (const [, states] of REGIONS) {
    const count = 2 + Math.floor(random() * 3);
    const reps = Array.from({ length: count }, () => {
      const first = pick(FIRST);
      const last = pick(LAST);
      const rep = { name: `${first} ${last}`, email: `${first}.${last}@tessera-demo.com`.toLowerCase() };
      allReps.push(rep);
      return rep;
    });
    for (const s of states) repsByState.set(s, reps);
  }

  const rows: SampleRow[] = [];
  const usedNames = new Map<string, number>();
  for (let n = 0; n < options.accounts; n++) {
    const industry = pick(INDUSTRIES);
    let name = `${pick(NAME_HEADS)} ${pick(NAME_TAILS[industry])}`;
    const seen = usedNames.get(name) ?? 0;
    usedNames.set(name, seen + 1);
    if (seen > 0) name = `${name} ${seen + 1}`;
    const employees = Math.max(1, Math.round(Math.exp(3.4 + 1.5 * normal(random))));
    const revenue = Math.round((employees * Math.exp(11.6 + 0.7 * normal(random))) / 1000) * 1000;
    const segment = employees >= 1000 ? 'Enterprise' : employees >= 100 ? 'Mid-Market' : 'SMB';
    const customer = random() < 0.28;
    const type = customer
      ? pick(['Customer - Direct', 'Customer - Direct', 'Customer - Channel'])
      : pick(['Prospect', 'Prospect', 'Partner', 'Other']);

    let city: string;
    let postal: string;
    let state: string;
    let country: string;
    let reps = allReps;
    if (random() < 0.012) {
      const intl = pick(INTERNATIONAL);
      ({ city, postal, country } = intl);
      state = '';
    } else {
      const unit = sampleUnit();
      const info = geo.info(unit);
      city = info.name;
      state = info.stateCode;
      postal = info.id;
      country = pick(['United States', 'United States', 'USA', 'US', 'U.S.']);
      reps = repsByState.get(state) ?? allReps;
      const style = random();
      if (style < 0.08) postal = `${postal}-${String(Math.floor(random() * 10000)).padStart(4, '0')}`;
      else if (style < 0.1 && postal.startsWith('0')) postal = postal.slice(1); // Excel dropped the leading zero
    }
    const owner = pick(reps);
    const activityDays = Math.floor(random() * (random() < 0.6 ? 120 : 540));
    const hasActivity = random() < 0.85;
    const openOpp = random() < 0.12;
    const row: SampleRow = {
      Id: salesforceId(1_000_000 + ((options.idOffset ?? 0) + n) * 7919),
      Name: name,
      BillingCity: city,
      BillingPostalCode: postal,
      BillingState: state,
      BillingCountry: country,
      AnnualRevenue: String(revenue),
      NumberOfEmployees: String(employees),
      Industry: industry,
      Type: type,
      Segment__c: segment,
      'Owner.Name': owner.name,
      'Owner.Email': owner.email,
      ParentId: '',
      Open_Opportunity_Owner__c: openOpp ? (random() < 0.8 ? owner.name : pick(allReps).name) : '',
      LastActivityDate: hasActivity ? new Date(today - activityDays * 86_400_000).toISOString().slice(0, 10) : '',
      Last_Activity_By__c: hasActivity ? (random() < 0.85 ? owner.name : pick(allReps).name) : '',
    };
    if (n > 50 && random() < 0.05) row.ParentId = rows[Math.floor(random() * rows.length)].Id;
    rows.push(row);
  }

  // deliberately bad rows, spread through the file: the importer must report each of them
  const bad = Math.max(5, Math.round(options.accounts * 0.005));
  for (let b = 0; b < bad && rows.length > 10; b++) {
    const target = rows[Math.floor(random() * rows.length)];
    switch (b % 5) {
      case 0:
        target.BillingPostalCode = '';
        break;
      case 1:
        target.BillingPostalCode = '00000';
        break;
      case 2:
        target.AnnualRevenue = 'twelve million';
        break;
      case 3:
        target.Id = rows[(rows.indexOf(target) + 1) % rows.length].Id; // duplicate Id
        break;
      case 4:
        target.Name = `=HYPERLINK("http://example.invalid","${target.Name}")`;
        break;
    }
  }
  return rows;
}
