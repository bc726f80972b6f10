/**
 * The paper's benchmark systems (docs/method.md §8) plus a damped oscillator, as
 * vector fields on phase space x = (q_1..q_n, p_1..p_n) (docs/method.md §2).
 * For N bodies in 2-d, q is body-major: (x_1, y_1, x_2, y_2, …), p likewise.
 *
 * Each system also exports its energy, so tests and other modules can check
 * conservation against the same definitions the simulator uses.
 */
import type { Random } from '../util/random';
import type { IntegrateOptions, VectorField } from './integrate';

export type SystemName =
  | 'harmonic' | 'oscillators' | 'nbody' | 'damped'
  | 'pendulum' | 'frequencies' | 'coupled' | 'kepler' | 'rotation' | 'cross' | 'spring';

/**
 * A quadratic function on phase space, C(x) = ½ xᵀAx + bᵀx, x = (q..., p...)
 * in the system's own coordinates (the ground truth the validation suite
 * compares discovered quantities with).
 */
export interface Quadratic {
  A: number[][];
  b: number[];
  /** Plain-text name, e.g. "q^2 + p^2" or "L = x*py - y*px". */
  label: string;
}

export interface PhysicalSystem {
  name: SystemName;
  /** Number of (q, p) pairs; the phase-space dimension is 2n. */
  n: number;
  /** Column names in phase-space order: the n q names, then the n p names. */
  qNames: string[];
  pNames: string[];
  /** dx/dt = f(x). */
  field: VectorField;
  /** Energy: the Hamiltonian for conservative systems, ½q² + ½p² for the damped oscillator. */
  energy(x: ArrayLike<number>): number;
  /**
   * A positive size of the energy's terms, used as the denominator of the
   * relative energy drift (the total energy itself can be near zero for a
   * bound N-body system): Σ|terms| of the energy.
   */
  energyScale(x: ArrayLike<number>): number;
  /** True when the flow is Hamiltonian (dx/dt = J∇H) and conserves `energy`. */
  hamiltonian: boolean;
  /** True when the flow conserves `energy` (default: `hamiltonian`); a non-Hamiltonian flow can conserve it too. */
  energyConserved?: boolean;
  /**
   * A basis of the quadratic functions (½xᵀAx + bᵀx) the flow conserves
   * exactly, for every initial state (the ground truth of the validation
   * suite). Absent: not worked out for this system.
   */
  invariants?: Quadratic[];
  /** Quadratics that are only approximately conserved (small-angle energy, lightly damped energy, …). */
  approximateInvariants?: Quadratic[];
  /** Draw an initial state; absent: q ~ N(qShift, qScale²), p ~ N(0, pScale²) per coordinate. */
  initialState?(rng: Random): Float64Array;
  /** Integrator tolerances suited to the system's scale (default 1e-12). */
  integrator?: IntegrateOptions;
}

// ---------------------------------------------------------------- oscillators

/** n independent unit oscillators: H = ½Σq_i² + ½Σp_i², dq/dt = p, dp/dt = −q. */
export function oscillatorsEnergy(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return 0.5 * s;
}

function oscillatorField(n: number): VectorField {
  return (x, out) => {
    for (let i = 0; i < n; i++) {
      out[i] = x[n + i];
      out[n + i] = -x[i];
    }
  };
}

/** The simple harmonic oscillator H = ½q² + ½p², columns q, p. */
export function harmonic(): PhysicalSystem {
  return {
    name: 'harmonic',
    n: 1,
    qNames: ['q'],
    pNames: ['p'],
    field: oscillatorField(1),
    energy: oscillatorsEnergy,
    energyScale: oscillatorsEnergy,
    hamiltonian: true,
    invariants: unitaryInvariants([1]),
  };
}

/** n independent oscillators, columns q1..qn, p1..pn. */
export function oscillators(n: number): PhysicalSystem {
  checkCount('oscillators', n, 1);
  return {
    name: 'oscillators',
    n,
    qNames: Array.from({ length: n }, (_, i) => `q${i + 1}`),
    pNames: Array.from({ length: n }, (_, i) => `p${i + 1}`),
    field: oscillatorField(n),
    energy: oscillatorsEnergy,
    energyScale: oscillatorsEnergy,
    hamiltonian: true,
    invariants: unitaryInvariants(Array.from({ length: n }, () => 1)),
  };
}

