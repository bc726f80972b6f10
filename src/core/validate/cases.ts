/**
 * The validation suite's catalogue (issue 13 item 6): systems drawn by the
 * project's own simulator with parameters randomised from one suite seed,
 * each with its ground truth — the span of the exactly conserved quadratics
 * (A, b in the CSV's units), the approximate invariants that must not be
 * called conserved, whether the flow is Hamiltonian, and what the tool should
 * say ('conserved' quantities, nothing, or 'not identifiable').
 *
 * Nobody tuned the discovery to these data: parameters come from the suite
 * seed, and every case prints them.
 */
import { simulate, type SimulateSpec, type SimulationResult } from '../sim/simulate';
import { randomRotation, type Quadratic } from '../sim/systems';
import { Random } from '../util/random';

/** What a correct report says on a case. */
export type Expectation = 'conserved' | 'none' | 'not identifiable';

export interface CaseTruth {
  /** A basis of the exactly conserved quadratics, in the CSV's units. */
  invariants: Quadratic[];
  /** Quadratics that drift slowly: must not be called 'conserved'. */
  approximate: Quadratic[];
  /** Whether the flow is Hamiltonian: a 'symmetry' verdict is true only for a true invariant of a Hamiltonian flow. */
  hamiltonian: boolean;
  expect: Expectation;
  /** Largest angle (degrees, standardised coordinates) between a reported quantity and the true span that still counts as found. */
  angleTolDeg: number;
}

export interface ValidationCase {
  /** Short unique id, e.g. "pendulum-1". */
  id: string;
  /** Which class of the catalogue it belongs to (issue 13's list). */
  kind: 'positive' | 'failure class';
  /** One line: the system and its drawn parameters. */
  description: string;
  spec: SimulateSpec;
  /** Measurement noise as a fraction of each column's std over the clean data (0: exact data). */
  noiseRel: number;
  truth: CaseTruth;
  /** In the --quick slice (three fast cases: a positive, a failure class, units). */
  quick?: boolean;
}

/** Default angle tolerance between a reported quantity and the true span (degrees). */
export const ANGLE_TOL_DEG = 5;

const r3 = (x: number) => Number(x.toPrecision(3));

