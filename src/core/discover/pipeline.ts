/**
 * The discover pipeline, written once: where the search starts (seeds), the
 * search itself (train and evaluate), the readout of what it found, and the
 * refit on the verified quantities. `noether discover`/`noether train` and
 * the extension's worker run it through job.ts; `noether reproduce` runs it
 * for each learned model (reproduce/run.ts). Each stage is a small function;
 * runPipeline chains them. Assembling the results file is apart (results.ts).
 */
import { analyseQuadratics, type ConservationAnalysis } from '../conservation';
import type { Dataset } from '../data/types';
import type { Quadratic } from '../quantity/quadratic';
import { fitQuadraticHamiltonian } from '../readout/hamiltonianFit';
import { buildSymmetryReport } from '../readout/symmetryReport';
import type { RefitInfo, SymmetryReport } from '../results/types';
import { searchSeeds, seedMessage, type SearchSeeds } from '../symmetry/searchSeeds';
import type { JobStage, RunOptions } from '../train/events';
import type { ModelData } from '../train/prepare';
import type { RunConfig } from '../util/config';
import { SETTLE_DEFAULTS, SettledBounds } from '../razor/evidence';
import { refitOnDiscovered } from './refit';
import { trainAndEvaluate, type TrainedModel } from './train';

/** Stage 1: where a learned model's search starts (generatorInit 'data'); logs what it found. */
export function searchStart(config: RunConfig, analysis: ConservationAnalysis, scale: number, log: (message: string) => void): SearchSeeds | undefined {
  const seeds = searchSeeds(config, analysis, scale);
  if (seeds) log(seedMessage(seeds));
  return seeds;
}

export interface ReadoutOptions {
  /** Known truth for parallelness ('oracle:<name>' or a JSON file). */
  truth?: string;
  rankTolerance?: number;
  /** Name a quantity "energy" when it matches the learned H's quadratic part. */
  nameEnergy: boolean;
  /** The readout's warnings are appended here. */
  warnings: string[];
}

/** Stage 3: read out the learned quantities (float64, user units) and check each on the data. */
export function readOut(m: TrainedModel, ds: Dataset, analysis: ConservationAnalysis, o: ReadoutOptions): SymmetryReport {
  return buildSymmetryReport({
    analysis,
    learned: m.model.learnedParameters(),
    scale: m.scale,
    hamiltonianQuadratic: o.nameEnergy ? quadraticPart(m, ds) : undefined,
    data: ds,
    truth: o.truth,
    rankTolerance: o.rankTolerance,
    warnings: o.warnings,
  });
}

/** The learned H's quadratic part, when a quadratic explains most of it (R^2 >= 0.95) over the data. */
function quadraticPart(m: TrainedModel, ds: Dataset): Quadratic | undefined {
  const fit = fitQuadraticHamiltonian(m.model, ds, m.scale, m.config.train.seed);
  return fit && fit.r2 >= 0.95 ? { A: fit.A, b: fit.b } : undefined;
}

export interface PipelineInput {
  label: string;
  config: RunConfig;
  /** The training data in user units (seeds, readout) and in model units (training). */
  dataset: Dataset;
  train: ModelData;
  test?: ModelData;
  /** Fixed quantities of an oracle model (model coordinates). */
  oracle?: readonly Quadratic[];
  /** Read out a learned model with these options (omit: no readout, no refit). */
  readout?: ReadoutOptions;
  /** Refit a learned model on its verified quantities. */
  refit: boolean;
  /** The options of each training stage (progress, cancellation). */
  stage: (stage: JobStage, stepOffset?: number) => RunOptions;
  log: (message: string) => void;
  /** Runs after the search, before the readout (the job trains its baseline here). */
  afterSearch?: (first: TrainedModel) => Promise<void>;
  /**
   * The model without symmetries the razor compares with (the job's vanilla
   * baseline, once trained). Given, the refit's choice and the razor use
   * settled bounds (razor/evidence.ts) under one noise level.
   */
  comparison?: () => TrainedModel | undefined;
}

export interface PipelineOutput {
  /** The first stage: the search (learned) or the only training (vanilla, oracle). */
  first: TrainedModel;
  /** The model whose metrics are reported: `first`, or its refit when that is kept. */
  final: TrainedModel;
  seeds?: SearchSeeds;
  /** The settled bounds shared by the refit's choice and the razor (with `comparison`). */
  bounds?: SettledBounds;
  /** What the training data conserve (no network), and how long that took. */
  analysis: ConservationAnalysis;
  analysisSeconds: number;
  report?: SymmetryReport;
  refit?: RefitInfo;
}

/** Dispose the models of a pipeline's output. */
export function disposeOutput(out: Pick<PipelineOutput, 'first' | 'final'>): void {
  out.first.model.dispose();
  if (out.final !== out.first) out.final.model.dispose();
}

/** Seeds → search → readout → refit. The caller disposes the output's models (disposeOutput). */
export async function runPipeline(input: PipelineInput): Promise<PipelineOutput> {
  const { config } = input;
  const learned = config.model.kind === 'learned';
  // Stage 0: what the data conserve, with no network (noise, conserved space, identifiability).
  const t0 = Date.now();
  const analysis = analyseQuadratics(input.dataset.trajectories);
  const analysisSeconds = (Date.now() - t0) / 1000;
  const seeds = searchStart(config, analysis, input.train.scale, input.log);
  const first = await trainAndEvaluate(input.label, config, input.train, input.test, input.oracle, input.stage(learned ? 'search' : 'training'), { seeds });
  const out: PipelineOutput = { first, final: first, seeds, analysis, analysisSeconds };
  try {
    await input.afterSearch?.(first);
    if (!learned || !input.readout) return out;
    out.report = readOut(first, input.dataset, analysis, input.readout);
    const vanilla = input.comparison?.();
    if (vanilla) {
      const measured = analysis.noise.sigma.reduce((s, v) => s + (Number.isFinite(v) ? v * v : 0), 0) / Math.max(1, analysis.noise.sigma.length) / input.train.scale ** 2;
      out.bounds = new SettledBounds(input.train, { ...SETTLE_DEFAULTS, seed: config.train.seed, maxRows: config.train.maxRows, signal: input.stage('refit').signal }, measured);
    }
    if (input.refit) {
      const bounds = out.bounds;
      const score = bounds && vanilla
        ? async (models: TrainedModel[]) => {
            bounds.fixNoise([...models, vanilla].map((m) => m.metrics.train.mse / m.scale ** 2));
            const values: number[] = [];
            for (const m of models) values.push((await bounds.bound(m.model)).negElbo);
            return values;
          }
        : undefined;
      const r = await refitOnDiscovered(first, out.report, input.train, input.test, input.stage('refit', first.outcome.steps), score);
      out.refit = r.info;
      if (r.model) out.final = r.model;
      if (r.info) input.log(`refit on ${r.info.quantities.length ? r.info.quantities.join(', ') : 'nothing'}: ${r.info.reason}`);
    }
    return out;
  } catch (e) {
    disposeOutput(out);
    throw e;
  }
}
