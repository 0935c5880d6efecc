/** Unit centres projected to km on one equirectangular plane (cosine of 38°N), for cutting and compactness. */
export function projectedCentres(lon: Float64Array, lat: Float64Array): { x: Float64Array; y: Float64Array } {
  const k = Math.cos((38 * Math.PI) / 180);
  return { x: Float64Array.from(lon, (v) => v * 111.32 * k), y: Float64Array.from(lat, (v) => v * 110.57) };
}
