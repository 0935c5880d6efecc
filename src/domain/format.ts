const compactCurrency = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  notation: 'compact',
  maximumFractionDigits: 1,
});
const integer = new Intl.NumberFormat('en-US');

/** "$3.4M" style money for tiles and tooltips. */
export const formatMoney = (v: number): string => (Number.isFinite(v) ? compactCurrency.format(v) : '—');
/** "12,345" style counts. */
export const formatCount = (v: number): string => integer.format(v);
export const formatArea = (km2: number): string => `${integer.format(Math.round(km2 * 0.386102))} sq mi`;