// ---------------------------------------------------------------- damped

/** Default damping rate of the damped oscillator (issue 3). */
export const DEFAULT_GAMMA = 0.3;

/** Damped oscillator dq/dt = p, dp/dt = −q − γp; energy ½q² + ½p² decays. Columns q, p. */
export function damped(gamma = DEFAULT_GAMMA): PhysicalSystem {
  if (!(Number.isFinite(gamma) && gamma >= 0)) throw new RangeError(`damped: gamma must be ≥ 0, got ${gamma}`);
  return {
    name: 'damped',
    n: 1,
    qNames: ['q'],
    pNames: ['p'],
    field: (x, out) => {
      out[0] = x[1];
      out[1] = -x[0] - gamma * x[1];
    },
    energy: oscillatorsEnergy,
    energyScale: oscillatorsEnergy,
    hamiltonian: gamma === 0,
    invariants: gamma === 0 ? unitaryInvariants([1]) : [],
    approximateInvariants: gamma === 0 ? [] : [quadratic(2, [[0, 0, 2], [1, 1, 2]], [], 'q^2 + p^2 (energy, decays)')],
  };
}

/**
 * Closed-form state of the damped oscillator at time t from (q0, p0), for
 * 0 ≤ γ < 2 (underdamped): q(t) = e^{−γt/2}(q0 cos ωt + B sin ωt),
 * ω = √(1 − γ²/4), B = (p0 + γq0/2)/ω, and p = dq/dt.
 */
export function dampedExact(q0: number, p0: number, gamma: number, t: number): [number, number] {
  if (!(gamma >= 0 && gamma < 2)) throw new RangeError('dampedExact: only the underdamped case 0 ≤ γ < 2');
  const w = Math.sqrt(1 - (gamma * gamma) / 4);
  const b = (p0 + (gamma * q0) / 2) / w;
  const e = Math.exp((-gamma * t) / 2);
  const c = Math.cos(w * t);
  const s = Math.sin(w * t);
  const q = e * (q0 * c + b * s);
  const p = e * (-(gamma / 2) * (q0 * c + b * s) + w * (-q0 * s + b * c));
  return [q, p];
}

// ---------------------------------------------------------------- N-body

/**
 * 2-d N-body, unit masses, softened gravity:
 * H = Σ‖p_i‖²/2 − Σ_{i<j} 1/√(‖q_i − q_j‖² + 1).
 * Columns x1,y1,x2,y2,…,px1,py1,px2,py2,… (q body-major, then p).
 */
export function nbody(bodies: number): PhysicalSystem {
  checkCount('nbody', bodies, 2);
  const n = 2 * bodies;
  const qNames: string[] = [];
  const pNames: string[] = [];
  for (let i = 1; i <= bodies; i++) {
    qNames.push(`x${i}`, `y${i}`);
    pNames.push(`px${i}`, `py${i}`);
  }
  return {
    name: 'nbody',
    n,
    qNames,
    pNames,
    field: (x, out) => {
      for (let k = 0; k < n; k++) {
        out[k] = x[n + k];
        out[n + k] = 0;
      }
      // dp_i/dt = −∂V/∂q_i = −Σ_j (q_i − q_j) / (‖q_i − q_j‖² + 1)^{3/2}
      for (let i = 0; i < bodies; i++) {
        for (let j = i + 1; j < bodies; j++) {
          const dx = x[2 * i] - x[2 * j];
          const dy = x[2 * i + 1] - x[2 * j + 1];
          const r2 = dx * dx + dy * dy + 1;
          const w = 1 / (r2 * Math.sqrt(r2));
          out[n + 2 * i] -= w * dx;
          out[n + 2 * i + 1] -= w * dy;
          out[n + 2 * j] += w * dx;
          out[n + 2 * j + 1] += w * dy;
        }
      }
    },
    energy: (x) => nbodyKinetic(x, bodies) + nbodyPotential(x, bodies),
    energyScale: (x) => nbodyKinetic(x, bodies) + Math.abs(nbodyPotential(x, bodies)),
    hamiltonian: true,
    invariants: nbodyInvariants(bodies),
  };
}

