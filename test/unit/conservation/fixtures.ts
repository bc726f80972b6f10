/**
 * Trajectory data for the conservation tests from closed forms or an accurate
 * fixed-step RK4 (independent of the product's simulator), with optional
 * Gaussian measurement noise from a seeded generator.
 */
import type { Trajectory } from '../../../src/core/data/types';

/** Deterministic uniform [0, 1) (mulberry32) and standard normals (Box–Muller). */
export function rng(seed: number): { uniform(): number; normal(): number } {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { uniform, normal: () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform()) };
}

export type Field = (x: number[]) => number[];

/** RK4 with `sub` sub-steps per sample. */
export function integrate(f: Field, x0: number[], dt: number, samples: number, sub = 200): number[][] {
  const out = [x0.slice()];
  let x = x0.slice();
  const h = dt / sub;
  for (let s = 1; s < samples; s++) {
    for (let k = 0; k < sub; k++) {
      const k1 = f(x);
      const k2 = f(x.map((v, i) => v + 0.5 * h * k1[i]));
      const k3 = f(x.map((v, i) => v + 0.5 * h * k2[i]));
      const k4 = f(x.map((v, i) => v + h * k3[i]));
      x = x.map((v, i) => v + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
    }
    out.push(x.slice());
  }
  return out;
}

export interface Draw {
  trajectories: number;
  samples: number;
  dt: number;
  seed: number;
  /** Per-coordinate std of the measurement noise added to every state. */
  noise?: number[];
  /** Initial state of trajectory k. */
  init: (r: ReturnType<typeof rng>) => number[];
  /** Exact path: state at time t from x0, or use `field`. */
  exact?: (x0: number[], t: number) => number[];
  field?: Field;
}

export function draw(d: Draw): Trajectory[] {
  const r = rng(d.seed);
  const noise = rng(d.seed + 7919);
  return Array.from({ length: d.trajectories }, (_, k) => {
    const x0 = d.init(r);
    const path = d.exact
      ? Array.from({ length: d.samples }, (_, s) => d.exact!(x0, s * d.dt))
      : integrate(d.field!, x0, d.dt, d.samples);
    const states = path.map((x) => Float64Array.from(x, (v, i) => v + (d.noise ? d.noise[i] * noise.normal() : 0)));
    return { id: String(k), t: Float64Array.from({ length: d.samples }, (_, s) => s * d.dt), states };
  });
}

/** n oscillators with frequencies w: H = ½ Σ (p_i² + w_i² q_i²), x = (q…, p…). */
export function oscillators(w: number[]): (x0: number[], t: number) => number[] {
  const n = w.length;
  return (x0, t) => {
    const q = w.map((wi, i) => x0[i] * Math.cos(wi * t) + (x0[n + i] / wi) * Math.sin(wi * t));
    const p = w.map((wi, i) => -x0[i] * wi * Math.sin(wi * t) + x0[n + i] * Math.cos(wi * t));
    return [...q, ...p];
  };
}

/** Rescale coordinate i of every state by f[i]. */
export function rescale(trs: Trajectory[], f: number[]): Trajectory[] {
  return trs.map((tr) => ({ ...tr, states: tr.states.map((x) => Float64Array.from(x, (v, i) => v * f[i])) }));
}