/** Draw the catalogue from the suite seed. The same seed gives the same cases. */
export function buildCatalogue(suiteSeed = 0): ValidationCase[] {
  const root = new Random(suiteSeed);
  let index = 0;
  const out: ValidationCase[] = [];
  // Each case gets its own stream (suite seed, case index), so adding a case at the end changes none before it.
  const add = (make: (rng: Random, dataSeed: number) => Omit<ValidationCase, 'truth'> & { truth: Omit<CaseTruth, 'angleTolDeg' | 'invariants' | 'approximate' | 'hamiltonian'> & Partial<CaseTruth> }) => {
    const rng = root.fork(index++);
    const dataSeed = rng.int(2 ** 31);
    const c = make(rng, dataSeed);
    const sys = simulate({ ...c.spec, trajectories: 1, steps: 1, noise: undefined }).system;
    const scales = c.spec.scales;
    const invariants = (c.truth.invariants ?? sys.invariants ?? []).map((q) => toColumns(q, scales));
    const approximate = (c.truth.approximate ?? sys.approximateInvariants ?? []).map((q) => toColumns(q, scales));
    out.push({
      ...c,
      truth: {
        ...c.truth,
        invariants,
        approximate,
        hamiltonian: c.truth.hamiltonian ?? sys.hamiltonian,
        angleTolDeg: c.truth.angleTolDeg ?? ANGLE_TOL_DEG,
      },
    });
  };
  const base = { trajectories: 20, steps: 10, dt: 0.2 };

  // ---------------------------------------------------------------- positive cases
  add((_rng, seed) => ({
    id: 'harmonic', kind: 'positive', quick: true, noiseRel: 0,
    description: 'harmonic oscillator H = (q²+p²)/2, exact data (U(1))',
    spec: { ...base, system: 'harmonic', seed }, truth: { expect: 'conserved' },
  }));
  add((_rng, seed) => ({
    id: 'u2', kind: 'positive', noiseRel: 0,
    description: '2 isotropic oscillators, U(2): 4 invariants',
    spec: { ...base, system: 'oscillators', n: 2, seed }, truth: { expect: 'conserved' },
  }));
  add((rng, seed) => {
    const noiseRel = r3(rng.uniform(0.001, 0.003));
    return {
      id: 'u3-noise', kind: 'positive', noiseRel,
      description: `3 isotropic oscillators, U(3): 9 invariants; noise ${noiseRel} of each column's std`,
      spec: { ...base, system: 'oscillators', n: 3, seed }, truth: { expect: 'conserved' },
    };
  });
  add((rng, seed) => {
    const omegas = [1, r3(rng.uniform(1.3, 1.8))];
    return {
      id: 'freq-distinct', kind: 'positive', noiseRel: 0,
      description: `2 oscillators of distinct frequencies ω = ${omegas.join(', ')}: the 2 energies`,
      spec: { ...base, system: 'frequencies', omegas, seed }, truth: { expect: 'conserved' },
    };
  });
  for (const n of [2, 3]) {
    add((rng, seed) => {
      const omegas = distinctFrequencies(rng, n, 0.6, 2.0, 0.3);
      const rotation = randomRotation(n, rng);
      return {
        id: `modes-${n}`, kind: 'positive', noiseRel: 0,
        description: `${n} coupled oscillators H = |p|²/2 + qᵀKq/2, K random SPD with normal-mode ω = ${omegas.join(', ')}: the ${n} mode energies in the original coordinates`,
        spec: { ...base, system: 'coupled', omegas, rotation, seed }, truth: { expect: 'conserved' },
      };
    });
  }
  add((rng, seed) => {
    const eMax = r3(rng.uniform(0.3, 0.5));
    return {
      id: 'kepler', kind: 'positive', noiseRel: 0,
      description: `planar Kepler V = −1/r, bound orbits a ∈ [1, 2], e ≤ ${eMax} (r ≥ ${r3(1 - eMax)}): L only`,
      spec: { trajectories: 20, steps: 12, dt: 0.5, system: 'kepler', eMax, seed }, truth: { expect: 'conserved' },
    };
  });
  add((rng, seed) => {
    const eMax = r3(rng.uniform(0.2, 0.4));
    const noiseRel = r3(rng.uniform(5e-4, 2e-3));
    return {
      id: 'kepler-noise', kind: 'positive', noiseRel,
      description: `planar Kepler, e ≤ ${eMax}, noise ${noiseRel} of each column's std: L only`,
      spec: { trajectories: 20, steps: 12, dt: 0.5, system: 'kepler', eMax, seed }, truth: { expect: 'conserved' },
    };
  });
  for (const bodies of [2, 3]) {
    add((_rng, seed) => ({
      id: `nbody-${bodies}`, kind: 'positive', noiseRel: 0,
      description: `${bodies} bodies in 2-d, softened gravity: P_x, P_y, L, P_x², P_y², P_xP_y, X·P_y − Y·P_x (7, SE(2)-type)`,
      spec: { trajectories: bodies === 2 ? 15 : 20, steps: 10, dt: 0.5, system: 'nbody', bodies, seed }, truth: { expect: 'conserved' },
    }));
  }
  for (const noisy of [false, true]) {
    add((rng, seed) => {
      const k = r3(10 ** rng.uniform(2.5, 3.5));
      const m = r3(10 ** rng.uniform(-3.5, -2.5));
      const amplitude = r3(10 ** rng.uniform(-3.3, -2.7));
      const period = (2 * Math.PI) / Math.sqrt(k / m);
      const dt = r3(period / rng.uniform(15, 30));
      const noiseRel = noisy ? r3(rng.uniform(5e-4, 2e-3)) : 0;
      return {
        id: noisy ? 'si-spring-noise' : 'si-spring', kind: 'positive', quick: !noisy, noiseRel,
        description: `SI spring k = ${k} N/m, m = ${m} kg, amplitude ${amplitude} m, Δt = ${dt} s${noisy ? `, noise ${noiseRel} of each column's std` : ''}: H = kx²/2 + p²/2m`,
        spec: { ...base, dt, system: 'spring', k, m, amplitude, seed }, truth: { expect: 'conserved' },
      };
    });
  }
  add((rng, seed) => {
    const sq = r3(10 ** rng.uniform(2.5, 3.5));
    const sp = r3(10 ** rng.uniform(-3.5, -2.5));
    return {
      id: 'mixed-units', kind: 'positive', noiseRel: 0,
      description: `harmonic oscillator with q × ${sq}, p × ${sp} (mixed units)`,
      spec: { ...base, system: 'harmonic', scales: [sq, sp], seed }, truth: { expect: 'conserved' },
    };
  });
  add((rng, seed) => {
    const omegas = distinctFrequencies(rng, 2, 0.6, 2.0, 0.3);
    const rotation = randomRotation(2, rng);
    const scales = Array.from({ length: 4 }, () => r3(10 ** rng.uniform(-6, 6)));
    return {
      id: 'mixed-units-modes', kind: 'positive', noiseRel: 0,
      description: `2 coupled oscillators (ω = ${omegas.join(', ')}), columns × ${scales.join(', ')}: the 2 mode energies`,
      spec: { ...base, system: 'coupled', omegas, rotation, scales, seed }, truth: { expect: 'conserved' },
    };
  });

  // ---------------------------------------------------------------- failure classes
  for (let i = 1; i <= 2; i++) {
    add((rng, seed) => {
      const omega = r3(rng.uniform(0.8, 1.5));
      const amplitude = r3(rng.uniform(1.0, 1.5));
      return {
        id: `pendulum-${i}`, kind: 'failure class', quick: i === 1, noiseRel: 0,
        description: `pendulum H = p²/2 − ω²cos q, ω = ${omega}, amplitudes up to ${amplitude} rad: no quadratic conserved (small-angle energy only approximately)`,
        spec: { ...base, system: 'pendulum', omegas: [omega], amplitude, seed }, truth: { expect: 'none' },
      };
    });
  }
  for (let i = 1; i <= 2; i++) {
    add((rng, seed) => {
      const gamma = r3(rng.uniform(0.005, 0.05));
      return {
        id: `damped-${i}`, kind: 'failure class', noiseRel: 0,
        description: `lightly damped oscillator γ = ${gamma}: nothing conserved (q² + p² decays)`,
        spec: { ...base, system: 'damped', gamma, seed }, truth: { expect: 'none' },
      };
    });
  }
  add((rng, seed) => {
    const d = r3(rng.uniform(0.01, 0.02));
    const omegas = [1, r3(1 + d), r3(1 + 2 * d)];
    const noiseRel = r3(rng.uniform(0.002, 0.005));
    return {
      id: 'near-degenerate', kind: 'failure class', noiseRel,
      description: `3 oscillators of near-degenerate ω = ${omegas.join(', ')}, noise ${noiseRel} of each column's std: only the 3 energies (not U(3))`,
      spec: { trajectories: 20, steps: 20, dt: 0.4, system: 'frequencies', omegas, seed }, truth: { expect: 'conserved' },
    };
  });
  add((_rng, seed) => ({
    id: 'underdetermined-u3', kind: 'failure class', noiseRel: 0,
    description: '3 oscillators, 3 trajectories × 4 samples (12 states for 27 quadratic monomials): not identifiable',
    spec: { trajectories: 3, steps: 3, dt: 0.2, system: 'oscillators', n: 3, seed }, truth: { expect: 'not identifiable' },
  }));
  add((rng, seed) => {
    const omegas = distinctFrequencies(rng, 2, 0.6, 2.0, 0.3);
    return {
      id: 'underdetermined-modes', kind: 'failure class', noiseRel: 0,
      description: `2 coupled oscillators (ω = ${omegas.join(', ')}), 2 trajectories × 5 samples (10 states for 14 monomials): not identifiable`,
      spec: { trajectories: 2, steps: 4, dt: 0.2, system: 'coupled', omegas, rotation: randomRotation(2, rng), seed }, truth: { expect: 'not identifiable' },
    };
  });
  add((rng, seed) => {
    const c = r3(rng.uniform(0.07, 0.1));
    const noiseRel = r3(rng.uniform(0.015, 0.03));
    return {
      id: 'cross-noise', kind: 'failure class', noiseRel,
      description: `H = (q² + ${c}·q·p + p²)/2 with noise ${noiseRel} of each column's std: the cross term must stay (q² + p² is wrong)`,
      spec: { ...base, system: 'cross', c, seed }, truth: { expect: 'conserved' },
    };
  });
  add((rng, seed) => {
    const modulation = r3(rng.uniform(0.3, 0.6));
    return {
      id: 'non-hamiltonian', kind: 'failure class', noiseRel: 0,
      description: `non-Hamiltonian rotation dx/dt = ω(θ)·Jx, ω = 1 + ${modulation}·cos θ: q² + p² conserved, but a symmetry of no H`,
      spec: { ...base, system: 'rotation', modulation, seed }, truth: { expect: 'conserved', hamiltonian: false },
    };
  });

  // The angle tolerance: at most half the angle between the true span and the nearest approximate invariant.
  for (const c of out) {
    const data = caseData(c, { noise: false });
    const std = columnStds(data);
    const basis = orthonormalBasis(c.truth.invariants.map((q) => vectorize(q, std)));
    for (const a of c.truth.approximate) {
      const ang = angleToSpanDeg(vectorize(a, std), basis);
      if (basis.length > 0 && ang / 2 < c.truth.angleTolDeg) c.truth.angleTolDeg = Number((ang / 2).toPrecision(3));
    }
  }
  return out;
}

