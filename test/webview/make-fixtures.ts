/**
 * Writes the webview tests' recorded runs (test/fixtures/recorded-run*.json):
 * sequences of HostToWebview messages as the extension host would send them.
 *
 * They are synthetic stand-ins with the real shapes (type-checked against the
 * protocol) and physically consistent content — exact trajectories, true
 * conserved quantities, plausible loss curves — until they are regenerated
 * from a real run. Run: npx tsx test/webview/make-fixtures.ts
 */
import * as fs from 'fs';
import * as path from 'path';
import { resolveConfig } from '../../src/core/config';
import type { HostToWebview, RunInfo } from '../../src/extension/protocol';
import type { ConservedQuantity, ResultsV1 } from '../../src/core/results/types';
import type { Metrics, ProgressEvent, TrainEvent } from '../../src/core/train/events';

// mulberry32: a tiny seeded PRNG so the fixtures are reproducible.
function rng(seed: number) {
  let a = seed >>> 0;
  const u = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  return { u, normal };
}

const r6 = (x: number) => Number(x.toPrecision(6));

/** Loss curves: MSE decays exponentially to a floor; Gaussian NLL with sigma^2. */
function curve(model: string, steps: number, every: number, dim: number, n: number,
  mse0: number, mseEnd: number, tau: number, kl0: number, klEnd: number, secPerStep: number, seed: number): ProgressEvent[] {
  const R = rng(seed);
  const sigma2 = 1e-3;
  const out: ProgressEvent[] = [];
  for (let step = every; step <= steps; step += every) {
    const mse = (mseEnd + (mse0 - mseEnd) * Math.exp(-step / tau)) * Math.exp(0.15 * R.normal());
    const nll = dim * (0.5 * mse / sigma2 + 0.5 * Math.log(2 * Math.PI * sigma2));
    const kl = (klEnd + (kl0 - klEnd) * Math.exp(-step / (3 * tau))) * (1 + 0.01 * R.normal());
    out.push({ type: 'progress', model, step, totalSteps: steps, elapsedSec: r6(step * secPerStep),
      etaSec: r6((steps - step) * secPerStep), negElbo: r6(nll + kl), nll: r6(nll), kl: r6(kl), mse: r6(mse) });
  }
  return out;
}

function metricsOf(e: ProgressEvent): Metrics {
  return { negElbo: e.negElbo, nll: e.nll, kl: e.kl, mse: e.mse };
}

/** Generator [[J A, J b], [0, 0]] of C(x) = 1/2 x^T A x + b^T x, J = [[0, I], [-I, 0]]. */
function generator(A: number[][], b: number[]): number[][] {
  const M = A.length, n = M / 2;
  const J = (i: number, k: number) => (i < n && k === i + n ? 1 : i >= n && k === i - n ? -1 : 0);
  const G: number[][] = [];
  for (let i = 0; i < M; i++) {
    const row: number[] = [];
    for (let j = 0; j < M; j++) { let s = 0; for (let k = 0; k < M; k++) s += J(i, k) * A[k][j]; row.push(s); }
    let s = 0; for (let k = 0; k < M; k++) s += J(i, k) * b[k];
    row.push(s);
    G.push(row);
  }
  G.push(new Array(M + 1).fill(0));
  return G;
}

/** K learned (W, b) whose symmetric parts mix the true A's, plus small noise; W not symmetric. */
function learnedFrom(truth: number[][][], K: number, seed: number, noise: number): { W: number[][]; b: number[] }[] {
  const R = rng(seed);
  const M = truth[0].length;
  return Array.from({ length: K }, (_, k) => {
    const mix = truth.map(() => (k < truth.length ? R.normal() : 0.02 * R.normal()));
    const W: number[][] = [];
    for (let i = 0; i < M; i++) {
      W.push([]);
      for (let j = 0; j < M; j++) {
        let a = 0; truth.forEach((A, t) => { a += mix[t] * A[i][j]; });
        W[i].push(a / 2 + noise * R.normal());
      }
    }
    // Plus an antisymmetric part, which does not enter C_k: W itself is not symmetric.
    for (let i = 0; i < M; i++) for (let j = i + 1; j < M; j++) { const s = 0.05 * R.normal(); W[i][j] += s; W[j][i] -= s; }
    for (const row of W) row.forEach((v, j) => { row[j] = r6(v); });
    return { W, b: Array.from({ length: M }, () => r6(noise * R.normal())) };
  });
}

