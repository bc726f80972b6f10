/**
 * A family of candidate quantities that is linear in its coefficients,
 * C(x) = Σ_k c_k φ_k(x): what the conservation analysis searches and tests.
 * The quadratic family (monomials of degree 1 and 2, no constant) is the
 * one the razor's generators span; richer dictionaries implement the same
 * interface.
 */

export interface LinearFamily {
  /** Phase-space dimension M. */
  readonly dim: number;
  /** Number of coefficients P. */
  readonly size: number;
  /** φ_k(x) into out[k]. */
  values(x: ArrayLike<number>, out: Float64Array): void;
  /** ∂φ_k/∂x_i into out[k * dim + i]. */
  gradients(x: ArrayLike<number>, out: Float64Array): void;
}

/**
 * Monomials x_i x_j (i ≤ j), then x_i: the order of the readout's
 * coefficient vectors (C = Σ c_k m_k, so A_ii = 2 c_k for squares and
 * A_ij = c_k for products, b_i = c_k for linear terms).
 */
export class QuadraticFamily implements LinearFamily {
  readonly size: number;
  private readonly pairs: [number, number][] = [];

  constructor(readonly dim: number) {
    for (let i = 0; i < dim; i++) for (let j = i; j < dim; j++) this.pairs.push([i, j]);
    this.size = this.pairs.length + dim;
  }

  values(x: ArrayLike<number>, out: Float64Array): void {
    const n = this.pairs.length;
    for (let k = 0; k < n; k++) out[k] = x[this.pairs[k][0]] * x[this.pairs[k][1]];
    for (let i = 0; i < this.dim; i++) out[n + i] = x[i];
  }

  gradients(x: ArrayLike<number>, out: Float64Array): void {
    const M = this.dim;
    out.fill(0);
    this.pairs.forEach(([i, j], k) => {
      if (i === j) out[k * M + i] = 2 * x[i];
      else {
        out[k * M + i] = x[j];
        out[k * M + j] = x[i];
      }
    });
    const n = this.pairs.length;
    for (let i = 0; i < M; i++) out[(n + i) * M + i] = 1;
  }


  /** C = ½ xᵀAx + bᵀx from coefficients. */
  toQuadratic(c: ArrayLike<number>): { A: number[][]; b: number[] } {
    const M = this.dim;
    const A = Array.from({ length: M }, () => new Array<number>(M).fill(0));
    this.pairs.forEach(([i, j], k) => {
      if (i === j) A[i][i] = 2 * c[k];
      else A[i][j] = A[j][i] = c[k];
    });
    const n = this.pairs.length;
    return { A, b: Array.from({ length: M }, (_, i) => c[n + i]) };
  }

  /** Coefficients of C = ½ xᵀAx + bᵀx (A symmetrised). */
  fromQuadratic(A: number[][], b: ArrayLike<number>): Float64Array {
    const c = new Float64Array(this.size);
    this.pairs.forEach(([i, j], k) => {
      c[k] = i === j ? A[i][i] / 2 : 0.5 * (A[i][j] + A[j][i]);
    });
    const n = this.pairs.length;
    for (let i = 0; i < this.dim; i++) c[n + i] = b[i];
    return c;
  }
}

/**
 * An affine change of coordinates z = (x − μ) / s per coordinate, under which
 * the analysis runs (well-conditioned features whatever the units). A
 * quadratic in z is a quadratic in x plus a constant, which no test sees.
 */
export interface Standardisation {
  mean: number[];
  scale: number[];
}

export function standardisation(states: readonly ArrayLike<number>[], M: number): Standardisation {
  const mean = new Array<number>(M).fill(0);
  for (const x of states) for (let i = 0; i < M; i++) mean[i] += x[i] / states.length;
  const scale = mean.map((m, i) => {
    let v = 0;
    for (const x of states) v += (x[i] - m) ** 2;
    const sd = Math.sqrt(v / Math.max(1, states.length));
    return sd > 0 && Number.isFinite(sd) ? sd : Math.abs(m) > 0 ? Math.abs(m) : 1;
  });
  return { mean, scale };
}

/** C(x) = ½ zᵀ A_z z + b_zᵀ z, z = (x − μ)/s, written as ½ xᵀAx + bᵀx (+ a dropped constant). */
export function quadraticToData(q: { A: number[][]; b: number[] }, st: Standardisation): { A: number[][]; b: number[] } {
  const M = q.b.length;
  const A = q.A.map((row, i) => row.map((a, j) => a / (st.scale[i] * st.scale[j])));
  const b = q.b.map((v, i) => {
    let s = v / st.scale[i];
    for (let j = 0; j < M; j++) s -= A[i][j] * st.mean[j];
    return s;
  });
  return { A, b };
}

/** The inverse of quadraticToData (constants dropped). */
export function quadraticToStandard(q: { A: number[][]; b: number[] }, st: Standardisation): { A: number[][]; b: number[] } {
  const M = q.b.length;
  const A = q.A.map((row, i) => row.map((a, j) => a * st.scale[i] * st.scale[j]));
  const b = q.b.map((v, i) => {
    let s = v;
    for (let j = 0; j < M; j++) s += q.A[i][j] * st.mean[j];
    return s * st.scale[i];
  });
  return { A, b };
}
