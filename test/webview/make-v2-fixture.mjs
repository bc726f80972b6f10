// Writes test/fixtures/recorded-run-v2.json: a hand-made results panel replay in the
// shape of results schema v2 (per quantity `conservation` and `symmetryTest`,
// `symmetry.identifiability`, top-level `noise`), with one quantity conserved on
// the data and a symmetry of H, and one candidate that is not conserved and not a
// symmetry. Columns are a pendulum's (theta, omega), whose labels the heatmaps
// once clipped.
//
// The messages' shape, settings and training curves are those of the recorded
// single-oscillator run (test/fixtures/recorded-run-oscillator.json, a real run);
// the readout, the verdicts, the noise estimate and the Hamiltonian grid are made
// here by hand (H = ½(θ² + ω²), the data circles of it). Rerun after changing it:
//
//   node test/webview/make-v2-fixture.mjs
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const src = JSON.parse(fs.readFileSync(path.join(root, 'test/fixtures/recorded-run-oscillator.json'), 'utf8'));

const file = '/home/user/data/pendulum-train.csv';
const columns = { q: ['theta'], p: ['omega'], time: 't', trajectory: 'run' };
const runId = 'run-v2-fixture-0';
const withRun = (run) => ({ ...run, runId, file, fileName: 'pendulum-train.csv', columns });

// A small deterministic generator (mulberry32) for the data's noise.
let seed = 12345;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const r4 = (x) => Number(x.toPrecision(4));

// The data: 6 trajectories of 8 samples on circles θ² + ω² = r², noise σ ≈ 0.012.
const radii = [0.35, 0.55, 0.75, 0.9, 1.05, 1.2];
const trajectories = radii.map((r, k) => {
  const phase = 0.9 * k;
  const ts = Array.from({ length: 8 }, (_, i) => phase + 0.32 * i);
  return {
    q: ts.map((t) => r4(r * Math.cos(t) + 0.012 * (rand() - 0.5) * 2)),
    p: ts.map((t) => r4(-r * Math.sin(t) + 0.015 * (rand() - 0.5) * 2)),
  };
});
const all = trajectories.flatMap((t) => t.q.map((q, i) => [q, t.p[i]]));
const lo = [Math.min(...all.map((x) => x[0])), Math.min(...all.map((x) => x[1]))];
const hi = [Math.max(...all.map((x) => x[0])), Math.max(...all.map((x) => x[1]))];
const pad = 0.1 * Math.max(hi[0] - lo[0], hi[1] - lo[1]);
const axis = (a, b) => Array.from({ length: 41 }, (_, i) => r4(a - pad + ((b - a + 2 * pad) * i) / 40));
const qs = axis(lo[0], hi[0]);
const ps = axis(lo[1], hi[1]);
const H = ps.map((p) => qs.map((q) => r4(0.5 * (q * q + p * p) + 0.004 * q * q * q)));

// The readout. C₁ = θ² + ω² (A = 2I), C₂ = θ·ω (A = [[0,1],[1,0]]).
const C1 = { A: [[2, 0], [0, 2]], b: [0, 0] };
const C2 = { A: [[0, 1], [1, 0]], b: [0, 0] };
const gen = ({ A, b }) => [[A[1][0], A[1][1], b[1]], [-A[0][0], -A[0][1], -b[0]], [0, 0, 0]];
const energy = {
  ...C1,
  formula: 'theta^2 + omega^2',
  unicode: 'theta² + omega²',
  latex: '\\theta^{2} + \\omega^{2}',
  name: 'energy of the oscillator',
  action: 'phase rotation of (theta, omega) in its phase plane',
  drift: 0.0041,
  conserved: true,
  generator: gen(C1),
  nameSimilarity: 0.9991,
  centre: [0, 0],
  spreadRatio: 0.0063,
  conservation: {
    verdict: 'conserved',
    reason: 'its variation along the trajectories is what the measurement noise explains (χ²/dof = 0.93, p = 0.61)',
    chi2PerDof: 0.93,
    pValue: 0.61,
    relativeDrift: 0.0041,
  },
  symmetryTest: {
    verdict: 'symmetry',
    reason: 'the model symmetrised over it has the higher evidence: ΔELBO = 3.2 ± 0.4 per data point',
    evidence: 3.2,
    uncertainty: 0.4,
  },
};
const cross = {
  ...C2,
  formula: 'theta*omega',
  unicode: 'theta·omega',
  latex: '\\theta\\,\\omega',
  name: null,
  action: 'squeeze of (theta, omega): stretches one diagonal, shrinks the other',
  drift: 0.41,
  conserved: false,
  generator: gen(C2),
  nameSimilarity: 0.12,
  spreadRatio: 0.63,
  conservation: {
    verdict: 'not conserved',
    reason: 'it changes along every trajectory far beyond the measurement noise (χ²/dof = 48, p < 1e-12)',
    chi2PerDof: 48.2,
    pValue: 1e-15,
    relativeDrift: 0.41,
    driftRate: { perTime: 0.35, relativePerTime: 0.21 },
  },
  symmetryTest: {
    verdict: 'not a symmetry',
    reason: 'the model symmetrised over it has the lower evidence: ΔELBO = −1.8 ± 0.5 per data point',
    evidence: -1.8,
    uncertainty: 0.5,
  },
};

