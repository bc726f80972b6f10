/**
 * Options shared by `train` and `discover`: model and training knobs mapped
 * onto ModelConfig / TrainConfig overrides (unset options keep the preset's value).
 */
import { BACKEND_CHOICES, type BackendChoice } from '../core/backend/backend';
import type { ModelConfig, PresetName, TrainConfig } from '../core/util/config';
import { UsageError } from '../core/util/errors';
import { parseNumber, parsePositiveInt, parsePositiveNumber } from './options';

export const modelOptionSpec = {
  preset: { type: 'string' },
  seed: { type: 'string' },
  steps: { type: 'string' },
  K: { type: 'string' },
  hidden: { type: 'string' },
  'symmetry-samples': { type: 'string' },
  'weight-samples': { type: 'string' },
  integrator: { type: 'string' },
  substeps: { type: 'string' },
  batch: { type: 'string' },
  lr: { type: 'string' },
  'lr-generators': { type: 'string' },
  'lr-posterior': { type: 'string' },
  'refit-steps': { type: 'string' },
  'refit-from': { type: 'string' },
  'refit-symmetry-samples': { type: 'string' },
  threads: { type: 'string' },
  eps: { type: 'string' },
  'eps-sampling': { type: 'string' },
  prior: { type: 'string' },
  noise: { type: 'string' },
  sigma2: { type: 'string' },
  'elu-alpha': { type: 'string' },
  'posterior-std': { type: 'string' },
  'group-scale': { type: 'string' },
  'generator-init-std': { type: 'string' },
  'generator-init': { type: 'string' },
  normalize: { type: 'string' },
  backend: { type: 'string' },
  test: { type: 'string' },
  out: { type: 'string', short: 'o' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const modelOptionsHelp = [
  '  --preset fast|paper   cost preset (default fast; paper = the paper\'s settings, slow)',
  '  --seed N              random seed (default 0)',
  '  --steps N             optimiser steps',
  '  --K N                 number of learnable conserved quantities',
  '  --hidden 64,64        hidden layer widths of the network',
  '  --symmetry-samples S  group elements per weight sample',
  '  --weight-samples R    Monte-Carlo weight samples per step',
  '  --integrator rk4|midpoint|euler, --substeps N   one-step predictor (default: midpoint when accurate enough for the data, else RK4)',
  '  --batch N             transitions per mini-batch',
  '  --lr X, --lr-generators X, --lr-posterior X   Adam learning rates (cosine decay to 0); --lr-generators: default 1e-2, 1e-3 for a search seeded from the data; --lr-posterior: the posterior\'s scales (default: --lr)',
  '  --refit-steps N       after discovery, train a model with the verified quantities fixed as full-orbit symmetries for N steps (0: off; default: --steps)',
  '  --refit-symmetry-samples S  group elements of the refit (default 16 per quantity, at most --symmetry-samples)',
  '  --refit-from fresh|warm  the refit starts from a new network (default) or from the discovered model\'s network (default steps then: half of --steps)',
  '  --eps cube|ball, --eps-sampling random|stratified   measure of the group samples',
  '  --prior fixed|empirical-bayes, --noise fixed|learned, --sigma2 X, --elu-alpha X',
  '  --posterior-std X, --group-scale X, --generator-init-std X   initial posterior std, g = expm(scale·Σ ε_k G_k), initial W_k, b_k std',
  '  --generator-init data|random  start the search at the quadratics the data conserve (default; the rest at random) or all at random (paper)',
  '  --normalize scale|none  rescale the data by one global factor (default scale)',
  `  --backend ${BACKEND_CHOICES.join('|')}   TensorFlow.js backend (default auto)`,
  '  --threads N           wasm backend: compute with N threads (default 1; 2 on a 2-core laptop speeds up large models ≈1.3x, not small ones)',
  '  --test FILE           test CSV (same columns) for test metrics',
  '  --out FILE            results JSON (default: <data>.results.json)',
  '  --quiet               no progress output',
].join('\n');

export type ModelArgValues = { [K in keyof typeof modelOptionSpec]?: (typeof modelOptionSpec)[K]['type'] extends 'boolean' ? boolean : string };

function oneOf<T extends string>(name: string, v: string | undefined, allowed: readonly T[]): T | undefined {
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`${name} must be one of ${allowed.join(', ')}, not '${v}'`);
  return v as T;
}

export function configFromArgs(v: ModelArgValues): {
  preset: PresetName;
  model: Partial<ModelConfig>;
  train: Partial<TrainConfig>;
  backend: BackendChoice;
  threads?: number;
} {
  const hidden = v.hidden?.split(',').map((s) => parsePositiveInt('--hidden', s.trim()));
  const model: Partial<ModelConfig> = {
    K: parsePositiveInt('--K', v.K),
    hidden,
    symmetrySamples: parsePositiveInt('--symmetry-samples', v['symmetry-samples']),
    weightSamples: parsePositiveInt('--weight-samples', v['weight-samples']),
    integrator: oneOf('--integrator', v.integrator, ['rk4', 'midpoint', 'euler'] as const),
    // An explicit integrator or sub-step count turns the automatic choice off.
    integratorChoice: v.integrator !== undefined || v.substeps !== undefined ? 'fixed' : undefined,
    substeps: parsePositiveInt('--substeps', v.substeps),
    epsMeasure: oneOf('--eps', v.eps, ['cube', 'ball'] as const),
    epsSampling: oneOf('--eps-sampling', v['eps-sampling'], ['random', 'stratified'] as const),
    prior: oneOf('--prior', v.prior, ['fixed', 'empirical-bayes'] as const),
    noise: oneOf('--noise', v.noise, ['fixed', 'learned'] as const),
    sigma2: parsePositiveNumber('--sigma2', v.sigma2),
    eluAlpha: parsePositiveNumber('--elu-alpha', v['elu-alpha']),
    posteriorInitStd: parsePositiveNumber('--posterior-std', v['posterior-std']),
    groupScale: parsePositiveNumber('--group-scale', v['group-scale']),
    generatorInitStd: parsePositiveNumber('--generator-init-std', v['generator-init-std']),
    generatorInit: oneOf('--generator-init', v['generator-init'], ['data', 'random'] as const),
    normalize: oneOf('--normalize', v.normalize, ['scale', 'none'] as const),
  };
  const seed = parseNumber('--seed', v.seed);
  if (seed !== undefined && (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)) {
    throw new UsageError(`--seed must be an integer from 0 to 4294967295, not '${v.seed}'`);
  }
  const refitSteps = parseNumber('--refit-steps', v['refit-steps']);
  if (refitSteps !== undefined && (!Number.isInteger(refitSteps) || refitSteps < 0)) {
    throw new UsageError(`--refit-steps must be a whole number of steps, 0 or more, not '${v['refit-steps']}'`, 'use 0 to turn the refit off');
  }
  const train: Partial<TrainConfig> = {
    refitSteps,
    refitFrom: oneOf('--refit-from', v['refit-from'], ['warm', 'fresh'] as const),
    refitSymmetrySamples: parsePositiveInt('--refit-symmetry-samples', v['refit-symmetry-samples']),
    steps: parsePositiveInt('--steps', v.steps),
    batchSize: parsePositiveInt('--batch', v.batch),
    lr: parsePositiveNumber('--lr', v.lr),
    lrGenerators: parsePositiveNumber('--lr-generators', v['lr-generators']),
    // An explicit generator rate applies whether or not the search is seeded.
    lrGeneratorsSeeded: parsePositiveNumber('--lr-generators', v['lr-generators']),
    lrPosterior: parsePositiveNumber('--lr-posterior', v['lr-posterior']),
    seed,
  };
  return {
    preset: oneOf('--preset', v.preset, ['fast', 'paper'] as const) ?? 'fast',
    model,
    train,
    backend: oneOf('--backend', v.backend, BACKEND_CHOICES) ?? 'auto',
    threads: parsePositiveInt('--threads', v.threads),
  };
}