/**
 * The quadratic invariants of N bodies in 2-d with a pairwise central
 * potential (unit masses): P_x, P_y, L, P_x², P_y², P_x·P_y and the centre of
 * mass's angular momentum X·P_y − Y·P_x (X = Σx_i/N), a basis of a 7-dim span.
 */
export function nbodyInvariants(bodies: number): Quadratic[] {
  const n = 2 * bodies;
  const M = 2 * n;
  const px = (i: number) => n + 2 * i;
  const py = (i: number) => n + 2 * i + 1;
  const lin = (idx: (i: number) => number): number[] => {
    const b = new Array<number>(M).fill(0);
    for (let i = 0; i < bodies; i++) b[idx(i)] = 1;
    return b;
  };
  const bx = lin(px);
  const by = lin(py);
  const outer = (u: number[], v: number[]): number[][] =>
    // A of C = u·x v·x: ½xᵀAx with A = u vᵀ + v uᵀ
    u.map((ui, r) => v.map((vc, c) => ui * vc + v[r] * u[c]));
  const zero = () => zeros(M);
  const L = zero();
  for (let i = 0; i < bodies; i++) {
    // x_i p_{y,i} − y_i p_{x,i}
    L[2 * i][py(i)] += 1; L[py(i)][2 * i] += 1;
    L[2 * i + 1][px(i)] -= 1; L[px(i)][2 * i + 1] -= 1;
  }
  const X = new Array<number>(M).fill(0);
  const Y = new Array<number>(M).fill(0);
  for (let i = 0; i < bodies; i++) { X[2 * i] = 1 / bodies; Y[2 * i + 1] = 1 / bodies; }
  const Lcm = outer(X, by).map((row, r) => row.map((v, c) => v - outer(Y, bx)[r][c]));
  const noB = () => new Array<number>(M).fill(0);
  return [
    { A: zero(), b: bx, label: 'P_x' },
    { A: zero(), b: by, label: 'P_y' },
    { A: L, b: noB(), label: 'L' },
    { A: outer(bx, bx), b: noB(), label: 'P_x^2' },
    { A: outer(by, by), b: noB(), label: 'P_y^2' },
    { A: outer(bx, by), b: noB(), label: 'P_x*P_y' },
    { A: Lcm, b: noB(), label: 'X*P_y - Y*P_x' },
  ];
}

function nbodyKinetic(x: ArrayLike<number>, bodies: number): number {
  const n = 2 * bodies;
  let s = 0;
  for (let k = 0; k < n; k++) s += x[n + k] * x[n + k];
  return 0.5 * s;
}

function nbodyPotential(x: ArrayLike<number>, bodies: number): number {
  let v = 0;
  for (let i = 0; i < bodies; i++) {
    for (let j = i + 1; j < bodies; j++) {
      const dx = x[2 * i] - x[2 * j];
      const dy = x[2 * i + 1] - x[2 * j + 1];
      v -= 1 / Math.sqrt(dx * dx + dy * dy + 1);
    }
  }
  return v;
}

/** Total energy of the 2-d N-body system at x (the Hamiltonian above). */
export function nbodyEnergy(x: ArrayLike<number>, bodies: number): number {
  return nbodyKinetic(x, bodies) + nbodyPotential(x, bodies);
}

/** Total momentum (P_x, P_y) = Σ p_i of the 2-d N-body system. */
export function nbodyMomentum(x: ArrayLike<number>, bodies: number): [number, number] {
  const n = 2 * bodies;
  let px = 0;
  let py = 0;
  for (let i = 0; i < bodies; i++) {
    px += x[n + 2 * i];
    py += x[n + 2 * i + 1];
  }
  return [px, py];
}

/** Total angular momentum L = Σ (x_i p_{y,i} − y_i p_{x,i}) about the origin. */
export function nbodyAngularMomentum(x: ArrayLike<number>, bodies: number): number {
  const n = 2 * bodies;
  let l = 0;
  for (let i = 0; i < bodies; i++) l += x[2 * i] * x[n + 2 * i + 1] - x[2 * i + 1] * x[n + 2 * i];
  return l;
}


// ---------------------------------------------------------------- quadratic helpers

function zeros(M: number): number[][] {
  return Array.from({ length: M }, () => new Array<number>(M).fill(0));
}

