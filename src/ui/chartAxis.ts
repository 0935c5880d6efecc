/**
 * The top of a value axis from 0 with four equal round steps (the fifth tick), the steps recharts' own nice ticks take
 * (multiples of 0.05 of a power of ten); computed here in plain numbers, without recharts' decimal maths.
 */
export function niceAxisTop(max: number): number {
  if (!(max > 0)) return 1;
  const rough = max / 4;
  const unit = 10 ** (Math.floor(Math.log10(rough)) + 1);
  const scale = unit === 10 ? 0.1 : 0.05;
  return Number((4 * Math.ceil(rough / unit / scale - 1e-9) * scale * unit).toPrecision(12));
}

/**
 * The top of an axis of counts or money: at least 4, so its four steps are whole numbers (an empty or tiny chart
 * would otherwise show ticks such as 0.25 or "$0.3").
 */
export function countAxisTop(max: number): number {
  return max > 4 ? niceAxisTop(max) : 4;
}
