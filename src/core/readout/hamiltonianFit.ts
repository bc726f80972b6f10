/**
 * The learned Hamiltonian's quadratic part: a least-squares fit of
 * H(x) ≈ 1/2 x^T A x + b^T x + c over the training states (model
 * coordinates), so the readout can say when a conserved quantity is the
 * energy itself (the Hamiltonian's own quadratic part).
 */
import { Matrix, QrDecomposition } from 'ml-matrix';
import type { Dataset } from '../data/types';
import type { HamiltonianModel } from '../model/model';
import { Random } from '../util/random';

export interface QuadraticFit {
  A: number[][];
  b: number[];
  /** Fraction of H's variance over the data that the quadratic explains. */
  r2: number;
}

export function fitQuadraticHamiltonian(model: HamiltonianModel, ds: Dataset, scale: number, seed: number, maxPoints = 2000): QuadraticFit | null {
  const all = ds.trajectories.flatMap((tr) => tr.states);
  const step = Math.max(1, Math.ceil(all.length / maxPoints));
  const pts = all.filter((_, i) => i % step === 0).map((x) => Array.from(x, (v) => v / scale));
  const M = ds.dim;
  const nFeat = (M * (M + 1)) / 2 + M + 1;
  if (pts.length < 2 * nFeat) return null; // too few points to identify a quadratic form
  const H = model.hamiltonianValues(pts, new Random(seed).fork(424242));
  const rows = pts.map((x) => {
    const f: number[] = [];
    for (let i = 0; i < M; i++) for (let j = i; j < M; j++) f.push(i === j ? 0.5 * x[i] * x[i] : x[i] * x[j]);
    return [...f, ...x, 1];
  });
  const coef = new QrDecomposition(new Matrix(rows)).solve(Matrix.columnVector(H)).to1DArray();
  const A = Array.from({ length: M }, () => new Array(M).fill(0));
  let k = 0;
  for (let i = 0; i < M; i++) for (let j = i; j < M; j++) A[i][j] = A[j][i] = coef[k++];
  const b = coef.slice(k, k + M);
  const mean = H.reduce((s, v) => s + v, 0) / H.length;
  let ssTot = 0;
  let ssRes = 0;
  rows.forEach((r, i) => {
    const fit = r.reduce((s, v, j) => s + v * coef[j], 0);
    ssRes += (H[i] - fit) ** 2;
    ssTot += (H[i] - mean) ** 2;
  });
  return { A, b, r2: ssTot > 0 ? 1 - ssRes / ssTot : 0 };
}
