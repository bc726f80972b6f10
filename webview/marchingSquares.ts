/**
 * Contour lines of a function sampled on a rectangular grid (marching
 * squares with linear interpolation along cell edges; saddle cells resolved
 * by the cell-centre average).
 */

/** A contour segment from (x1, y1) to (x2, y2), in grid coordinates' units. */
export type Segment = [number, number, number, number];

/**
 * values[j][i] is the function at (xs[i], ys[j]); xs and ys increasing.
 * Returns the segments of the level set {f = level}.
 */
export function contourSegments(values: number[][], xs: number[], ys: number[], level: number): Segment[] {
  const out: Segment[] = [];
  const above = (v: number) => v >= level;
  // Point where the level crosses the edge from (xa, ya, va) to (xb, yb, vb).
  const cross = (xa: number, ya: number, va: number, xb: number, yb: number, vb: number): [number, number] => {
    const t = vb === va ? 0.5 : (level - va) / (vb - va);
    return [xa + t * (xb - xa), ya + t * (yb - ya)];
  };
  for (let j = 0; j + 1 < ys.length; j++) {
    for (let i = 0; i + 1 < xs.length; i++) {
      const x0 = xs[i], x1 = xs[i + 1], y0 = ys[j], y1 = ys[j + 1];
      const v00 = values[j][i], v10 = values[j][i + 1], v11 = values[j + 1][i + 1], v01 = values[j + 1][i];
      if (![v00, v10, v11, v01].every(Number.isFinite)) continue;
      const a00 = above(v00), a10 = above(v10), a11 = above(v11), a01 = above(v01);
      if (a00 === a10 && a10 === a11 && a11 === a01) continue;
      // Crossings on the four edges: bottom, right, top, left.
      const bottom = a00 !== a10 ? cross(x0, y0, v00, x1, y0, v10) : null;
      const right = a10 !== a11 ? cross(x1, y0, v10, x1, y1, v11) : null;
      const top = a01 !== a11 ? cross(x0, y1, v01, x1, y1, v11) : null;
      const left = a00 !== a01 ? cross(x0, y0, v00, x0, y1, v01) : null;
      const pts = [bottom, right, top, left].filter((p): p is [number, number] => p !== null);
      if (pts.length === 2) {
        out.push([pts[0][0], pts[0][1], pts[1][0], pts[1][1]]);
      } else if (pts.length === 4) {
        // Saddle: cut off the two corners whose side differs from the centre's.
        const centre = above((v00 + v10 + v11 + v01) / 4);
        if (a00 !== centre) out.push([bottom![0], bottom![1], left![0], left![1]]);
        if (a10 !== centre) out.push([bottom![0], bottom![1], right![0], right![1]]);
        if (a11 !== centre) out.push([right![0], right![1], top![0], top![1]]);
        if (a01 !== centre) out.push([top![0], top![1], left![0], left![1]]);
      }
    }
  }
  return out;
}

/** n levels evenly spaced strictly inside [min, max] of the finite values. */
export function contourLevels(values: number[][], n: number): number[] {
  let min = Infinity, max = -Infinity;
  for (const row of values) for (const v of row) if (Number.isFinite(v)) { min = Math.min(min, v); max = Math.max(max, v); }
  if (!(max > min)) return [];
  return Array.from({ length: n }, (_, k) => min + ((k + 1) * (max - min)) / (n + 1));
}
