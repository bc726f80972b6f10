/**
 * The razor's comparison: is the model symmetrised over a set of quantities
 * more probable than the model without them (vanilla)? (docs/method.md,
 * "Verdicts".)
 *
 * The ELBO is a bound on the log marginal likelihood, and it decides only when
 * it is tight enough for the comparison: a likelihood whose noise level the
 * data support, and a KL term whose posterior widths have reached their
 * optimum. Training stops long before that (the posterior scales move at the
 * network's learning rate, so KL/N stays near its initial value and dwarfs
 * the fit). So before comparing, each model's bound is "settled" on the
 * training data: with the posterior means frozen, the posterior scales, the
 * noise variance σ² and the prior precisions (empirical Bayes) are optimised
 * for the ELBO, equally for both models. The comparison is then the paired
 * difference of the per-point expected negative log-likelihoods plus the
 * difference of KL/N, with the standard error of the paired per-point terms:
 * Δ = (−ELBO/N)_without − (−ELBO/N)_with ± SE, Δ > 0 favours the symmetry.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { SymmetryVerdict } from '../../shared/verdicts';
import type { HamiltonianModel } from '../model/model';
import { Random } from '../util/random';
import { Adam } from '../train/adam';
import { chunks } from '../train/objective';
import { gatherBatch, type ModelData } from '../train/prepare';

/** A symmetry is admitted (or rejected) when |Δ| exceeds this many standard errors. */
export const EVIDENCE_Z = 2;

export interface SettleOptions {
  steps: number;
  lr: number;
  seed: number;
  maxRows: number;
  signal?: AbortSignal;
  /** Evaluate under this noise variance (model units) instead of optimising σ² per model. */
  sigma2?: number;
}

/** Settling: 300 Adam steps at 0.02 on the log-diagonals (how little longer settling changes the bounds: docs/method.md, "Verdicts"). */
export const SETTLE_DEFAULTS = { steps: 300, lr: 0.02 };

export interface SettledBound {
  /** Per-point expected NLL (MC over weight samples), in the training data's order. */
  pointNll: Float64Array;
  /** KL / N after settling. */
  kl: number;
  negElbo: number;
  /** σ² after settling (model units). */
  sigma2: number;
  seconds: number;
}

/**
 * Optimise the bound's posterior scales, noise level and prior precisions with
 * the means frozen, then evaluate it per point. Changes the model in place.
 */
export async function settleBound(model: HamiltonianModel, data: ModelData, opts: SettleOptions): Promise<SettledBound> {
  const t0 = performance.now();
  // Only the diagonals (log-parametrised): the raw off-diagonal entries would jump by the learning rate.
  const scales = model.posteriorScaleVariables().filter((v) => model.layers.some((l) => l.logDiagA === v || l.logDiagS === v));
  const wasTrainable = model.logSigma2.trainable;
  if (opts.sigma2 !== undefined) model.logSigma2.assign(tf.scalar(Math.log(opts.sigma2)));
  model.logSigma2.trainable = opts.sigma2 === undefined;
  const vars = opts.sigma2 === undefined ? [...scales, model.logSigma2] : scales;
  const adam = new Adam([{ vars, lr: opts.lr }], opts.steps);
  const all = [...Array(data.count).keys()];
  const batch = gatherBatch(data, all);
  try {
    for (let step = 0; step < opts.steps && !opts.signal?.aborted; step++) {
      const rng = new Random(opts.seed).fork(2_000_003 + step);
      const { value, grads } = tf.variableGrads(() => {
        const net = model.sampleNet(rng);
        const group = model.sampleGroup(rng);
        const yhat = model.predict(net, group, batch.x0, batch.dt);
        return tf.add(model.nll(yhat, batch.y), tf.div(model.kl(), data.count)) as tf.Scalar;
      }, vars);
      const ok = Number.isFinite(value.dataSync()[0]) && adam.apply(new Map(vars.map((v) => [v, grads[v.name]])));
      tf.dispose([value, ...Object.values(grads)]);
      if (!ok) break;
      model.updatePrior(0.5);
      if (step % 20 === 19) await new Promise<void>((r) => setImmediate(r));
    }
  } finally {
    adam.dispose();
    model.logSigma2.trainable = wasTrainable;
  }
  const pointNll = perPointNll(model, data, batch, opts);
  tf.dispose([batch.x0, batch.y, batch.dt]);
  const klT = model.kl();
  const kl = klT.dataSync()[0] / data.count;
  klT.dispose();
  const mean = pointNll.reduce((s, v) => s + v, 0) / data.count;
  return { pointNll, kl, negElbo: mean + kl, sigma2: model.sigma2(), seconds: (performance.now() - t0) / 1000 };
}

/** Expected NLL of each point over EVAL_SAMPLES weight samples (fixed streams). */
export const EVAL_SAMPLES = 8;

