import { describe, expect, it } from 'vitest';
import { fnv1a, fnv1aHex } from './hash.ts';
import { newId } from './ids.ts';
import { newTerritoryColour, paletteColour, TERRITORY_COLOURS, unusedColours } from './palette.ts';

describe('newId', () => {
  it('is the prefix, the time in base 36 and six random characters, with no slash', () => {
    const id = newId('t', 1_700_000_000_000);
    expect(id).toMatch(/^t-loyw3v28-[0-9a-z]{6}$/);
    expect(newId('dataset')).not.toContain('/');
  });
  it('does not repeat within one millisecond', () => {
    const ids = new Set(Array.from({ length: 2000 }, () => newId('rep', 0)));
    expect(ids.size).toBe(2000);
  });
});

describe('fnv1a', () => {
  it('matches the published FNV-1a 32-bit test vectors', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1aHex('a')).toBe('e40c292c');
    expect(fnv1aHex('foobar')).toBe('bf9cf968');
  });
  it('hashes a slice of a string like the slice on its own', () => {
    const packed = 'xx001ABCyy';
    expect(fnv1a(packed, 2, 8)).toBe(fnv1a('001ABC'));
  });
  it('is unsigned and pads to 8 hex digits', () => {
    for (const s of ['', 'a', 'Tessera', '\u00e9\u4e2d']) {
      expect(fnv1a(s)).toBeGreaterThanOrEqual(0);
      expect(fnv1aHex(s)).toMatch(/^[0-9a-f]{8}$/);
    }
  });
});

describe('territory palette', () => {
  const territories = (...colours: string[]) => colours.map((colour) => ({ colour }));
  it('goes round the palette by position', () => {
    expect(paletteColour(0)).toBe(TERRITORY_COLOURS[0]);
    expect(paletteColour(TERRITORY_COLOURS.length + 2)).toBe(TERRITORY_COLOURS[2]);
    expect(paletteColour(-1)).toBe(TERRITORY_COLOURS[TERRITORY_COLOURS.length - 1]);
  });
  it('gives new territories the colours nobody uses yet, in palette order', () => {
    const existing = territories(TERRITORY_COLOURS[0], TERRITORY_COLOURS[2]);
    expect(unusedColours(existing).slice(0, 2)).toEqual([TERRITORY_COLOURS[1], TERRITORY_COLOURS[3]]);
    expect(newTerritoryColour(existing)).toBe(TERRITORY_COLOURS[1]);
    expect(newTerritoryColour(existing, 1)).toBe(TERRITORY_COLOURS[3]);
  });
  it('rounds the free colours again, and falls back to the position when every colour is taken', () => {
    const allButOne = territories(...TERRITORY_COLOURS.slice(1));
    expect(newTerritoryColour(allButOne, 0)).toBe(TERRITORY_COLOURS[0]);
    expect(newTerritoryColour(allButOne, 1)).toBe(TERRITORY_COLOURS[0]);
    const all = territories(...TERRITORY_COLOURS);
    expect(newTerritoryColour(all, 0)).toBe(TERRITORY_COLOURS[0]);
    expect(newTerritoryColour(all, 3)).toBe(TERRITORY_COLOURS[3]);
  });
});
