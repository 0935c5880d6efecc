import { describe, expect, it } from 'vitest';
import { normalizeUsZip } from './postalCode.ts';
import { parseCrmNumber } from './numbers.ts';
import { createCountryNormaliser } from './country.ts';
import { loadGeoIndexFromDisk } from '../geo/loadGeoNode.ts';

describe('normalizeUsZip', () => {
  it.each([
    ['02134', '02134', undefined],
    [' 94105 ', '94105', undefined],
    ['02134-1234', '02134', 'zip+4'],
    ['021341234', '02134', 'zip+4'],
    ['2134', '02134', 'leading-zero'],
    ['501', null, 'malformed-zip'],
    ['2134-5678', '02134', 'leading-zero'],
    ['94105.0', '94105', undefined],
    ['', null, 'missing-zip'],
    ['ABCDE', null, 'malformed-zip'],
    ['123456', null, 'malformed-zip'],
  ])('%j -> %j', (raw, zip5, note) => {
    const r = normalizeUsZip(raw);
    if (zip5 === null) expect(r).toEqual({ ok: false, reason: note });
    else expect(r).toEqual(note ? { ok: true, zip5, repaired: note } : { ok: true, zip5 });
  });
});

describe('parseCrmNumber', () => {
  it.each([
    ['1200', 1200],
    ['1,200,000', 1_200_000],
    ['$1,200.50', 1200.5],
    ['€ 1.234,56', 1234.56],
    ['12,5', 12.5],
    ['(300)', -300],
    ['-42', -42],
    ['2.5M', 2_500_000],
    ['USD 900', 900],
    ['1.234.567', 1_234_567],
  ])('%j -> %d', (raw, value) => {
    expect(parseCrmNumber(raw)).toEqual({ kind: 'number', value });
  });
  it.each(['', 'N/A', '-', 'null', '#N/A'])('%j is missing', (raw) => {
    expect(parseCrmNumber(raw)).toEqual({ kind: 'missing' });
  });
  it.each(['twelve', '12abc', '=1+1', '1-2'])('%j is invalid', (raw) => {
    expect(parseCrmNumber(raw)).toEqual({ kind: 'invalid' });
  });
});

describe('country normaliser', () => {
  const normalise = createCountryNormaliser([
    { code: 'CA', alpha3: 'CAN', name: 'Canada' },
    { code: 'GB', alpha3: 'GBR', name: 'United Kingdom' },
  ]);
  it.each([
    ['US', 'US'],
    ['USA', 'US'],
    ['United States', 'US'],
    ['U.S.', 'US'],
    ['', 'US'],
    ['canada', 'CA'],
    ['CAN', 'CA'],
    ['UK', 'GB'],
    ['United  Kingdom', 'GB'],
    ['Narnia', null],
  ])('%j -> %j', (raw, code) => expect(normalise(raw)).toBe(code));
});

describe('country names in the languages of European CRM exports', () => {
  const normalise = createCountryNormaliser(loadGeoIndexFromDisk().data.countries);
  it.each([
    ['Österreich', 'AT'],
    ['OSTERREICH', 'AT'],
    ['Schweiz', 'CH'],
    ['Frankreich', 'FR'],
    ['Allemagne', 'DE'],
    ['Royaume-Uni', 'GB'],
    ['Alemania', 'DE'],
    ['Reino Unido', 'GB'],
    ['México', 'MX'],
    ['Canadá', 'CA'],
    ['Vereinigte Staaten', 'US'],
    ['États-Unis', 'US'],
    ['EE. UU.', 'US'],
    ['Estados Unidos', 'US'],
    ['Germany', 'DE'],
    ['Narnia', null],
  ])('%j -> %j', (raw, code) => expect(normalise(raw)).toBe(code));
});
