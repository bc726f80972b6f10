/**
 * The whole -ELBO gradient, proven by central finite differences along random
 * directions, for every parameter kind: network means and biases, both
 * Kronecker factors of the posterior, the learned noise variance, and the
 * conserved quantities' W_k and b_k.
 */
import { strict as assert } from 'assert';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/core/backend/backend';
import { DEFAULT_MODEL, type ModelConfig } from '../../../src/core/util/config';
import { HamiltonianModel } from '../../../src/core/model/model';
import { oracleQuantities } from '../../../src/core/symmetry/oracles';
import { Random } from '../../../src/core/util/random';
import { objectiveAndGradients } from '../../../src/core/train/objective';

function makeBatch(B: number, M: number, seed: number) {
  const rng = new Random(seed);
  const x0 = rng.fillNormal(new Float32Array(B * M), 0, 0.8);
  const y = x0.map((v) => v + 0.05 * rng.normal());
  const dt = Float32Array.from({ length: B }, () => 0.1 + 0.2 * rng.next());
  return { x0: tf.tensor2d(x0, [B, M]), y: tf.tensor2d(y, [B, M]), dt: tf.tensor2d(dt, [B, 1]) };
}

describe('objective gradient (finite differences)', function () {
  this.timeout(120000);
  before(async () => {
    await initBackend('wasm');
  });

  const cases: [string, Partial<ModelConfig>][] = [
    ['learned symmetries, RK4, learned noise', { kind: 'learned', K: 2, integrator: 'rk4', substeps: 1, noise: 'learned' }],
    ['oracle U(2), midpoint, fixed noise', { kind: 'oracle', oracle: 'u2', integrator: 'midpoint', substeps: 2 }],
    ['vanilla, Euler, fixed noise, ELU alpha 2', { kind: 'vanilla', integrator: 'euler', substeps: 3, eluAlpha: 2 }],
  ];
  for (const [name, over] of cases) {
    it(name, () => {
      const cfg: ModelConfig = {
        ...DEFAULT_MODEL, hidden: [6, 5], symmetrySamples: 4, weightSamples: 2, sigma2: 0.05,
        posteriorInitStd: 0.05, generatorInitStd: 0.3, learnOutputFactor: true, ...over,
      };
      const M = 4;
      const model = new HamiltonianModel(cfg, M, 3, cfg.kind === 'oracle' ? oracleQuantities(cfg.oracle!, M) : undefined);
      // Non-trivial lower-triangular factors so their off-diagonal gradients matter.
      const rng = new Random(11);
      for (const L of model.layers) {
        L.offS.assign(tf.tensor(rng.fillNormal(new Float32Array(L.offS.size), 0, 0.1), L.offS.shape));
        L.offA.assign(tf.tensor(rng.fillNormal(new Float32Array(L.offA.size), 0, 0.1), L.offA.shape));
        L.bias?.assign(tf.tensor(rng.fillNormal(new Float32Array(L.bias.size), 0, 0.1), L.bias.shape));
      }
      const batch = makeBatch(5, M, 5);
      const vars = [...model.netVariables(), ...model.generatorVariables()];
      const opts = { seed: 9, step: 0, maxRows: 8, vars }; // maxRows 8 forces chunking
      const loss = () => {
        const r = objectiveAndGradients(model, batch, 1e4, opts);
        r.grads.forEach((g) => g.dispose());
        return r.values.negElbo;
      };
      const { grads } = objectiveAndGradients(model, batch, 1e4, opts);
      assert.equal(grads.size, vars.length, 'every trainable variable gets a gradient');
      const kinds = new Set<string>();
      for (const v of vars) {
        const g = grads.get(v)!;
        const d = tf.tensor(rng.fillNormal(new Float32Array(v.size)), v.shape);
        const dn = tf.div(d, tf.norm(d));
        const analytic = tf.sum(tf.mul(g, dn)).dataSync()[0];
        // Small steps: ELU has a second-derivative jump at 0 and the loss uses its first derivative, so the FD error is O(h), not O(h^2).
        const h = 3e-5;
        const orig = v.clone();
        v.assign(tf.add(orig, tf.mul(h, dn)));
        const lp = loss();
        v.assign(tf.sub(orig, tf.mul(h, dn)));
        const lm = loss();
        v.assign(orig);
        const fd = (lp - lm) / (2 * h);
        const tol = 3e-2 * Math.max(1, Math.abs(fd));
        assert.ok(Math.abs(fd - analytic) < tol, `${v.name} ${JSON.stringify(v.shape)}: analytic ${analytic} vs finite difference ${fd}`);
        kinds.add(JSON.stringify(v.shape));
        tf.dispose([d, dn, orig]);
      }
      grads.forEach((g) => g.dispose());
      model.dispose();
      tf.dispose([batch.x0, batch.y, batch.dt]);
    });
  }
});
