/**
 * Metrics of a trained model on a data set. Predictions use the posterior
 * mean network and a fixed stream of symmetry samples, so evaluation is
 * deterministic; KL is the training KL per training point, so
 * negElbo = nll + kl is comparable across data sets.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { HamiltonianModel } from '../model/model';
import { Random } from '../util/random';
import type { Metrics } from './events';
import { chunks } from './objective';
import { gatherBatch, type ModelData } from './prepare';

export function evaluate(model: HamiltonianModel, data: ModelData, trainCount: number, opts: { seed: number; maxRows: number }): Metrics {
  const all = [...Array(data.count).keys()];
  let nllSum = 0;
  let seSum = 0;
  for (const [a, b] of chunks(data.count, model.rowsPerPoint() * model.evaluationsPerPrediction(), opts.maxRows)) {
    const batch = gatherBatch(data, all.slice(a, b));
    const [nll, se] = tf.tidy(() => {
      const net = model.sampleNet(null);
      const group = model.sampleGroup(new Random(opts.seed).fork(424242));
      const yhat = model.predict(net, group, batch.x0, batch.dt);
      return [tf.mul(model.nll(yhat, batch.y), b - a), tf.sum(tf.square(tf.sub(batch.y, yhat)))];
    });
    nllSum += nll.dataSync()[0];
    seSum += se.dataSync()[0];
    tf.dispose([nll, se, batch.x0, batch.y, batch.dt]);
  }
  const klT = model.kl();
  const kl = klT.dataSync()[0] / trainCount;
  klT.dispose();
  const nll = nllSum / data.count;
  return { nll, kl, negElbo: nll + kl, mse: (seSum / (data.count * data.dim)) * data.scale * data.scale };
}
