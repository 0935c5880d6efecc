/** The geography file written by scripts/build-geo.ts (public/geo/units.json). Plain JSON arrays. */
export interface GeoDataFile {
  format: 'tessera-geo';
  version: 1;
  sources: string[];
  approximation: string;
  /** States and territories with ZIP areas, sorted by USPS code; lon/lat is a label point. */
  states: { fips: string; code: string; name: string; lon: number; lat: number }[];
  /** Counties sorted by FIPS; state is an index into states. */
  counties: { fips: string; name: string; state: number }[];
  /**
   * Units: ZIP areas sorted by id (indices 0..zipUnitCount-1), then countries sorted by ISO code.
   * A county without any ZCTA point is one area of its own with id "C" + county FIPS.
   */
  units: {
    id: string[];
    /** City for a ZIP area (USPS), country name for a country. */
    name: string[];
    /** County index for ZIP areas, -1 for countries. */
    county: number[];
    lon: number[];
    lat: number[];
    areaKm2: number[];
    /** 1 when the unit is not connected to the mainland by real borders (reached by a virtual edge). */
    island: number[];
    zipUnitCount: number;
  };
  /** `otherNames`: other English, German, French and Spanish names of the country. */
  countries: { code: string; alpha3: string; name: string; otherNames?: string[] }[];
  /** CSR adjacency over units, symmetric, neighbours sorted; virtual edges included and listed. */
  adjacency: { offsets: number[]; neighbours: number[]; virtualEdges: [number, number][]; realEdgeCount: number };
  /** USPS ZIPs that are not ZIP areas themselves (PO boxes, single organisations): unit index, or -1 with a note. */
  zipLookup: { zip: string[]; unit: number[]; note: string[] };
}
