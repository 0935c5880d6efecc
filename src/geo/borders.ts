/** Border lines between neighbouring ZIP areas (public/geo/borders.json), as flat typed arrays. */
export interface UnitBorders {
  a: Int32Array;
  b: Int32Array;
  /** Coordinates of border i are coords[offsets[i] .. offsets[i + 1]) as x0, y0, x1, y1, ... */
  offsets: Uint32Array;
  coords: Float32Array;
}

/** The borders file as written by scripts/build-geo.ts. */
export interface BordersFile {
  format: 'tessera-borders';
  version: 1;
  borders: number[][];
}

/** Packs the borders file into typed arrays. */
export function packBorders(file: BordersFile): UnitBorders {
  const n = file.borders.length;
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  const offsets = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + file.borders[i].length - 2;
  const coords = new Float32Array(offsets[n]);
  file.borders.forEach((row, i) => {
    a[i] = row[0];
    b[i] = row[1];
    coords.set(row.slice(2), offsets[i]);
  });
  return { a, b, offsets, coords };
}

/**
 * Dissolved territory outlines: the borders whose two sides belong to different territories (or one
 * to none), as MultiLineString coordinates.
 */
export function territoryOutlines(borders: UnitBorders, assignment: Int32Array): number[][][] {
  const lines: number[][][] = [];
  for (let i = 0; i < borders.a.length; i++) {
    const ka = assignment[borders.a[i]];
    const kb = assignment[borders.b[i]];
    if (ka === kb) continue;
    const line: number[][] = [];
    for (let p = borders.offsets[i]; p < borders.offsets[i + 1]; p += 2)
      line.push([borders.coords[p], borders.coords[p + 1]]);
    lines.push(line);
  }
  return lines;
}
