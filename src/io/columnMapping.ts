import { parseCrmNumber, type DecimalSeparator } from './numbers.ts';

/** Account fields an import can fill from a column. The value column is chosen separately. */
export const ACCOUNT_FIELDS = [
  'id',
  'name',
  'postalCode',
  'country',
  'state',
  'city',
  'latitude',
  'longitude',
  'employees',
  'industry',
  'accountType',
  'segment',
  'tier',
  'ownerName',
  'ownerEmail',
  'ownerId',
  'parentId',
  'website',
  'openOpportunityOwner',
  'lastActivityDate',
  'lastActivityBy',
] as const;
export type AccountField = (typeof ACCOUNT_FIELDS)[number];

export const ACCOUNT_FIELD_LABELS: Record<AccountField, string> = {
  id: 'Account Id',
  name: 'Account name',
  postalCode: 'ZIP / postal code',
  country: 'Country',
  state: 'State',
  city: 'City',
  latitude: 'Latitude',
  longitude: 'Longitude',
  employees: 'Employees',
  industry: 'Industry',
  accountType: 'Type / lifecycle',
  segment: 'Segment',
  tier: 'Tier',
  ownerName: 'Owner name',
  ownerEmail: 'Owner email',
  ownerId: 'Owner Id',
  parentId: 'Parent account Id',
  website: 'Website / domain',
  openOpportunityOwner: 'Open opportunity owner',
  lastActivityDate: 'Last activity date',
  lastActivityBy: 'Last activity by',
};

/** The CRM a file most likely came from. */
export type CrmSource = 'salesforce' | 'hubspot' | 'dynamics' | 'generic';

export const CRM_SOURCE_LABELS: Record<CrmSource, string> = {
  salesforce: 'Salesforce',
  hubspot: 'HubSpot',
  dynamics: 'Dynamics 365',
  generic: 'Generic CSV',
};

/** Which column feeds which field, which numeric column is the account value, and extra metrics. */
export interface ColumnMapping {
  fields: Partial<Record<AccountField, number>>;
  valueColumn: number | null;
  metricColumns: number[];
  /** Decimal separator of the file's numbers; absent = decided per cell ("1.234,5" and "1,234.5" both read). */
  decimal?: DecimalSeparator;
}

/**
 * Header spellings per field: Salesforce, HubSpot, Dynamics 365, generic, then German, French and
 * Spanish exports. Compared without case, accents, punctuation or a unit in brackets.
 */
