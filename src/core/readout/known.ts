/**
 * Known conserved quantities for a given column layout, used to name what
 * was learned. A learned quantity gets a name when its vector (vectorize.ts)
 * makes an angle with a known one whose |cos| ≥ NAME_SIMILARITY.
 *
 * For every (q_i, p_i) pair: the oscillator energy q_i² + p_i²; with several
 * pairs also the total oscillator energy and the U(n) generators
 * q_i q_j + p_i p_j and q_i p_j − q_j p_i; with one pair, the momentum p.
 * When the position columns come in planar (x, y) pairs (x/y, x1/y1,
 * q1x/q1y, …: names differing only in an x ↔ y letter) they are bodies:
 * total momentum along x and y, total angular momentum, and the quadratic
 * ones gravity also conserves (P_x², P_y², P_x·P_y, |P|², the centre of
 * mass's angular momentum). Body names take precedence.
 */
import type { ColumnRoles } from '../data/types';
import { zeros } from '../linalg/matrix';
import { vectorize } from '../quantity/vectorize';

export const NAME_SIMILARITY = 0.99;

export interface KnownQuantity {
  name: string;
  A: number[][];
  b: number[];
}

/** Planar bodies: indices (into q) of each body's x and y position, or null. */
export function detectPlanarBodies(columns: ColumnRoles): { x: number; y: number }[] | null {
  const q = columns.q.map((s) => s.toLowerCase());
  if (q.length < 2 || q.length % 2 !== 0) return null;
  const bodies: { x: number; y: number }[] = [];
  for (let k = 0; k < q.length; k += 2) {
    const a = q[k];
    const b = q[k + 1];
    if (a.length !== b.length) return null;
    const diff = [...a].map((_, i) => i).filter((i) => a[i] !== b[i]);
    if (diff.length !== 1 || a[diff[0]] !== 'x' || b[diff[0]] !== 'y') return null;
    bodies.push({ x: k, y: k + 1 });
  }
  return bodies;
}

export function knownQuantities(columns: ColumnRoles): KnownQuantity[] {
  const n = columns.q.length;
  const M = 2 * n;
  const out: KnownQuantity[] = [];
  const quad = (name: string, entries: [number, number, number][], b?: number[]) => {
    const A = zeros(M);
    for (const [i, j, v] of entries) {
      A[i][j] += v;
      if (i !== j) A[j][i] += v;
    }
    out.push({ name, A, b: b ?? new Array(M).fill(0) });
  };
  const linear = (name: string, b: number[]) => out.push({ name, A: zeros(M), b });

  const bodies = detectPlanarBodies(columns);
  if (bodies) {
    const N = bodies.length;
    const one = N === 1;
    const Px = new Array(M).fill(0);
    const Py = new Array(M).fill(0);
    for (const { x, y } of bodies) {
      Px[n + x] = 1;
      Py[n + y] = 1;
    }
    linear(one ? 'momentum along x' : 'total momentum along x', Px);
    linear(one ? 'momentum along y' : 'total momentum along y', Py);
    quad(one ? 'angular momentum' : 'total angular momentum', bodies.flatMap(({ x, y }) => [[x, n + y, 1], [y, n + x, -1]] as [number, number, number][]));
    // Products of the total momenta: ½xᵀAx with A = P Pᵀ-type outer products (×2 for squares).
    const outer = (u: number[], v: number[]): [number, number, number][] => {
      const e: [number, number, number][] = [];
      for (let i = 0; i < M; i++)
        for (let j = 0; j < M; j++) if (u[i] && v[j]) e.push([i, j, (u[i] * v[j] + 0) / 1]);
      return e;
    };
    const P = one ? 'momentum' : 'total momentum';
    quad(`square of the ${P} along x`, outer(Px, Px).map(([i, j, v]) => [i, j, i === j ? 2 * v : v]));
    quad(`square of the ${P} along y`, outer(Py, Py).map(([i, j, v]) => [i, j, i === j ? 2 * v : v]));
    // Px·Py = Σ_ij p_ix p_jy: A_{ab} = A_{ba} = 1 for a = p_ix, b = p_jy.
    quad(`product of the ${P} components`, outer(Px, Py));
    quad(
      `squared ${P}`,
      [...outer(Px, Px), ...outer(Py, Py)].map(([i, j, v]) => [i, j, i === j ? 2 * v : v]),
    );
    if (!one) {
      // Centre of mass (unit masses): X = Σx_i/N, L_cm = X·P_y − Y·P_x.
      const e: [number, number, number][] = [];
      for (const { x } of bodies) for (const { y } of bodies) e.push([x, n + y, 1 / N]);
      for (const { y } of bodies) for (const { x } of bodies) e.push([y, n + x, -1 / N]);
      quad('angular momentum of the centre of mass', e);
    }
  }
  // Oscillator-type names on the (q_i, p_i) pairs.
  const label = (i: number) => (n === 1 ? '' : ` ${columns.q[i]}`);
  for (let i = 0; i < n; i++) quad(n === 1 ? 'energy of the oscillator' : `energy of oscillator${label(i)}`, [[i, i, 1], [n + i, n + i, 1]]);
  if (n === 1) {
    const b = new Array(M).fill(0);
    b[1] = 1;
    linear('momentum', b);
  } else {
    quad('total energy of the oscillators', Array.from({ length: n }, (_, i) => [[i, i, 1], [n + i, n + i, 1]] as [number, number, number][]).flat());
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        const qi = columns.q[i];
        const qj = columns.q[j];
        quad(`coupling of oscillators ${qi} and ${qj} (U(${n}) generator)`, [[i, j, 1], [n + i, n + j, 1]]);
        quad(`angular momentum in the (${qi}, ${qj}) plane`, [[i, n + j, 1], [j, n + i, -1]]);
      }
  }
  return out;
}

/** The best-matching known name, if |cos| ≥ threshold. Vectors must be in the same units (data scale). */
export function nameQuantity(
  A: number[][],
  b: number[],
  known: KnownQuantity[],
  threshold = NAME_SIMILARITY,
): { name: string | null; similarity: number } {
  const v = vectorize(A, b);
  const nv = Math.hypot(...v);
  if (!(nv > 0)) return { name: null, similarity: 0 };
  let best = { name: null as string | null, similarity: 0 };
  for (const k of known) {
    const w = vectorize(k.A, k.b);
    const cos = Math.abs(v.reduce((s, x, i) => s + x * w[i], 0)) / (nv * Math.hypot(...w));
    if (cos > best.similarity + 1e-12) best = { name: k.name, similarity: cos };
  }
  return best.similarity >= threshold ? best : { name: null, similarity: best.similarity };
}
