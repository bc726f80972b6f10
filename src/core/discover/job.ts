/**
 * The jobs that the CLI (`noether discover`, `noether train`) and the
 * extension's training worker run: load the data, resolve the settings, run
 * the pipeline (pipeline.ts) with an optional vanilla baseline, and assemble
 * the results file (results.ts).
 */
import { backendLabel, backendThreads, initBackend } from '../backend/backend';
import { loadDataset } from '../data/load';
import type { Dataset } from '../data/types';
import { hamiltonianGrid } from '../readout/hamiltonianGrid';
import type { RazorReport, Results } from '../results/types';
import { oracleQuantities } from '../symmetry/oracles';
import type { JobProgress, JobStage, RunOptions } from '../train/events';
import { withIntegrator } from '../train/integratorChoice';
import { dataScale, toModelData } from '../train/prepare';
import { resolveConfig, type RunConfig } from '../util/config';
import { UsageError } from '../util/errors';
import { disposeOutput, runPipeline, type PipelineOutput } from './pipeline';
import { comparisonBudget, refitSteps } from './refit';
import { razorVerdicts } from './razor';
import { assembleResults, fitWarnings, stopWarnings, verdictWarnings } from './results';
import { trainAndEvaluate, type TrainedModel } from './train';
import type { JobRequest } from './types';

export type { JobRequest } from './types';

function loadData(req: JobRequest): { train: Dataset; test?: Dataset } {
  const train = loadDataset(req.file, req.load);
  let test: Dataset | undefined;
  if (req.testFile) {
    test = loadDataset(req.testFile, req.load);
    const same = test.columns.q.join() === train.columns.q.join() && test.columns.p.join() === train.columns.p.join();
    if (!same) {
      throw new UsageError(
        `the test file ${req.testFile} has coordinates (${[...test.columns.q, ...test.columns.p].join(', ')}) but the training file has (${[...train.columns.q, ...train.columns.p].join(', ')})`,
        'Give both files the same q and p columns, or pass --q/--p',
      );
    }
  }
  return { train, test };
}

/**
 * Train the requested model (learned conserved quantities by default) and,
 * for kind 'learned', read out what it found and refit on it.
 */
export async function runJob(req: JobRequest, opts: RunOptions = {}, command = 'discover'): Promise<Results> {
  const started = Date.now();
  const backend = await initBackend(req.backend ?? 'auto', { wasmDir: req.wasmDir, wasmThreads: req.threads });
  const threads = backendThreads();
  if (threads.note) opts.onEvent?.({ type: 'log', level: 'warn', message: threads.note });
  const log = (message: string) => opts.onEvent?.({ type: 'log', level: 'info', message });
  const data = loadData(req);
  const dim = data.train.dim;
  const resolved = resolveConfig(req.preset, dim, { model: req.model, train: req.train });
  const oracle = resolved.model.kind === 'oracle' ? oracleQuantities(resolved.model.oracle ?? '', dim) : undefined;
  const scale = dataScale(data.train, resolved.model.normalize);
  const train = toModelData(data.train, scale);
  const integrator = withIntegrator(resolved.model, train);
  const config: RunConfig = { ...resolved, model: integrator.model };
  log(`integrator: ${integrator.reason}`);
  const test = data.test ? toModelData(data.test, scale) : undefined;
  log(`backend ${backendLabel()}; ${data.train.trajectories.length} trajectories, ${train.count} transitions; coordinates (${[...data.train.columns.q, ...data.train.columns.p].join(', ')})`);

  // The razor compares with vanilla (the empty set of symmetries): a learned run trains it unless told not to.
  const learned = config.model.kind === 'learned';
  const withBaseline = config.model.kind !== 'vanilla' && (!!req.baseline || (learned && req.razor !== false));
  const job = jobProgress(config, withBaseline, opts);
  const warnings: string[] = [];
  let vanilla: TrainedModel | undefined;
  let out: PipelineOutput | undefined;
  let razor: RazorReport | undefined;
  let razorSeconds = 0;
  try {
    out = await runPipeline({
      label: config.model.kind,
      config,
      dataset: data.train,
      train,
      test,
      oracle,
      readout: { truth: req.truth, rankTolerance: req.rankTolerance, nameEnergy: true, warnings },
      refit: true,
      stage: (stage, offset) => job.stage(stage, offset),
      log,
      comparison: learned && req.razor !== false ? () => vanilla : undefined,
      afterSearch: async (first) => {
        job.finished(first.outcome.steps);
        if (withBaseline && !opts.signal?.aborted) {
          // Equal budgets: vanilla trains as long as the learned model's final network (refit.ts comparisonBudget).
          const steps = config.model.kind === 'learned' ? comparisonBudget(config) : config.train.steps;
          const vcfg: RunConfig = { ...config, model: { ...config.model, kind: 'vanilla', oracle: undefined }, train: { ...config.train, steps } };
          vanilla = await trainAndEvaluate('vanilla', vcfg, train, test, undefined, job.stage('baseline'));
          job.finished(vanilla.outcome.steps);
        }
        warnings.push(...stopWarnings(first));
      },
    });
    const symmetry = out.report;
    if (symmetry) warnings.push(...verdictWarnings(symmetry));
    warnings.push(...fitWarnings(out.final));
    if (symmetry && learned) {
      const t0 = Date.now();
      razor = await razorVerdicts({ report: symmetry, symmetric: out.final, refit: out.refit, vanilla, bounds: out.bounds, signal: opts.signal, log });
      razorSeconds = (Date.now() - t0) / 1000;
    }
    for (const message of warnings) opts.onEvent?.({ type: 'log', level: 'warn', message });
    if (symmetry && dim === 2) {
      const grid = hamiltonianGrid(out.final.model, out.final.scale, out.final.config.train.seed, data.train);
      symmetry.details = { ...symmetry.details, hamiltonianGrid: grid };
    }
    return assembleResults({
      req, command, started, data, config, scale, integratorRule: integrator.reason, backend, threads: threads.threads, out, vanilla, warnings, razor, razorSeconds,
    });
  } finally {
    if (out) disposeOutput(out);
    (vanilla as TrainedModel | undefined)?.model.dispose();
  }
}

/**
 * Progress over the whole job: the progress events of each stage carry
 * `job` (the stage, every stage's planned steps, the job's step), so a UI can
 * show one bar over search, baseline and refit.
 */
function jobProgress(config: RunConfig, baseline: boolean, opts: RunOptions) {
  const learned = config.model.kind === 'learned';
  const refit = learned ? refitSteps(config) : 0;
  const stages: JobProgress['stages'] = [{ stage: learned ? 'search' : 'training', steps: config.train.steps }];
  if (baseline) stages.push({ stage: 'baseline', steps: learned ? comparisonBudget(config) : config.train.steps });
  if (refit > 0) stages.push({ stage: 'refit', steps: refit });
  let before = 0; // steps of the stages already finished
  return {
    /** The options of one stage; `stepOffset`: where its progress events' step count starts (the refit continues the search's). */
    stage(stage: JobStage, stepOffset = 0): RunOptions {
      return {
        ...opts,
        onEvent: (e) => {
          if (e.type === 'progress') {
            const done = e.step - stepOffset;
            const s = stages.find((x) => x.stage === stage);
            // The refit trains a second candidate group after the first: its plan grows.
            if (s && refit > 0 && done > s.steps) s.steps = Math.ceil(done / refit) * refit;
            e = { ...e, job: { stage, stages: stages.map((x) => ({ ...x })), step: before + done } };
          }
          opts.onEvent?.(e);
        },
      };
    },
    finished(steps: number): void {
      before += steps;
    },
  };
}
