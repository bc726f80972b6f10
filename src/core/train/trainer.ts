/**
 * The training loop: mini-batches, Adam with cosine decay, empirical-Bayes
 * prior updates, progress events, prompt cancellation and divergence
 * detection. A cancelled or diverged run keeps its last good parameters.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TrainConfig } from '../util/config';
import type { HamiltonianModel } from '../model/model';
import { Random } from '../util/random';
import { toUserUnits } from '../quantity/quadratic';
import type { Metrics, RunOptions, StopReason } from './events';
import { Adam } from './adam';
import { gatherBatch, type ModelData } from './prepare';
import { objectiveAndGradients } from './objective';

export interface TrainOutcome {
  stopReason: StopReason;
  stopMessage?: string;
  /** Optimiser steps completed. */
  steps: number;
  seconds: number;
  history: ({ step: number } & Metrics)[];
}

/** Yield to the event loop so a cancel message (worker) or SIGINT (CLI) is seen. */
const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

export async function trainModel(
  model: HamiltonianModel,
  data: ModelData,
  cfg: TrainConfig,
  /** stepOffset: steps already taken by an earlier stage (the refit continues the first stage's count). */
  opts: RunOptions & { label: string; snapshotEvery?: number; stepOffset?: number },
): Promise<TrainOutcome> {
  const t0 = performance.now();
  // Means and biases at lr; the posterior's scale parameters at their own rate.
  const scaleVars = new Set(model.posteriorScaleVariables());
  const groups = [
    { vars: model.netVariables().filter((v) => !scaleVars.has(v)), lr: cfg.lr },
    { vars: [...scaleVars], lr: cfg.lrPosterior ?? cfg.lr },
  ];
  if (model.generatorVariables().length) groups.push({ vars: model.generatorVariables(), lr: cfg.lrGenerators });
  const vars = groups.flatMap((g) => g.vars);
  const adam = new Adam(groups, cfg.steps);
  const batcher = new Batcher(data.count, cfg.batchSize, new Random(cfg.seed).fork(7));
  const history: TrainOutcome['history'] = [];
  const mseScale = data.scale * data.scale; // report MSE in the user's units
  let stopReason: StopReason = 'completed';
  let stopMessage: string | undefined;
  let step = 0;
  const elapsed = () => (performance.now() - t0) / 1000;
  try {
    for (; step < cfg.steps; step++) {
      if (opts.signal?.aborted) {
        stopReason = 'cancelled';
        break;
      }
      const batch = gatherBatch(data, batcher.next());
      let grads: Map<tf.Variable, tf.Tensor> | undefined;
      try {
        const res = objectiveAndGradients(model, batch, data.count, { seed: cfg.seed, step, maxRows: cfg.maxRows, vars });
        grads = res.grads;
        const v = res.values;
        // apply() leaves the parameters untouched when a gradient is not finite.
        if (!Number.isFinite(v.negElbo) || !adam.apply(grads)) {
          stopReason = 'diverged';
          stopMessage = `the objective became ${Number.isFinite(v.negElbo) ? 'finite but its gradient was not' : v.negElbo} at step ${step}; kept the parameters of step ${step - 1}. Try a smaller learning rate (--lr) or more integrator sub-steps.`;
          break;
        }
        if (model.cfg.prior === 'empirical-bayes') model.updatePrior(0.5);
        const metrics: Metrics = { negElbo: v.negElbo, nll: v.nll, kl: v.kl, mse: v.mse * mseScale };
        const done = step + 1;
        if (done % cfg.progressEvery === 0 || done === cfg.steps || done === 1) {
          const offset = opts.stepOffset ?? 0;
          history.push({ step: offset + done, ...metrics });
          const el = elapsed();
          opts.onEvent?.({
            type: 'progress', model: opts.label, step: offset + done, totalSteps: offset + cfg.steps, ...metrics,
            elapsedSec: el, etaSec: (el / done) * (cfg.steps - done),
          });
        }
        const snapEvery = opts.snapshotEvery ?? cfg.progressEvery * 5;
        if (model.genW && (done % snapEvery === 0 || done === cfg.steps)) {
          opts.onEvent?.({ type: 'generators', model: opts.label, step: done, learned: userUnits(model.learnedParameters(), data.scale) });
        }
      } finally {
        for (const g of grads?.values() ?? []) g.dispose();
        tf.dispose([batch.x0, batch.y, batch.dt]);
      }
      await yieldToLoop();
    }
  } finally {
    adam.dispose();
  }
  return { stopReason, stopMessage, steps: step, seconds: elapsed(), history };
}

/** C(x') with x' = x/s is C(x) = 1/2 x^T (W/s^2 + ...) x + (b/s)^T x. */
export function userUnits(learned: { W: number[][]; b: number[] }[], scale: number): { W: number[][]; b: number[] }[] {
  return learned.map(({ W, b }) => {
    const u = toUserUnits(W, b, scale);
    return { W: u.A, b: u.b };
  });
}

/** Epoch-shuffled mini-batches; the whole set every step when it fits in one batch. */
class Batcher {
  private order: number[] = [];
  private pos = 0;
  constructor(private readonly n: number, private readonly size: number, private readonly rng: Random) {}
  next(): number[] {
    if (this.size >= this.n) return [...Array(this.n).keys()];
    const out: number[] = [];
    while (out.length < this.size) {
      if (this.pos >= this.order.length) {
        this.order = this.rng.shuffle([...Array(this.n).keys()]);
        this.pos = 0;
      }
      out.push(this.order[this.pos++]);
    }
    return out;
  }
}