function snapshots(final: { W: number[][]; b: number[] }[], steps: number, every: number, seed: number): TrainEvent[] {
  const R = rng(seed);
  const init = final.map((g) => ({ W: g.W.map((row) => row.map(() => 0.01 * R.normal())), b: g.b.map(() => 0.01 * R.normal()) }));
  const out: TrainEvent[] = [];
  for (let step = every; step <= steps; step += every) {
    const s = 1 / (1 + Math.exp(-(step - 0.3 * steps) / (0.08 * steps)));
    out.push({ type: 'generators', model: 'learned', step, learned: final.map((g, k) => ({
      W: g.W.map((row, i) => row.map((v, j) => r6(init[k].W[i][j] * (1 - s) + v * s))),
      b: g.b.map((v, i) => r6(init[k].b[i] * (1 - s) + v * s)),
    })) });
  }
  return out;
}

/** Interleave generator snapshots after the progress event of the same step. */
function merge(progress: ProgressEvent[], snaps: TrainEvent[]): TrainEvent[] {
  const out: TrainEvent[] = [];
  for (const p of progress) {
    out.push(p);
    for (const s of snaps) if (s.type === 'generators' && s.step === p.step && p.model === 'learned') out.push(s);
  }
  return out;
}

function quantity(A: number[][], b: number[], q: Omit<ConservedQuantity, 'A' | 'b' | 'generator'>): ConservedQuantity {
  return { A, b, ...q, generator: generator(A, b) };
}

function messages(run: RunInfo, events: TrainEvent[], results: ResultsV1): HostToWebview[] {
  return [
    { type: 'state', run: { ...run, status: 'running' }, events: [], results: null },
    ...events.map((event): HostToWebview => ({ type: 'event', event })),
    { type: 'results', results },
    { type: 'status', run: { ...run, status: results.training.stopReason } },
  ];
}

// ---------- 1. anisotropic 2-d oscillator: H = (px^2 + py^2)/2 + x^2/2 + 2 y^2; learned + vanilla ----------
function twoDimOscillator(): HostToWebview[] {
  const steps = 2000, every = 10, K = 4;
  const columns = { q: ['x', 'y'], p: ['px', 'py'], time: 't', trajectory: 'trajectory' };
  const Ax = [[1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 1, 0], [0, 0, 0, 0]];
  const Ay = [[0, 0, 0, 0], [0, 4, 0, 0], [0, 0, 0, 0], [0, 0, 0, 1]];
  const learned = curve('learned', steps, every, 4, 1900, 0.6, 8e-6, 180, 16.5, 8.9, 0.011, 1);
  const vanilla = curve('vanilla', steps, every, 4, 1900, 0.6, 3.1e-5, 260, 17.5, 10.4, 0.004, 2);
  const final = learnedFrom([Ax, Ay], K, 3, 0.002);
  const events: TrainEvent[] = [
    { type: 'log', level: 'info', message: 'Loaded oscillator2d.csv: 100 trajectories, 1900 transitions, M = 4.' },
    { type: 'log', level: 'warn', message: "tfjs-node is not installed: training on the 'wasm' backend (slower)." },
    ...merge(learned, snapshots(final, steps, 100, 4)),
    { type: 'log', level: 'info', message: 'Training the vanilla baseline for the ELBO comparison.' },
    ...vanilla,
  ];
  const config = { ...resolveConfig('fast', 4, { train: { steps } }), seed: 0, dataScale: 1.12, evaluation: 'posterior-mean weights, fixed symmetry samples' };
  const run: RunInfo = { runId: 'run-1', file: '/home/user/data/oscillator2d.csv', fileName: 'oscillator2d.csv', columns,
    preset: 'fast', seed: 0, backend: 'wasm', status: 'running' };
  const lastL = learned[learned.length - 1], lastV = vanilla[vanilla.length - 1];
  const results: ResultsV1 = {
    schemaVersion: 1, tool: { name: 'noether-razor', version: '0.1.0' }, createdAt: '2025-01-01T12:00:00.000Z',
    command: 'discover',
    input: { file: run.file, sha256: '3f5a0c1e9b7d2a4c6e8f1032547698badcfe0123456789abcdef0123456789ab', columns,
      trajectories: 100, transitions: 1900 },
    config, backend: 'wasm',
    training: { steps, seconds: r6(steps * 0.011), stopReason: 'completed',
      history: learned.filter((e) => e.step % 100 === 0).map((e) => ({ step: e.step, ...metricsOf(e) })) },
    metrics: { train: metricsOf(lastL) },
    warnings: [],
    symmetry: {
      singularValues: [2.91, 1.37, 3.2e-3, 4.1e-4],
      rank: 2,
      conservedQuantities: [
        quantity(Ax, [0, 0, 0, 0], { formula: '0.5*x^2 + 0.5*px^2', unicode: '½x² + ½p_x²',
          latex: '\\tfrac{1}{2}x^{2} + \\tfrac{1}{2}p_{x}^{2}', name: 'oscillator energy (x, px)',
          action: 'rotation in the (x, px) phase plane', drift: 0.0021, conserved: true }),
        quantity(Ay, [0, 0, 0, 0], { formula: '2*y^2 + 0.5*py^2', unicode: '2y² + ½p_y²',
          latex: '2y^{2} + \\tfrac{1}{2}p_{y}^{2}', name: 'oscillator energy (y, py)',
          action: 'elliptic rotation in the (y, py) phase plane', drift: 0.0034, conserved: true }),
      ],
      learned: final,
      details: { rankRule: 'largest gap in log singular values above 1e-2 σ1' },
    },
    baselines: [{ model: 'vanilla', metrics: { train: metricsOf(lastV) }, seconds: r6(steps * 0.004), stopReason: 'completed' }],
  };
  return messages(run, events, results);
}

