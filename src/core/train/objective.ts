/**
 * The training objective, -ELBO per data point (docs/method.md §5):
 *   (1/R) sum_r mean_batch NLL(y | Phi_dt(x; theta_r, eta)) + KL / N,
 * and its gradient, accumulated over (weight sample, batch chunk) units so no
 * single forward/backward pass holds more than `maxRows` row-evaluations
 * (points x symmetry samples x field evaluations of the integrator): the tape
 * keeps every evaluation's activations, and the wasm heap is capped at 4 GB.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { HamiltonianModel } from '../model/model';
import { Random } from '../util/random';

export interface BatchTensors {
  x0: tf.Tensor2D;
  y: tf.Tensor2D;
  dt: tf.Tensor2D;
}

export interface StepValues {
  nll: number;
  /** KL / N. */
  kl: number;
  negElbo: number;
  /** Mean squared error per coordinate, model units. */
  mse: number;
}

/** Random stream of weight sample r at step t: the same draws for every chunk of it. */
export function sampleRng(seed: number, step: number, r: number): Random {
  return new Random(seed).fork(1_000_003 + step).fork(r);
}

/** Split B points into chunks of at most maxRows / rowsPerPoint points (at least one). */
export function chunks(B: number, rowsPerPoint: number, maxRows: number): [number, number][] {
  const per = Math.max(1, Math.floor(maxRows / Math.max(1, rowsPerPoint)));
  const out: [number, number][] = [];
  for (let s = 0; s < B; s += per) out.push([s, Math.min(B, s + per)]);
  return out;
}

/**
 * Value and gradient of -ELBO/N on one batch. Returns gradients keyed by
 * variable (caller disposes them) and the metric values.
 */
export function objectiveAndGradients(
  model: HamiltonianModel,
  batch: BatchTensors,
  N: number,
  opts: { seed: number; step: number; maxRows: number; vars: tf.Variable[] },
): { grads: Map<tf.Variable, tf.Tensor>; values: StepValues } {
  const R = model.cfg.weightSamples;
  const B = batch.x0.shape[0];
  const byName = new Map(opts.vars.map((v) => [v.name, v]));
  const grads = new Map<tf.Variable, tf.Tensor>();
  const accumulate = (g: tf.NamedTensorMap) => {
    for (const [name, t] of Object.entries(g)) {
      const v = byName.get(name)!;
      const prev = grads.get(v);
      if (prev) {
        grads.set(v, tf.add(prev, t));
        prev.dispose();
        t.dispose();
      } else grads.set(v, t);
    }
  };
  let nll = 0;
  let sqErr = 0;
  let kl = 0;
  // KL/N joins the first unit's loss: one backward pass fewer than differentiating it on its own.
  const netVars = new Set(model.netVariables());
  const withKl = opts.vars.some((v) => netVars.has(v));
  for (let r = 0; r < R; r++) {
    for (const [a, b] of chunks(B, model.rowsPerPoint() * model.evaluationsPerPrediction(), opts.maxRows)) {
      const weight = (b - a) / B / R;
      const first = r === 0 && a === 0;
      const { value, grads: g, se, klv } = tf.tidy(() => {
        const x0 = tf.slice(batch.x0, [a, 0], [b - a, -1]);
        const y = tf.slice(batch.y, [a, 0], [b - a, -1]);
        const dt = tf.slice(batch.dt, [a, 0], [b - a, -1]);
        let se: tf.Scalar | undefined;
        let klv: tf.Scalar | undefined;
        const res = tf.variableGrads(() => {
          const rng = sampleRng(opts.seed, opts.step, r);
          const net = model.sampleNet(rng);
          const group = model.sampleGroup(rng);
          const yhat = model.predict(net, group, x0 as tf.Tensor2D, dt as tf.Tensor2D);
          se = tf.keep(tf.sum(tf.square(tf.sub(y, yhat)))) as tf.Scalar;
          const loss = tf.mul(model.nll(yhat, y as tf.Tensor2D), weight) as tf.Scalar;
          if (!(first && withKl)) return loss;
          klv = tf.keep(tf.div(model.kl(), N)) as tf.Scalar;
          return tf.add(loss, klv) as tf.Scalar;
        }, opts.vars);
        return { value: res.value, grads: res.grads, se: se!, klv };
      });
      const total = value.dataSync()[0];
      const klValue = klv ? klv.dataSync()[0] : 0;
      kl += klValue;
      nll += total - klValue;
      sqErr += se.dataSync()[0];
      tf.dispose([value, se, ...(klv ? [klv] : [])]);
      accumulate(g);
    }
  }
  if (!withKl) kl = tf.tidy(() => tf.div(model.kl(), N).dataSync()[0]);
  return { grads, values: { nll, kl, negElbo: nll + kl, mse: sqErr / (B * R * model.dim) } };
}