const SYNONYMS: Record<AccountField, string[]> = {
  id: [
    'id',
    'account id',
    'accountid',
    'record id',
    'account id (18 digit)',
    'account number',
    'accountnumber',
    'crm id',
    'kundennummer',
    'kunden-nr',
    'kundennr.',
    'kunden-id',
    'firmen-id',
    'numero client',
    'n° client',
    'identifiant',
    'id client',
    'numero de cliente',
    'id cliente',
    'codigo de cliente',
    'codigo cliente',
  ],
  name: [
    'name',
    'account name',
    'company name',
    'company',
    'accountname',
    'organization',
    'organisation',
    'firma',
    'firmenname',
    'unternehmen',
    'unternehmensname',
    'kundenname',
    'kunde',
    'raison sociale',
    'entreprise',
    'société',
    "nom de l'entreprise",
    'nom',
    'empresa',
    'razón social',
    'nombre de la empresa',
    'nombre',
    'compañía',
    'cliente',
  ],
  postalCode: [
    'billingpostalcode',
    'billing zip/postal code',
    'postal code',
    'postalcode',
    'zip',
    'zip code',
    'zipcode',
    'postal_code',
    'zip_code',
    'address1_postalcode',
    'address 1: zip/postal code',
    'postcode',
    'shippingpostalcode',
    'plz',
    'postleitzahl',
    'code postal',
    'cp',
    'código postal',
    'cod. postal',
  ],
  country: [
    'billingcountry',
    'billing country',
    'country/region',
    'country',
    'address1_country',
    'address 1: country/region',
    'country_code',
    'countrycode',
    'land',
    'länderkennzeichen',
    'pays',
    'país',
  ],
  state: [
    'billingstate',
    'billing state/province',
    'state/region',
    'state',
    'address1_stateorprovince',
    'address 1: state/province',
    'province',
    'region',
    'bundesland',
    'région',
    'département',
    'provincia',
    'comunidad autónoma',
    'estado',
  ],
  city: [
    'billingcity',
    'billing city',
    'city',
    'address1_city',
    'address 1: city',
    'town',
    'ort',
    'stadt',
    'ville',
    'commune',
    'ciudad',
    'localidad',
    'población',
  ],
  latitude: ['latitude', 'lat', 'billinglatitude', 'address1_latitude', 'y', 'breitengrad', 'latitud'],
  longitude: [
    'longitude',
    'lon',
    'lng',
    'long',
    'billinglongitude',
    'address1_longitude',
    'x',
    'längengrad',
    'longitud',
  ],
  employees: [
    'numberofemployees',
    'number of employees',
    'employees',
    'employee count',
    'numberofemployees__c',
    'headcount',
    'mitarbeiter',
    'mitarbeiteranzahl',
    'anzahl mitarbeiter',
    'beschäftigte',
    'effectif',
    'effectifs',
    "nombre d'employés",
    'salariés',
    'empleados',
    'número de empleados',
    'plantilla',
  ],
  industry: [
    'industry',
    'industrycode',
    'industry code',
    'sector',
    'vertical',
    'branche',
    'secteur',
    "secteur d'activité",
    'industrie',
    'industria',
  ],
  accountType: ['type', 'account type', 'lifecycle stage', 'customertypecode', 'relationship type', 'status'],
  segment: ['segment__c', 'segment', 'customer segment', 'market segment'],
  tier: ['tier__c', 'tier', 'account tier', 'priority'],
  ownerName: [
    'owner.name',
    'owner name',
    'account owner',
    'company owner',
    'owner',
    'owninguser',
    'owner full name',
    'inhaber',
    'besitzer',
    'kundenbetreuer',
    'verantwortlich',
    'propriétaire',
    'responsable',
    'propietario',
  ],
  ownerEmail: ['owner.email', 'owner email', 'account owner email', 'company owner email', 'owner_email'],
  ownerId: ['ownerid', 'owner id', 'hubspot owner id', 'owninguserid', '_ownerid_value'],
  parentId: [
    'parentid',
    'parent id',
    'parent account id',
    'parent company id',
    'parentaccountid',
    '_parentaccountid_value',
    'parent_id',
  ],
  website: [
    'website',
    'company domain name',
    'domain',
    'web site',
    'websiteurl',
    'url',
    'company website',
    'webseite',
    'site web',
    'sitio web',
    'página web',
  ],
  openOpportunityOwner: ['open_opportunity_owner__c', 'open opportunity owner', 'opportunity owner', 'deal owner'],
  lastActivityDate: [
    'lastactivitydate',
    'last activity date',
    'last activity',
    'last engagement date',
    'lastusedincampaign',
    'last_activity_date',
    'recent sales email replied date',
    'letzte aktivität',
    'dernière activité',
    'última actividad',
  ],
  lastActivityBy: ['last_activity_by__c', 'last activity by', 'last engaged by', 'last_activity_by'],
};

/** Value column spellings, most specific first. */
const VALUE_SYNONYMS = [
  'annualrevenue',
  'annual revenue',
  'revenue',
  'arr',
  'account value',
  'value',
  'amount',
  'potential',
  'tam',
  'jahresumsatz',
  'umsatz',
  'wert',
  "chiffre d'affaires",
  "chiffre d'affaires annuel",
  'ca',
  'facturación',
  'ingresos',
  'ingresos anuales',
  'ventas',
  'valor',
];

const normaliseHeader = (h: string): string =>
  h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase();

/** A header as compared with the spellings: no case, accents, punctuation, spaces or bracketed unit ("Umsatz (EUR)"). */
const headerKey = (h: string): string =>
  normaliseHeader(h)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\([^)]*\)|\[[^\]]*\]/g, '')
    .replace(/[^a-z0-9]/g, '');

const POSTAL_KEYS = new Set(SYNONYMS.postalCode.map(headerKey));
/** Header words that mean a postal code whatever surrounds them ("PLZ Rechnungsadresse", "Zip 5"). */
const POSTAL_PARTS = /zip|postal|postcode|plz|postleitzahl|codepostal|codigopostal/;

/** A header that names a postal code. */
export function isPostalHeader(header: string): boolean {
  const key = headerKey(header);
  return POSTAL_KEYS.has(key) || POSTAL_PARTS.test(key);
}