function perPointNll(model: HamiltonianModel, data: ModelData, batch: ReturnType<typeof gatherBatch>, opts: SettleOptions): Float64Array {
  const out = new Float64Array(data.count);
  const M = data.dim;
  const s2 = model.sigma2();
  const c = 0.5 * M * Math.log(2 * Math.PI * s2);
  for (let r = 0; r < EVAL_SAMPLES; r++) {
    // One weight sample and one set of symmetry samples for every chunk of this draw; tidy frees them.
    tf.tidy(() => {
      const rng = new Random(opts.seed).fork(3_000_017 + r);
      const net = model.sampleNet(rng);
      const group = model.sampleGroup(rng);
      for (const [a, b] of chunks(data.count, model.rowsPerPoint() * model.evaluationsPerPrediction(), opts.maxRows)) {
        const x0 = tf.slice(batch.x0, [a, 0], [b - a, -1]) as tf.Tensor2D;
        const y = tf.slice(batch.y, [a, 0], [b - a, -1]);
        const dt = tf.slice(batch.dt, [a, 0], [b - a, -1]) as tf.Tensor2D;
        const v = tf.sum(tf.square(tf.sub(y, model.predict(net, group, x0, dt))), 1).dataSync();
        for (let i = a; i < b; i++) out[i] += (0.5 * v[i - a] / s2 + c) / EVAL_SAMPLES;
      }
    });
  }
  return out;
}

export interface EvidenceComparison {
  /** (−ELBO/N) of the model without the symmetry minus with it: > 0 favours the symmetry. */
  difference: number;
  /** Standard error of `difference` (paired per-point terms). */
  uncertainty: number;
  verdict: SymmetryVerdict;
  withSymmetry: { negElbo: number; kl: number; sigma2: number };
  without: { negElbo: number; kl: number; sigma2: number };
  reason: string;
}

export function compareBounds(withSym: SettledBound, without: SettledBound, z = EVIDENCE_Z): EvidenceComparison {
  const N = withSym.pointNll.length;
  const d = Array.from(withSym.pointNll, (v, i) => without.pointNll[i] - v);
  const mean = d.reduce((s, v) => s + v, 0) / N;
  const sd = Math.sqrt(d.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, N - 1));
  const difference = mean + (without.kl - withSym.kl);
  const uncertainty = sd / Math.sqrt(N);
  const verdict: SymmetryVerdict = difference > z * uncertainty ? 'symmetry' : difference < -z * uncertainty ? 'not a symmetry' : 'inconclusive';
  const f = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(3));
  const side = difference >= 0 ? 'for' : 'against';
  const reason =
    verdict === 'inconclusive'
      ? `the evidence cannot tell: −ELBO/N differs by ${f(difference)} ± ${f(uncertainty)} per point (within ${z} standard errors)`
      : `the evidence is ${side} the symmetry by ${f(Math.abs(difference))} ± ${f(uncertainty)} nats per point (settled bounds: ${f(withSym.negElbo)} with it, ${f(without.negElbo)} without)`;
  return {
    difference,
    uncertainty,
    verdict,
    withSymmetry: { negElbo: withSym.negElbo, kl: withSym.kl, sigma2: withSym.sigma2 },
    without: { negElbo: without.negElbo, kl: without.kl, sigma2: without.sigma2 },
    reason,
  };
}

/**
 * Settled bounds of every model one job compares (the first stage, the refit
 * groups, vanilla), all under one noise level, each settled once. The noise
 * level is fixed at the first request: the best compared model's mean squared
 * residual (model units, per coordinate), never below the noise measured in
 * the data, so no model can explain its misfit away as noise.
 */
export class SettledBounds {
  private readonly cache = new Map<HamiltonianModel, SettledBound>();
  sigma2?: number;

  constructor(
    private readonly train: ModelData,
    private readonly opts: Omit<SettleOptions, 'sigma2'>,
    /** Measured noise variance, model units, per coordinate. */
    private readonly measured: number,
  ) {}

  /** Fix σ² from these models' residuals (model units) if it is not fixed yet. */
  fixNoise(mses: number[]): number {
    if (this.sigma2 === undefined) {
      const best = Math.min(...mses.filter((v) => Number.isFinite(v) && v > 0));
      this.sigma2 = Math.max(Number.isFinite(best) ? best : 0, this.measured, Number.MIN_VALUE);
    }
    return this.sigma2;
  }

  async bound(model: HamiltonianModel): Promise<SettledBound> {
    const hit = this.cache.get(model);
    if (hit) return hit;
    if (this.sigma2 === undefined) throw new Error('SettledBounds: fixNoise() first');
    const b = await settleBound(model, this.train, { ...this.opts, sigma2: this.sigma2 });
    this.cache.set(model, b);
    return b;
  }

  /** Seconds spent settling so far. */
  seconds(): number {
    let s = 0;
    for (const b of this.cache.values()) s += b.seconds;
    return s;
  }
}
