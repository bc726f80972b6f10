/**
 * Model coordinates are x' = x / scale (one canonical global factor), so a
 * quadratic C(x') = 1/2 x'^T M x' + b^T x' is, in the user's units,
 * 1/2 x^T (M / scale^2) x + (b / scale)^T x.
 */
export function quadraticToUserUnits(M: number[][], b: number[], scale: number): { M: number[][]; b: number[] } {
  return { M: M.map((row) => row.map((v) => v / (scale * scale))), b: b.map((v) => v / scale) };
}