/** Quadratic with symmetric A given by entries [row, col, value] (both (r,c) and (c,r) set) and b by [index, value]. */
export function quadratic(M: number, aEntries: Array<[number, number, number]>, bEntries: Array<[number, number]>, label: string): Quadratic {
  const A = zeros(M);
  for (const [r, c, v] of aEntries) { A[r][c] = v; A[c][r] = v; }
  const b = new Array<number>(M).fill(0);
  for (const [i, v] of bEntries) b[i] = v;
  return { A, b, label };
}

/** Quadratic from monomials: C = Σ coef·x_i·x_j over [i, j, coef] (A_ii = 2coef; A_ij = A_ji += coef). */
export function fromMonomials(M: number, terms: Array<[number, number, number]>, label: string): Quadratic {
  const A = zeros(M);
  for (const [i, j, c] of terms) {
    if (i === j) A[i][i] += 2 * c;
    else { A[i][j] += c; A[j][i] += c; }
  }
  return { A, b: new Array<number>(M).fill(0), label };
}

/**
 * Quadratic invariants of independent oscillators H = ½Σ(p_i² + ω_i²q_i²):
 * within every group of equal frequencies ω, ω²q_iq_j + p_ip_j (i ≤ j) and
 * q_ip_j − q_jp_i (i < j) — u(k) for a group of k, so n energies when all
 * frequencies differ and the n² generators of U(n) when all are equal.
 */
export function unitaryInvariants(omegas: number[]): Quadratic[] {
  const n = omegas.length;
  const M = 2 * n;
  const out: Quadratic[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      if (omegas[i] !== omegas[j]) continue;
      const w2 = Number((omegas[i] * omegas[i]).toPrecision(6));
      const s = n === 1 ? '' : String(i + 1);
      const t = n === 1 ? '' : String(j + 1);
      out.push(fromMonomials(M, [[i, j, w2], [n + i, n + j, 1]], i === j ? `${w2 === 1 ? '' : `${w2}*`}q${s}^2 + p${s}^2` : `${w2 === 1 ? '' : `${w2}*`}q${s}*q${t} + p${s}*p${t}`));
      if (i < j) out.push(fromMonomials(M, [[i, n + j, 1], [j, n + i, -1]], `q${s}*p${t} - q${t}*p${s}`));
    }
  }
  return out;
}

/** The U(n) generators that mix two different oscillators (i < j): q_iq_j + p_ip_j and q_ip_j − q_jp_i. */
export function mixingInvariants(n: number): Quadratic[] {
  const M = 2 * n;
  const out: Quadratic[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      out.push(fromMonomials(M, [[i, j, 1], [n + i, n + j, 1]], `q${i + 1}*q${j + 1} + p${i + 1}*p${j + 1}`));
      out.push(fromMonomials(M, [[i, n + j, 1], [j, n + i, -1]], `q${i + 1}*p${j + 1} - q${j + 1}*p${i + 1}`));
    }
  }
  return out;
}

// ---------------------------------------------------------------- pendulum

/** Default pendulum frequency ω and largest amplitude (rad). */
export const PENDULUM_DEFAULTS = { omega: 1, amplitude: 1.2 } as const;

/**
 * Pendulum H = p²/2 − ω²cos q, columns q, p. Each trajectory swings with an
 * angular amplitude a ~ U(amplitude/2, amplitude) (no rotation: amplitude < π),
 * starting at a uniform angle in [−a, a]. It conserves no quadratic; its
 * small-angle energy ω²q² + p² is only approximately conserved.
 */