// ---------- 2. simple harmonic oscillator (paper Table 1 data), with the learned H on a grid ----------
function oscillator1d(): HostToWebview[] {
  const steps = 1000, every = 10, K = 4;
  const columns = { q: ['q'], p: ['p'], time: 't', trajectory: 'trajectory' };
  const A = [[2, 0], [0, 2]];
  const learned = curve('learned', steps, every, 2, 28, 0.4, 2e-5, 120, 60, 42, 0.02, 5);
  const final = learnedFrom([A], K, 6, 0.003);
  // Data: 7 trajectories of 4 steps at dt 0.2, q ~ N(0,1), p ~ N(0,0.5^2), exact rotation.
  const R = rng(7);
  const trajectories = Array.from({ length: 7 }, () => {
    const q0 = R.normal(), p0 = 0.5 * R.normal();
    const t = [0, 0.2, 0.4, 0.6, 0.8];
    return { q: t.map((s) => r6(q0 * Math.cos(s) + p0 * Math.sin(s))), p: t.map((s) => r6(-q0 * Math.sin(s) + p0 * Math.cos(s))) };
  });
  // "Learned" H: the true 1/2 (q^2 + p^2) with a small smooth error, as a fit would have.
  const grid = Array.from({ length: 41 }, (_, i) => r6(-2.5 + (5 * i) / 40));
  const H = grid.map((p) => grid.map((q) => r6(0.5 * (q * q + p * p) + 0.03 * q * p - 0.01 * q * q * q)));
  const config = { ...resolveConfig('fast', 2, { train: { steps, seed: 42 } }), seed: 42, dataScale: 0.87, evaluation: 'posterior-mean weights, fixed symmetry samples' };
  const run: RunInfo = { runId: 'run-2', file: '/home/user/data/oscillator.csv', fileName: 'oscillator.csv', columns,
    preset: 'fast', seed: 42, backend: 'cpu', status: 'running' };
  const last = learned[learned.length - 1];
  const results: ResultsV1 = {
    schemaVersion: 1, tool: { name: 'noether-razor', version: '0.1.0' }, createdAt: '2025-01-01T12:30:00.000Z',
    command: 'discover',
    input: { file: run.file, sha256: 'b1946ac92492d2347c6235b4d2611184b1946ac92492d2347c6235b4d2611184', columns,
      trajectories: 7, transitions: 28 },
    config, backend: 'cpu',
    training: { steps, seconds: r6(steps * 0.02), stopReason: 'completed',
      history: learned.filter((e) => e.step % 100 === 0).map((e) => ({ step: e.step, ...metricsOf(e) })) },
    metrics: { train: metricsOf(last) },
    warnings: ['Only 28 transitions: the rank estimate rests on little data; more trajectories would make it firmer.'],
    symmetry: {
      singularValues: [3.84, 2.1e-3, 6.5e-4, 0],
      rank: 1,
      conservedQuantities: [
        quantity(A, [0, 0], { formula: 'q^2 + p^2', unicode: 'q² + p²', latex: 'q^{2} + p^{2}',
          name: "oscillator's energy", action: 'rotation in the (q, p) phase plane', drift: 0.0008, conserved: true }),
      ],
      learned: final,
      parallelness: [0.9993, 0.04, 0.02, 0.01],
      details: { hamiltonianGrid: { q: grid, p: grid, H, trajectories } },
    },
  };
  return messages(run, merge(learned, snapshots(final, steps, 50, 8)), results);
}

const dir = path.join(__dirname, '../fixtures');
fs.writeFileSync(path.join(dir, 'recorded-run.json'), JSON.stringify(twoDimOscillator()) + '\n');
fs.writeFileSync(path.join(dir, 'recorded-run-oscillator.json'), JSON.stringify(oscillator1d()) + '\n');
console.log('wrote test/fixtures/recorded-run.json, test/fixtures/recorded-run-oscillator.json');