/** Sample cells that all look like postal codes: 4 or 5 digits (ZIP+4 too), one length, at least one leading zero or ZIP+4. */
export function looksLikePostalCodes(cells: readonly string[]): boolean {
  const filled = cells.map((c) => c.trim()).filter((c) => c !== '');
  if (filled.length === 0) return false;
  if (!filled.every((c) => /^\d{4,5}(-\d{4})?$/.test(c))) return false;
  const lengths = new Set(filled.map((c) => c.slice(0, 5).replace(/-.*/, '').length));
  return lengths.size === 1 && filled.some((c) => c.startsWith('0') || c.includes('-'));
}

/** Guesses which CRM exported a file from its headers. */
export function detectCrmSource(headers: readonly string[]): CrmSource {
  const set = new Set(headers.map(normaliseHeader));
  if (set.has('billingpostalcode') || set.has('billing zip/postal code') || set.has('annualrevenue'))
    return 'salesforce';
  if (set.has('record id') || set.has('company name') || set.has('company owner')) return 'hubspot';
  if (set.has('accountid') || set.has('address1_postalcode') || set.has('address 1: zip/postal code'))
    return 'dynamics';
  return 'generic';
}

/** Columns whose sample cells are mostly numbers (blank and "N/A" ignored). */
export function numericColumns(
  headers: readonly string[],
  sampleRows: readonly string[][],
  decimal?: DecimalSeparator,
): number[] {
  const result: number[] = [];
  headers.forEach((_, c) => {
    let numbers = 0;
    let filled = 0;
    for (const row of sampleRows) {
      const parsed = parseCrmNumber(row[c] ?? '', decimal);
      if (parsed.kind === 'missing') continue;
      filled++;
      if (parsed.kind === 'number') numbers++;
    }
    if (filled > 0 && numbers / filled >= 0.8) result.push(c);
  });
  return result;
}

/**
 * Proposes a mapping from the header row and a few sample rows: the first matching spelling per
 * field, the value column from revenue-like names (else the first numeric column that is no other
 * field), and no extra metrics.
 */
export function proposeColumnMapping(
  headers: readonly string[],
  sampleRows: readonly string[][] = [],
  decimal?: DecimalSeparator,
): ColumnMapping {
  const keys = headers.map(headerKey);
  const fields: Partial<Record<AccountField, number>> = {};
  const used = new Set<number>();
  for (const field of ACCOUNT_FIELDS) {
    for (const synonym of SYNONYMS[field]) {
      const index = keys.indexOf(headerKey(synonym));
      if (index >= 0 && !used.has(index)) {
        fields[field] = index;
        used.add(index);
        break;
      }
    }
  }
  // a postal code is never the account value, whatever its column is called or mapped to
  const postal = (c: number): boolean =>
    isPostalHeader(headers[c]) || looksLikePostalCodes(sampleRows.map((row) => row[c] ?? ''));
  let valueColumn: number | null = null;
  for (const synonym of VALUE_SYNONYMS) {
    const index = keys.indexOf(headerKey(synonym));
    if (index >= 0 && !used.has(index) && !postal(index)) {
      valueColumn = index;
      break;
    }
  }
  if (valueColumn === null && sampleRows.length > 0) {
    const candidates = numericColumns(headers, sampleRows, decimal).filter((c) => !used.has(c) && !postal(c));
    valueColumn = candidates[0] ?? null;
  }
  return { fields, valueColumn, metricColumns: [], ...(decimal ? { decimal } : {}) };
}

/** Key under which a mapping is remembered for files with the same headers. */
export function headerSignature(headers: readonly string[]): string {
  return headers.map(normaliseHeader).join('\u241f');
}

/** Checks a mapping before import; returns a message for the planner or null when it can be used. */
export function mappingProblem(mapping: ColumnMapping, headerCount: number): string | null {
  const columns = Object.values(mapping.fields).filter((c): c is number => c !== undefined);
  if (columns.some((c) => c < 0 || c >= headerCount)) return 'A mapped column does not exist in this file.';
  const { postalCode, country, latitude, longitude } = mapping.fields;
  if (postalCode === undefined && country === undefined && (latitude === undefined || longitude === undefined))
    return 'Choose a ZIP / postal code, country or latitude + longitude column so accounts can be placed on the map.';
  if ((latitude === undefined) !== (longitude === undefined)) return 'Latitude and longitude must be chosen together.';
  return null;
}