export function pendulum(omega: number = PENDULUM_DEFAULTS.omega, amplitude: number = PENDULUM_DEFAULTS.amplitude): PhysicalSystem {
  if (!(omega > 0 && Number.isFinite(omega))) throw new RangeError(`pendulum: omega must be > 0, got ${omega}`);
  if (!(amplitude > 0 && amplitude < Math.PI)) throw new RangeError(`pendulum: amplitude must be in (0, π), got ${amplitude}`);
  const w2 = omega * omega;
  const energy = (x: ArrayLike<number>) => 0.5 * x[1] * x[1] - w2 * Math.cos(x[0]);
  return {
    name: 'pendulum',
    n: 1,
    qNames: ['q'],
    pNames: ['p'],
    field: (x, out) => {
      out[0] = x[1];
      out[1] = -w2 * Math.sin(x[0]);
    },
    energy,
    energyScale: (x) => 0.5 * x[1] * x[1] + w2,
    hamiltonian: true,
    invariants: [],
    approximateInvariants: [quadratic(2, [[0, 0, 2 * w2], [1, 1, 2]], [], `${w2}*q^2 + p^2 (small-angle energy)`)],
    initialState: (rng) => {
      const a = rng.uniform(amplitude / 2, amplitude);
      const q0 = rng.uniform(-a, a);
      // ½p² − ω²cos q = −ω²cos a
      const p0 = Math.sqrt(Math.max(0, 2 * w2 * (Math.cos(q0) - Math.cos(a)))) * (rng.next() < 0.5 ? -1 : 1);
      return Float64Array.of(q0, p0);
    },
  };
}

// ---------------------------------------------------------------- oscillators of given frequencies

/**
 * Independent oscillators H = ½Σ(p_i² + ω_i²q_i²), columns q1..qn, p1..pn.
 * Conserved quadratics: the n energies ω_i²q_i² + p_i² when the frequencies
 * differ; U(k) within a group of k equal frequencies (unitaryInvariants).
 */
export function frequencies(omegas: number[]): PhysicalSystem {
  if (omegas.length < 1 || !omegas.every((w) => w > 0 && Number.isFinite(w))) throw new RangeError(`frequencies: need positive frequencies, got ${omegas.join(',')}`);
  const n = omegas.length;
  const w2 = omegas.map((w) => w * w);
  const energy = (x: ArrayLike<number>) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += 0.5 * (x[n + i] * x[n + i] + w2[i] * x[i] * x[i]);
    return s;
  };
  const distinct = omegas.every((w, i) => omegas.every((v, j) => i === j || v !== w));
  return {
    name: 'frequencies',
    n,
    qNames: Array.from({ length: n }, (_, i) => `q${i + 1}`),
    pNames: Array.from({ length: n }, (_, i) => `p${i + 1}`),
    field: (x, out) => {
      for (let i = 0; i < n; i++) {
        out[i] = x[n + i];
        out[n + i] = -w2[i] * x[i];
      }
    },
    energy,
    energyScale: energy,
    hamiltonian: true,
    invariants: unitaryInvariants(omegas),
    // Near-degenerate frequencies: the U(n) generators mixing different oscillators drift slowly.
    approximateInvariants: distinct ? mixingInvariants(n) : [],
  };
}

// ---------------------------------------------------------------- coupled oscillators

/** A random n×n rotation (orthogonal, det +1): Gram–Schmidt on a Gaussian matrix. */
export function randomRotation(n: number, rng: Random): number[][] {
  const cols: number[][] = [];
  while (cols.length < n) {
    const v = Array.from({ length: n }, () => rng.normal());
    for (const c of cols) {
      const d = c.reduce((s, ci, i) => s + ci * v[i], 0);
      for (let i = 0; i < n; i++) v[i] -= d * c[i];
    }
    const norm = Math.hypot(...v);
    if (norm < 1e-6) continue;
    cols.push(v.map((x) => x / norm));
  }
  // R[i][k] = cols[k][i]; fix the determinant's sign by flipping the last column.
  const R = Array.from({ length: n }, (_, i) => cols.map((c) => c[i]));
  if (det(R) < 0) for (let i = 0; i < n; i++) R[i][n - 1] = -R[i][n - 1];
  return R;
}

function det(m: number[][]): number {
  const a = m.map((r) => r.slice());
  const n = a.length;
  let d = 1;
  for (let k = 0; k < n; k++) {
    let piv = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i][k]) > Math.abs(a[piv][k])) piv = i;
    if (a[piv][k] === 0) return 0;
    if (piv !== k) { [a[piv], a[k]] = [a[k], a[piv]]; d = -d; }
    d *= a[k][k];
    for (let i = k + 1; i < n; i++) {
      const f = a[i][k] / a[k][k];
      for (let j = k; j < n; j++) a[i][j] -= f * a[k][j];
    }
  }
  return d;
}

