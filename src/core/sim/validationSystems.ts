/**
 * The validation suite's systems (docs/validation.md), each with the
 * quadratics it conserves exactly and those it conserves only approximately.
 */
import type { Random } from '../util/random';
import { oscillatorsEnergy } from './paperSystems';
import { mixingInvariants, quadratic, unitaryInvariants, zeros, type PhysicalSystem, type Quadratic } from './system';


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