// The raw generators (user units): mixtures of C₁ and C₂ at arbitrary scale and sign, plus tiny ones.
const W = (A, b) => ({ W: A.map((row) => row.map((v) => r4(v / 2))), b });
const mix = (a, c, e = [0, 0, 0]) => [[2 * a + e[0], c + e[1]], [c + e[1], 2 * a + e[2]]];
const learned = [
  W(mix(-6, 0.42, [0.1, 0, -0.2]), [0.03, -0.01]),
  W(mix(0.3, 0.61, [0.02, 0.01, -0.03]), [0.004, 0.002]),
  W(mix(0.001, -0.002, [0.002, 0, -0.001]), [0.0007, -0.0004]),
  W(mix(0.0004, 0.0009, [-0.0006, 0, 0.0003]), [-0.0002, 0.0005]),
];

const base = src.find((m) => m.type === 'results').results;
const results = {
  ...base,
  schemaVersion: 2,
  createdAt: '2026-12-05T10:00:00.000Z',
  input: {
    ...base.input,
    file,
    sha256: '5f2a9c0d1e4b7a6c3d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c',
    columns,
    trajectories: trajectories.length,
    transitions: trajectories.length * 7,
    test: undefined,
  },
  noise: {
    perCoordinate: [0.0118, 0.0152],
    method: 'second differences along the trajectories',
    units: "the CSV's units",
  },
  warnings: ['theta*omega is not conserved on the data (relative drift 0.41 ≥ 0.05).'],
  symmetry: {
    singularValues: [12.13, 0.6204, 0.003911, 0.001083],
    rank: 2,
    conservedQuantities: [energy, cross],
    learned,
    parallelness: undefined,
    identifiability: {
      identifiable: true,
      reason: 'the 6 trajectories cover energies 0.06 to 0.72 and each sweeps over 2 radians of phase',
    },
    warnings: ['theta*omega is not conserved on the data (relative drift 0.41 ≥ 0.05).'],
    details: { ...base.symmetry.details, hamiltonianGrid: { q: qs, p: ps, H, trajectories } },
  },
  baselines: base.baselines,
};
delete results.input.test;
delete results.symmetry.parallelness;

const out = src.map((m) => {
  if (m.type === 'state') return { ...m, run: withRun(m.run) };
  if (m.type === 'status') return { ...m, run: withRun(m.run) };
  if (m.type === 'results') return { type: 'results', results };
  if (m.type === 'event' && m.event.type === 'log' && /coordinates/.test(m.event.message)) {
    return { ...m, event: { ...m.event, message: 'backend wasm; 6 trajectories, 42 transitions; coordinates (theta, omega)' } };
  }
  return m;
});
fs.writeFileSync(path.join(root, 'test/fixtures/recorded-run-v2.json'), JSON.stringify(out));
console.log(`wrote test/fixtures/recorded-run-v2.json (${out.length} messages)`);