/**
 * Coupled oscillators in rotated coordinates: H = ½|p|² + ½qᵀKq with
 * K = R diag(ω_i²) Rᵀ (R orthogonal: column i is normal mode i). Columns
 * q1..qn, p1..pn. Conserved quadratics (distinct ω_i): the normal-mode
 * energies (r_i·p)² + ω_i²(r_i·q)², written in the original coordinates.
 */
export function coupled(omegas: number[], R: number[][]): PhysicalSystem {
  const n = omegas.length;
  if (n < 1 || R.length !== n || R.some((r) => r.length !== n)) throw new RangeError('coupled: need n frequencies and an n×n rotation');
  const w2 = omegas.map((w) => w * w);
  const K = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => omegas.reduce((s, _w, k) => s + R[i][k] * w2[k] * R[j][k], 0)));
  const energy = (x: ArrayLike<number>) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      s += 0.5 * x[n + i] * x[n + i];
      for (let j = 0; j < n; j++) s += 0.5 * x[i] * K[i][j] * x[j];
    }
    return s;
  };
  const M = 2 * n;
  const modes: Quadratic[] = omegas.map((_w, k) => {
    const A = zeros(M);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        A[i][j] = 2 * w2[k] * R[i][k] * R[j][k];
        A[n + i][n + j] = 2 * R[i][k] * R[j][k];
      }
    }
    return { A, b: new Array<number>(M).fill(0), label: `normal mode ${k + 1} energy (ω = ${omegas[k]})` };
  });
  const distinct = omegas.every((w, i) => omegas.every((v, j) => i === j || v !== w));
  if (!distinct) throw new RangeError('coupled: the frequencies must be distinct (degenerate modes conserve more than their energies)');
  return {
    name: 'coupled',
    n,
    qNames: Array.from({ length: n }, (_, i) => `q${i + 1}`),
    pNames: Array.from({ length: n }, (_, i) => `p${i + 1}`),
    field: (x, out) => {
      for (let i = 0; i < n; i++) {
        out[i] = x[n + i];
        let f = 0;
        for (let j = 0; j < n; j++) f -= K[i][j] * x[j];
        out[n + i] = f;
      }
    },
    energy,
    energyScale: energy,
    hamiltonian: true,
    invariants: modes,
  };
}

// ---------------------------------------------------------------- Kepler

/** Default largest eccentricity of the Kepler orbits (semi-major axes 1..2: closest approach ≥ 0.5). */
export const KEPLER_DEFAULTS = { eMax: 0.5 } as const;

/**
 * Planar Kepler problem H = |p|²/2 − 1/r, columns x, y, px, py. Bound orbits:
 * semi-major axis a ~ U(1, 2), eccentricity e ~ U(0, eMax), a random
 * orientation, sense and starting anomaly, so r ≥ a(1 − e) ≥ 1 − eMax. Its
 * only conserved quadratic is L = x·p_y − y·p_x (E and the Runge–Lenz vector
 * are not quadratic).
 */
export function kepler(eMax: number = KEPLER_DEFAULTS.eMax): PhysicalSystem {
  if (!(eMax >= 0 && eMax < 0.9)) throw new RangeError(`kepler: eMax must be in [0, 0.9), got ${eMax}`);
  const energy = (x: ArrayLike<number>) => 0.5 * (x[2] * x[2] + x[3] * x[3]) - 1 / Math.hypot(x[0], x[1]);
  return {
    name: 'kepler',
    n: 2,
    qNames: ['x', 'y'],
    pNames: ['px', 'py'],
    field: (x, out) => {
      const r2 = x[0] * x[0] + x[1] * x[1];
      const w = 1 / (r2 * Math.sqrt(r2));
      out[0] = x[2];
      out[1] = x[3];
      out[2] = -w * x[0];
      out[3] = -w * x[1];
    },
    energy,
    energyScale: (x) => 0.5 * (x[2] * x[2] + x[3] * x[3]) + 1 / Math.hypot(x[0], x[1]),
    hamiltonian: true,
    invariants: [quadratic(4, [[0, 3, 1], [1, 2, -1]], [], 'L = x*py - y*px')],
    initialState: (rng) => {
      const a = rng.uniform(1, 2);
      const e = rng.uniform(0, eMax);
      const nu = rng.uniform(0, 2 * Math.PI);
      const phi = rng.uniform(0, 2 * Math.PI);
      const sense = rng.next() < 0.5 ? -1 : 1;
      const semilatus = a * (1 - e * e);
      const r = semilatus / (1 + e * Math.cos(nu));
      const v = 1 / Math.sqrt(semilatus);
      const x = r * Math.cos(nu), y = sense * r * Math.sin(nu);
      const vx = -v * Math.sin(nu), vy = sense * v * (e + Math.cos(nu));
      const c = Math.cos(phi), s = Math.sin(phi);
      return Float64Array.of(c * x - s * y, s * x + c * y, c * vx - s * vy, s * vx + c * vy);
    },
  };
}

