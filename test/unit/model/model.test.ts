/**
 * The model's pieces against independent computations: KL against a Monte
 * Carlo estimate, the tensor expm against the float64 Pade expm and a
 * rotation, the integrator against a closed form, and the oracle-symmetrised
 * H's invariance and conservation laws.
 */
import { strict as assert } from 'assert';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/core/backend/backend';
import { DEFAULT_MODEL, type ModelConfig } from '../../../src/core/util/config';
import { BayesLinear } from '../../../src/core/model/bayesLinear';
import { hamiltonianField, hamiltonianGradient, integrate } from '../../../src/core/model/dynamics';
import { HamiltonianModel } from '../../../src/core/model/model';
import { value } from '../../../src/core/model/mlp';
import { expmBatch, generatorTops, groupElements, sampleEps } from '../../../src/core/model/symmetrise';
import { expm } from '../../../src/core/linalg/expm';
import { generatorMatrix, quadraticValue as quantityValue } from '../../../src/core/quantity/quadratic';
import { oracleQuantities } from '../../../src/core/symmetry/oracles';
import { Random } from '../../../src/core/util/random';

const maxAbs = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));

describe('model', function () {
  this.timeout(60000);
  before(async () => {
    await initBackend('wasm');
  });

  it('KL of the matrix-normal posterior matches a Monte Carlo estimate of E_q[log q - log p]', () => {
    const rng = new Random(2);
    const L = new BayesLinear({ dIn: 3, dOut: 4, bias: false, posteriorStd: 0.3, learnOutputFactor: true, initMean: (n) => rng.fillNormal(new Float32Array(n), 0, 0.5), name: 't' });
    L.offS.assign(tf.tensor(rng.fillNormal(new Float32Array(16), 0, 0.2), [4, 4]));
    L.offA.assign(tf.tensor(rng.fillNormal(new Float32Array(9), 0, 0.2), [3, 3]));
    L.logDiagS.assign(tf.tensor(rng.fillNormal(new Float32Array(4), -0.5, 0.3)));
    const lambda = 2.5;
    const closed = L.kl(lambda).dataSync()[0];
    // log q(W) = -d/2 log 2pi - 1/2 (d_a log|S_s| + d_s log|S_a|) - 1/2 |E|^2; log p = -d/2 log 2pi + d/2 log lambda - lambda/2 |W|^2
    const d = 12;
    const logdetS = 2 * tf.sum(L.logDiagS).dataSync()[0];
    const logdetA = 2 * tf.sum(L.logDiagA).dataSync()[0];
    const n = 20000;
    let acc = 0;
    const E = tf.tensor3d(rng.fillNormal(new Float32Array(n * 12)), [n, 3, 4]);
    const W = tf.tidy(() => {
      const LaT = tf.transpose(L.La());
      const LsT = tf.transpose(L.Ls());
      return tf.add(L.meanT, tf.matMul(tf.matMul(tf.broadcastTo(LaT, [n, 3, 3]), E), tf.broadcastTo(LsT, [n, 4, 4])));
    });
    const e2 = tf.sum(tf.square(E), [1, 2]).dataSync();
    const w2 = tf.sum(tf.square(W), [1, 2]).dataSync();
    for (let i = 0; i < n; i++) acc += -0.5 * (3 * logdetS + 4 * logdetA) - 0.5 * e2[i] - 0.5 * d * Math.log(lambda) + 0.5 * lambda * w2[i];
    const mc = acc / n;
    const se = 0.5 * lambda * Math.sqrt(12) * 2; // generous: std of lambda/2 |W|^2 over sqrt(n) is far below this
    assert.ok(Math.abs(mc - closed) < 0.05 * Math.abs(closed) + se / Math.sqrt(n) * 10, `closed ${closed} vs MC ${mc}`);
    // The closed-form optimal precision minimises the KL over lambda.
    const ls = L.optimalPrecision();
    const k0 = L.kl(ls).dataSync()[0];
    assert.ok(L.kl(ls * 1.1).dataSync()[0] > k0 && L.kl(ls / 1.1).dataSync()[0] > k0);
    L.dispose();
  });

  it('tensor expm matches a rotation and the float64 Pade expm', () => {
    const th = 2.7;
    const R = expmBatch(tf.tensor3d([[[0, th], [-th, 0]]])).arraySync()[0];
    assert.ok(maxAbs(R.flat(), [Math.cos(th), Math.sin(th), -Math.sin(th), Math.cos(th)]) < 1e-5);
    const rng = new Random(4);
    for (const m of [3, 7, 13]) {
      const X = Array.from({ length: m }, () => Array.from({ length: m }, () => rng.normal() * 4 / Math.sqrt(m)));
      const ref = expm(X);
      const got = expmBatch(tf.tensor3d([X])).arraySync()[0];
      const scale = Math.max(...ref.flat().map(Math.abs));
      assert.ok(maxAbs(got.flat(), ref.flat()) < 1e-4 * scale, `m=${m}`);
    }
  });

  it('group elements of an oracle generator act as its float64 flow', () => {
    const [L] = oracleQuantities('se2', 8).filter((q) => q.b.every((v) => v === 0)); // angular momentum, 2 bodies
    const W = tf.tensor3d([L.A.map((r) => r.map((v) => v / 2))]);
    const b = tf.tensor2d([L.b]);
    const g = groupElements(generatorTops(W, b), Float32Array.from([0.37]), 1, Math.PI);
    const ref = expm(generatorMatrix(L.A, L.b).map((r) => r.map((v) => v * 0.37 * Math.PI)));
    const A = g.A.arraySync()[0];
    assert.ok(maxAbs(A.flat(), ref.slice(0, 8).map((r) => r.slice(0, 8)).flat()) < 1e-5);
  });

  it('stratified epsilon samples cover the measure (cube: each coordinate stratified; ball: inside the unit ball)', () => {
    const rng = new Random(1);
    const S = 64;
    const cube = sampleEps(rng, S, 2, 'cube', 'stratified');
    const bins = new Array(S).fill(0);
    for (let s = 0; s < S; s++) bins[Math.floor(((cube[s * 2] + 1) / 2) * S)]++;
    assert.ok(bins.every((c) => c === 1), 'one sample per stratum in each coordinate');
    const ball = sampleEps(rng, 2000, 3, 'ball', 'random');
    let mean = 0;
    for (let s = 0; s < 2000; s++) {
      const r = Math.hypot(ball[3 * s], ball[3 * s + 1], ball[3 * s + 2]);
      assert.ok(r <= 1 + 1e-6);
      mean += r / 2000;
    }
    assert.ok(Math.abs(mean - 0.75) < 0.02, `E|eps| in the 3-ball is 3/4, got ${mean}`); // E r = K/(K+1)
  });

  // H = |x|²/2, so dx/dt = J x: two states, each with its own time step.
  const rotation = () => ({ f: hamiltonianField((x) => x), x0: tf.tensor2d([[1, 0.5], [-0.3, 2]]), dt: tf.tensor2d([[0.2], [0.7]]) });

  it('RK4 integration of a linear field matches the closed form', () => {
    // The exact flow is a rotation: q(t) = q cos t + p sin t.
    const { f, x0, dt } = rotation();
    const got = integrate(f, x0, dt, 10, 'rk4').arraySync();
    [[1, 0.5, 0.2], [-0.3, 2, 0.7]].forEach(([q, p, t], i) => {
      assert.ok(Math.abs(got[i][0] - (q * Math.cos(t) + p * Math.sin(t))) < 1e-6);
      assert.ok(Math.abs(got[i][1] - (-q * Math.sin(t) + p * Math.cos(t))) < 1e-6);
    });
  });

  it('one midpoint step of a linear field is exactly (1 + hJ + (hJ)²/2) x, the closed form of the rule', () => {
    const { f, x0, dt } = rotation();
    const got = integrate(f, x0, dt, 1, 'midpoint').arraySync();
    // J x = (p, −q), (J)² = −I: x + h (p, −q) − h²/2 (q, p).
    [[1, 0.5, 0.2], [-0.3, 2, 0.7]].forEach(([q, p, h], i) => {
      assert.ok(Math.abs(got[i][0] - (q + h * p - (h * h * q) / 2)) < 1e-6);
      assert.ok(Math.abs(got[i][1] - (p - h * q - (h * h * p) / 2)) < 1e-6);
    });
  });

  it('the SO(2)-symmetrised H is rotation invariant and its flow conserves q^2 + p^2; vanilla H is not', () => {
    const cfg = (kind: ModelConfig['kind']): ModelConfig => ({ ...DEFAULT_MODEL, kind, hidden: [32, 32], symmetrySamples: 256, epsMeasure: 'cube', epsSampling: 'stratified' });
    const oracle = oracleQuantities('so2', 2);
    const results: Record<string, { inv: number; drift: number }> = {};
    for (const kind of ['oracle', 'vanilla'] as const) {
      const model = new HamiltonianModel(cfg(kind), 2, 5, kind === 'oracle' ? oracle : undefined);
      const net = model.sampleNet(null);
      const group = model.sampleGroup(new Random(3));
      const Hval = (x: number[][]) => {
        if (!group) return value(net, tf.tensor2d(x)).arraySync().map((r) => r[0]);
        // H(x) = mean_s F(A_s x + c_s), evaluated directly.
        const A = group.A.arraySync();
        const c = group.c.arraySync();
        const pts = x.flatMap((v) => A.map((As, s) => [0, 1].map((i) => As[i][0] * v[0] + As[i][1] * v[1] + c[s][i])));
        const F = value(net, tf.tensor2d(pts)).arraySync().map((r) => r[0]);
        return x.map((_, i) => F.slice(i * A.length, (i + 1) * A.length).reduce((a, b) => a + b, 0) / A.length);
      };
      const xs = [[0.3, 0.1], [-1, 0.8], [0.2, -2]]; // distinct radii, so H differs between them
      const rot = (v: number[], a: number) => [v[0] * Math.cos(a) + v[1] * Math.sin(a), -v[0] * Math.sin(a) + v[1] * Math.cos(a)];
      const H0 = Hval(xs);
      let inv = 0;
      for (const a of [0.7, 2.1, 4]) inv = Math.max(inv, maxAbs(Hval(xs.map((v) => rot(v, a))), H0));
      const spread = Math.max(...H0) - Math.min(...H0) || 1;
      // Conservation: integrate the model's own flow and watch C = q^2 + p^2.
      const f = hamiltonianField(hamiltonianGradient(net, group));
      let x = tf.tensor2d(xs);
      const C0 = xs.map((v) => quantityValue(oracle[0].A, oracle[0].b, v));
      for (let k = 0; k < 20; k++) x = integrate(f, x, tf.fill([3, 1], 0.1) as tf.Tensor2D, 2, 'rk4');
      const C1 = x.arraySync().map((v) => quantityValue(oracle[0].A, oracle[0].b, v));
      results[kind] = { inv: inv / spread, drift: maxAbs(C1, C0) / Math.max(...C0) };
      model.dispose();
    }
    assert.ok(results.oracle.inv < 0.02, `oracle invariance error ${results.oracle.inv}`);
    assert.ok(results.oracle.drift < 0.02, `oracle conservation drift ${results.oracle.drift}`);
    assert.ok(results.vanilla.inv > 5 * results.oracle.inv, `vanilla should not be invariant: ${JSON.stringify(results)}`);
    assert.ok(results.vanilla.drift > 5 * results.oracle.drift, `vanilla should not conserve C: ${JSON.stringify(results)}`);
  });
});
