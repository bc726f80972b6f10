/**
 * The pipeline's basic stage: build one model, train it, evaluate it. Every
 * model of every command goes through here: the search, the baseline, the
 * oracle, the refit.
 */
import { HamiltonianModel } from '../model/model';
import type { Quadratic } from '../quantity/quadratic';
import { seededTrainConfig, type SearchSeeds } from '../symmetry/searchSeeds';
import { evaluate } from '../train/evaluate';
import type { Metrics, RunOptions } from '../train/events';
import type { ModelData } from '../train/prepare';
import { trainModel, type TrainOutcome } from '../train/trainer';
import type { RunConfig } from '../util/config';

/** A trained model with its data and metrics (kept for readout and plots). */
export interface TrainedModel {
  label: string;
  config: RunConfig;
  model: HamiltonianModel;
  outcome: TrainOutcome;
  metrics: { train: Metrics; test?: Metrics };
  scale: number;
}

/** Where a model starts, beyond its random initialisation. */
export interface ModelStart {
  /** A learned model's search starts from these (symmetry/searchSeeds.ts). */
  seeds?: SearchSeeds;
  /** Continue this model's network (the warm refit). */
  warmFrom?: HamiltonianModel;
  /** Steps already taken by an earlier stage: its progress continues their count. */
  stepOffset?: number;
}

/** Train one model on prepared data and evaluate it. The caller disposes `model`. */
export async function trainAndEvaluate(
  label: string,
  config: RunConfig,
  train: ModelData,
  test: ModelData | undefined,
  /** Fixed quantities of kind 'oracle' (model coordinates). */
  quantities: readonly Quadratic[] | undefined,
  opts: RunOptions,
  start: ModelStart = {},
): Promise<TrainedModel> {
  const model = new HamiltonianModel(config.model, train.dim, config.train.seed, quantities);
  if (start.seeds?.seeds.length) model.seedGenerators(start.seeds.seeds);
  if (start.warmFrom) model.copyNetworkFrom(start.warmFrom);
  const trainOpts = start.stepOffset !== undefined ? { ...opts, label, stepOffset: start.stepOffset } : { ...opts, label };
  const outcome = await trainModel(model, train, seededTrainConfig(config, start.seeds), trainOpts);
  const ev = { seed: config.train.seed, maxRows: config.train.maxRows };
  const metrics = {
    train: evaluate(model, train, train.count, ev),
    test: test ? evaluate(model, test, train.count, ev) : undefined,
  };
  return { label, config, model, outcome, metrics, scale: train.scale };
}