function distinctFrequencies(rng: Random, n: number, lo: number, hi: number, gap: number): number[] {
  for (;;) {
    const w = Array.from({ length: n }, () => r3(rng.uniform(lo, hi))).sort((a, b) => a - b);
    if (w.every((v, i) => i === 0 || v - w[i - 1] >= gap)) return w;
  }
}

/** A quadratic in the system's coordinates x, written in the CSV's x' = D x: A' = D⁻¹AD⁻¹, b' = D⁻¹b. */
export function toColumns<T extends Pick<Quadratic, 'A' | 'b'>>(q: T, scales?: number[]): T {
  if (!scales) return q;
  return {
    ...q,
    A: q.A.map((row, i) => row.map((v, j) => v / (scales[i] * scales[j]))),
    b: q.b.map((v, i) => v / scales[i]),
  };
}

/**
 * The case's data set: with noise (as the suite writes it) or without (for
 * checking the truth). Noise std per column = noiseRel × that column's std
 * over the clean data.
 */
export function caseData(c: ValidationCase, opts: { noise: boolean } = { noise: true }): SimulationResult {
  const clean = simulate({ ...c.spec, noise: undefined });
  if (!opts.noise || c.noiseRel === 0) return clean;
  const std = columnStds(clean);
  return simulate({ ...c.spec, noise: std.map((s) => c.noiseRel * s) });
}