// ---------------------------------------------------------------- non-Hamiltonian rotation

/** Default modulation of the non-Hamiltonian rotation's angular speed. */
export const ROTATION_DEFAULTS = { modulation: 0.5 } as const;

/**
 * A flow that is NOT Hamiltonian but conserves q² + p²: the phase point turns
 * at an angle-dependent speed, dq/dt = ω(θ)p, dp/dt = −ω(θ)q with
 * ω = 1 + modulation·cos θ, θ = atan2(p, q). Its divergence −ω'(θ) is not
 * zero, so it preserves no area and no Hamiltonian generates it: q² + p² is
 * conserved but a symmetry of no H. Columns q, p.
 */
export function rotation(modulation: number = ROTATION_DEFAULTS.modulation): PhysicalSystem {
  if (!(Math.abs(modulation) < 1)) throw new RangeError(`rotation: |modulation| must be < 1, got ${modulation}`);
  return {
    name: 'rotation',
    n: 1,
    qNames: ['q'],
    pNames: ['p'],
    field: (x, out) => {
      const r = Math.hypot(x[0], x[1]);
      const w = r > 0 ? 1 + (modulation * x[0]) / r : 1;
      out[0] = w * x[1];
      out[1] = -w * x[0];
    },
    energy: oscillatorsEnergy,
    energyScale: oscillatorsEnergy,
    hamiltonian: modulation === 0,
    energyConserved: true,
    invariants: [quadratic(2, [[0, 0, 2], [1, 1, 2]], [], 'q^2 + p^2')],
  };
}

// ---------------------------------------------------------------- oscillator with a cross term

/** Default cross term c of H = ½(q² + c·q·p + p²). */
export const CROSS_DEFAULTS = { c: 0.08 } as const;

/**
 * H = ½(q² + c·q·p + p²), columns q, p (|c| < 2: an ellipse, tilted by the
 * cross term). Conserved: H itself, cross term included; q² + p² is not.
 */
export function cross(c: number = CROSS_DEFAULTS.c): PhysicalSystem {
  if (!(Math.abs(c) < 2)) throw new RangeError(`cross: |c| must be < 2, got ${c}`);
  const energy = (x: ArrayLike<number>) => 0.5 * (x[0] * x[0] + c * x[0] * x[1] + x[1] * x[1]);
  return {
    name: 'cross',
    n: 1,
    qNames: ['q'],
    pNames: ['p'],
    field: (x, out) => {
      out[0] = 0.5 * c * x[0] + x[1];
      out[1] = -(x[0] + 0.5 * c * x[1]);
    },
    energy,
    energyScale: (x) => 0.5 * (x[0] * x[0] + Math.abs(c * x[0] * x[1]) + x[1] * x[1]),
    hamiltonian: true,
    invariants: [quadratic(2, [[0, 0, 1], [0, 1, c / 2], [1, 1, 1]], [], `q^2/2 + ${c / 2}*q*p + p^2/2`)],
    approximateInvariants: c === 0 ? [] : [quadratic(2, [[0, 0, 1], [1, 1, 1]], [], '(q^2 + p^2)/2 (cross term dropped)')],
  };
}

// ---------------------------------------------------------------- SI-unit spring

/** Default spring: k = 1000 N/m, m = 1 g, amplitudes of 1 mm (ω = 1000 rad/s, period 6.3 ms). */
export const SPRING_DEFAULTS = { k: 1000, m: 1e-3, amplitude: 1e-3 } as const;

/**
 * A mass on a spring in SI units: H = k·x²/2 + p²/(2m), columns x (m), p
 * (kg·m/s). Initial x ~ N(0, amplitude²), p ~ N(0, (mω·amplitude)²). The
 * conserved quadratic is H (A = diag(k, 1/m)).
 */
