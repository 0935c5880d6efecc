/** Ways of grouping units for painting and display. */
export type Level = 'state' | 'county' | 'zip3' | 'zip5' | 'country';

export const LEVELS: readonly Level[] = ['state', 'county', 'zip3', 'zip5', 'country'];

export const LEVEL_LABELS: Record<Level, string> = {
  state: 'State',
  county: 'County',
  zip3: 'ZIP3',
  zip5: 'ZIP',
  country: 'Country',
};

/** Where a postal code or country resolved to; unit is -1 when it could not be placed. */
export interface UnitResolution {
  unit: number;
  /** Why it could not be placed, or how it was placed. */
  how: 'zip-area' | 'usps-zip' | 'country' | 'unknown-zip' | 'military-zip' | 'no-location' | 'unknown-country';
}
