/**
 * The paper's benchmark systems (docs/method.md §8) plus a damped oscillator, as
 * vector fields on phase space x = (q_1..q_n, p_1..p_n) (docs/method.md §2).
 * For N bodies in 2-d, q is body-major: (x_1, y_1, x_2, y_2, …), p likewise.
 *
 * Each system also exports its energy, so tests and other modules can check
 * conservation against the same definitions the simulator uses.
 */
import type { VectorField } from './integrate';
import { checkCount, quadratic, unitaryInvariants, zeros, type PhysicalSystem, type Quadratic } from './system';

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


