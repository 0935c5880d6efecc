/** Account fields an import can fill. */
export type AccountField =
  | 'id'
  | 'name'
  | 'city'
  | 'state'
  | 'postalCode'
  | 'country'
  | 'value'
  | 'employees'
  | 'industry'
  | 'accountType'
  | 'segment'
  | 'ownerName';

/** Header spellings per field, Salesforce first, then HubSpot, Dynamics 365 and generic names (lower case). */
const HEADER_SYNONYMS: Record<AccountField, string[]> = {
  id: ['id', 'account id', 'accountid', 'record id', 'accountnumber', 'account number'],
  name: ['name', 'account name', 'company name', 'company', 'accountname'],
  city: ['billingcity', 'city', 'address1_city', 'billing city'],
  state: ['billingstate', 'state', 'state/region', 'address1_stateorprovince', 'billing state', 'region'],
  postalCode: [
    'billingpostalcode',
    'postal code',
    'postalcode',
    'zip',
    'zip code',
    'zipcode',
    'postal_code',
    'address1_postalcode',
    'billing zip/postal code',
  ],
  country: ['billingcountry', 'country', 'country/region', 'address1_country', 'billing country'],
  value: ['annualrevenue', 'annual revenue', 'revenue', 'value', 'arr', 'account value'],
  employees: ['numberofemployees', 'number of employees', 'employees', 'numberofemployees', 'employee count'],
  industry: ['industry', 'industrycode'],
  accountType: ['type', 'account type', 'lifecycle stage', 'customertypecode'],
  segment: ['segment__c', 'segment', 'tier', 'tier__c'],
  ownerName: ['owner.name', 'owner name', 'account owner', 'company owner', 'ownerid', 'owner'],
};

/** Proposes a column index per field from the header row (first matching synonym wins). */
export function proposeColumnMapping(headers: readonly string[]): Partial<Record<AccountField, number>> {
  const normalised = headers.map((h) =>
    h
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase(),
  );
  const mapping: Partial<Record<AccountField, number>> = {};
  for (const field of Object.keys(HEADER_SYNONYMS) as AccountField[]) {
    for (const synonym of HEADER_SYNONYMS[field]) {
      const index = normalised.indexOf(synonym);
      if (index >= 0) {
        mapping[field] = index;
        break;
      }
    }
  }
  return mapping;
}
