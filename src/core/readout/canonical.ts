/**
 * A canonical basis of a learned span, the same from run to run whatever
 * mixing of the quantities the training happened to produce.
 *
 * Method (reduced row echelon form with column pivoting): given an
 * orthonormal basis of the span as r vectors (the top right singular
 * vectors), pick r pivot columns greedily by pivoted QR: at each step, the
 * residual column norms are basis-independent, and we take the FIRST column
 * (in vector order: q–q products, q–p, p–p, then linear terms) whose norm is
 * at least `pivotPreference` × the largest one. Preferring early columns among
 * near-ties makes the choice stable under small noise and favours the
 * natural monomials (q² before p²). Then we solve for the basis that is the
 * identity on the pivot columns. Given the pivot set this basis is unique,
 * so it does not depend on the mixing; rows come out ordered by pivot column.
 */
import { solve } from '../linalg/solve';

export const PIVOT_PREFERENCE = 0.9;

/** rows: r orthonormal (or just independent) vectors of length P. Returns r vectors with e_pivot structure. */
export function canonicalBasis(rows: number[][], pivotPreference = PIVOT_PREFERENCE): { basis: number[][]; pivots: number[] } {
  const r = rows.length;
  if (r === 0) return { basis: [], pivots: [] };
  const P = rows[0].length;
  // Orthonormalise first so that column norms measure the span, not the basis.
  const Q = orthonormalRows(rows);
  const R = Q.map((row) => row.slice());
  const pivots: number[] = [];
  for (let step = 0; step < r; step++) {
    const norms = new Array<number>(P).fill(0);
    for (let c = 0; c < P; c++) {
      if (pivots.includes(c)) continue;
      let s = 0;
      for (let k = 0; k < r; k++) s += R[k][c] * R[k][c];
      norms[c] = Math.sqrt(s);
    }
    const top = Math.max(...norms);
    if (!(top > 0)) throw new Error('canonicalBasis: the rows are not independent');
    const c = norms.findIndex((v) => v >= pivotPreference * top);
    pivots.push(c);
    // Project the residual off the chosen column direction (Gram–Schmidt on columns).
    const u = R.map((row) => row[c] / norms[c]);
    for (let j = 0; j < P; j++) {
      let d = 0;
      for (let k = 0; k < r; k++) d += u[k] * R[k][j];
      for (let k = 0; k < r; k++) R[k][j] -= u[k] * d;
    }
  }
  pivots.sort((a, b) => a - b);
  // Basis = S⁻¹ Q with S[k][i] = Q_k[pivot_i]: then basis_i[pivot_j] = (S⁻¹ S)_ij = δ_ij.
  const S = Q.map((row) => pivots.map((c) => row[c]));
  const X = solve(S, identityOf(r));
  const basis = X.map((xi) => Array.from({ length: P }, (_, j) => xi.reduce((s, x, k) => s + x * Q[k][j], 0)));
  return { basis, pivots };
}

function identityOf(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

/** Modified Gram–Schmidt, twice for safety. Throws on dependent rows. */
export function orthonormalRows(rows: number[][]): number[][] {
  const out: number[][] = [];
  for (const row of rows) {
    let v = row.slice();
    for (let pass = 0; pass < 2; pass++)
      for (const q of out) {
        const d = v.reduce((s, x, i) => s + x * q[i], 0);
        v = v.map((x, i) => x - d * q[i]);
      }
    const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    const ref = Math.sqrt(row.reduce((s, x) => s + x * x, 0));
    if (!(n > 1e-12 * Math.max(ref, 1e-300))) throw new Error('orthonormalRows: the rows are not independent');
    out.push(v.map((x) => x / n));
  }
  return out;
}