export function spring(k: number = SPRING_DEFAULTS.k, m: number = SPRING_DEFAULTS.m, amplitude: number = SPRING_DEFAULTS.amplitude): PhysicalSystem {
  if (!(k > 0 && m > 0 && amplitude > 0)) throw new RangeError(`spring: k, m and amplitude must be > 0`);
  const w = Math.sqrt(k / m);
  const pAmp = m * w * amplitude;
  const energy = (x: ArrayLike<number>) => 0.5 * k * x[0] * x[0] + (0.5 * x[1] * x[1]) / m;
  return {
    name: 'spring',
    n: 1,
    qNames: ['x'],
    pNames: ['p'],
    field: (x, out) => {
      out[0] = x[1] / m;
      out[1] = -k * x[0];
    },
    energy,
    energyScale: energy,
    hamiltonian: true,
    invariants: [quadratic(2, [[0, 0, k], [1, 1, 1 / m]], [], `${k}*x^2/2 + p^2/(2*${m})`)],
    initialState: (rng) => Float64Array.of(rng.gaussian(0, amplitude), rng.gaussian(0, pAmp)),
    integrator: { rtol: 1e-12, atol: 1e-12 * Math.min(amplitude, pAmp) },
  };
}

// ---------------------------------------------------------------- factory

export interface SystemParams {
  /** Number of oscillators (system 'oscillators'). */
  n?: number;
  /** Number of bodies (system 'nbody'). */
  bodies?: number;
  /** Damping rate (system 'damped'). */
  gamma?: number;
  /** Frequencies ω_i (systems 'frequencies' and 'coupled'); 'pendulum': omegas[0] is ω. */
  omegas?: number[];
  /** Normal modes as the columns of an orthogonal matrix (system 'coupled'; default: identity). */
  rotation?: number[][];
  /** Largest angular amplitude in rad (system 'pendulum'); spring: amplitude in m. */
  amplitude?: number;
  /** Largest eccentricity (system 'kepler'). */
  eMax?: number;
  /** Speed modulation of 'rotation'. */
  modulation?: number;
  /** Cross term c (system 'cross'). */
  c?: number;
  /** Spring constant (N/m) and mass (kg) of 'spring'. */
  k?: number;
  m?: number;
}

/** Build a system by name; defaults: n = 2 oscillators, 3 bodies, γ = 0.3. */
export function makeSystem(name: SystemName, params: SystemParams = {}): PhysicalSystem {
  switch (name) {
    case 'harmonic':
      return harmonic();
    case 'oscillators':
      return oscillators(params.n ?? 2);
    case 'nbody':
      return nbody(params.bodies ?? 3);
    case 'damped':
      return damped(params.gamma ?? DEFAULT_GAMMA);
    case 'pendulum':
      return pendulum(params.omegas?.[0] ?? PENDULUM_DEFAULTS.omega, params.amplitude ?? PENDULUM_DEFAULTS.amplitude);
    case 'frequencies':
      return frequencies(params.omegas ?? [1, 1.3]);
    case 'coupled': {
      const omegas = params.omegas ?? [1, 1.5];
      return coupled(omegas, params.rotation ?? omegas.map((_w, i) => omegas.map((_v, j) => (i === j ? 1 : 0))));
    }
    case 'kepler':
      return kepler(params.eMax ?? KEPLER_DEFAULTS.eMax);
    case 'rotation':
      return rotation(params.modulation ?? ROTATION_DEFAULTS.modulation);
    case 'cross':
      return cross(params.c ?? CROSS_DEFAULTS.c);
    case 'spring':
      return spring(params.k ?? SPRING_DEFAULTS.k, params.m ?? SPRING_DEFAULTS.m, params.amplitude ?? SPRING_DEFAULTS.amplitude);
    default:
      throw new RangeError(`unknown system '${name as string}'`);
  }
}

export const SYSTEM_NAMES: readonly SystemName[] = ['harmonic', 'oscillators', 'nbody', 'damped', 'pendulum', 'frequencies', 'coupled', 'kepler', 'rotation', 'cross', 'spring'];

function checkCount(what: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min) throw new RangeError(`${what}: count must be an integer ≥ ${min}, got ${v}`);
}