/** Std of each column over all samples. */
export function columnStds(data: Pick<SimulationResult, 'trajectories' | 'dim'>): number[] {
  const M = data.dim;
  const sum = new Array<number>(M).fill(0);
  const sum2 = new Array<number>(M).fill(0);
  let count = 0;
  for (const tr of data.trajectories) {
    for (const x of tr.states) {
      for (let j = 0; j < M; j++) { sum[j] += x[j]; sum2[j] += x[j] * x[j]; }
      count++;
    }
  }
  return sum.map((s, j) => {
    const mean = s / count;
    const v = Math.max(0, sum2[j] / count - mean * mean);
    const sd = Math.sqrt(v);
    return sd > 0 ? sd : Math.abs(mean) || 1;
  });
}

/**
 * Unit-invariant coefficient vector of C = ½xᵀAx + bᵀx: substitute
 * x_j = std_j·z_j (each coordinate standardised by its spread over the data),
 * then list the monomial coefficients of z (z_i² : A_ii/2, z_iz_j : A_ij for
 * i < j, z_i : b_i). Rescaling a column leaves it unchanged.
 */
export function vectorize(q: { A: number[][]; b: number[] }, std: number[]): number[] {
  const M = std.length;
  const v: number[] = [];
  for (let i = 0; i < M; i++) {
    for (let j = i; j < M; j++) {
      const a = q.A[i][j] * std[i] * std[j];
      v.push(i === j ? a / 2 : a);
    }
  }
  for (let i = 0; i < M; i++) v.push(q.b[i] * std[i]);
  return v;
}

/** Orthonormal basis of the span of the vectors (modified Gram–Schmidt, dropping dependent ones). */
export function orthonormalBasis(vs: number[][], relTol = 1e-8): number[][] {
  const basis: number[][] = [];
  for (const v0 of vs) {
    const norm0 = Math.hypot(...v0);
    if (norm0 === 0) continue;
    const v = v0.map((x) => x / norm0);
    for (let pass = 0; pass < 2; pass++) {
      for (const e of basis) {
        const d = dot(e, v);
        for (let i = 0; i < v.length; i++) v[i] -= d * e[i];
      }
    }
    const n = Math.hypot(...v);
    if (n > relTol) basis.push(v.map((x) => x / n));
  }
  return basis;
}

export function dot(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Angle (degrees) between v and its projection on the span of an orthonormal basis (90 when the basis is empty). */
export function angleToSpanDeg(v: number[], basis: number[][]): number {
  const nv = Math.hypot(...v);
  if (nv === 0) return 90;
  let p2 = 0;
  for (const e of basis) p2 += dot(e, v) ** 2;
  const c = Math.min(1, Math.sqrt(p2) / nv);
  return (Math.acos(c) * 180) / Math.PI;
}
