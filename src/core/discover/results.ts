/**
 * Assembling a job's results file (schema version 1, results/types.ts) from
 * the pipeline's output, and the plain-language warnings about the run.
 */
import type { ConservationAnalysis } from '../conservation';
import type { Dataset } from '../data/types';
import type { NoiseReport, RazorReport, Results, SymmetryReport } from '../results/types';
import type { RunConfig } from '../util/config';
import { TOOL_VERSION } from '../util/version';
import type { PipelineOutput } from './pipeline';
import type { TrainedModel } from './train';
import type { JobRequest } from './types';

export interface ResultsInput {
  req: JobRequest;
  command: string;
  /** Job start (ms since the epoch). */
  started: number;
  data: { train: Dataset; test?: Dataset };
  config: RunConfig;
  scale: number;
  integratorRule: string;
  backend: string;
  threads: number;
  out: PipelineOutput;
  vanilla?: TrainedModel;
  warnings: string[];
  razor?: RazorReport;
  razorSeconds?: number;
}

/** Steps and wall time of every stage, in the order they ran. */
function stagesOf(r: ResultsInput): NonNullable<Results['training']['stages']> {
  const { out, vanilla } = r;
  const learned = r.config.model.kind === 'learned';
  const stages: NonNullable<Results['training']['stages']> = [{ stage: 'analysis', steps: 0, seconds: round3(out.analysisSeconds) }];
  stages.push({ stage: learned ? 'search' : 'training', steps: out.first.outcome.steps, seconds: round3(out.first.outcome.seconds) });
  if (vanilla) stages.push({ stage: 'baseline', steps: vanilla.outcome.steps, seconds: round3(vanilla.outcome.seconds) });
  if (out.refit && out.refit.steps > 0) {
    const alt = (out.refit.alternatives ?? []).reduce((s, a) => s + a.seconds, 0);
    stages.push({ stage: 'refit', steps: out.refit.steps, seconds: round3(out.refit.seconds + alt) });
  }
  if (r.razor) stages.push({ stage: 'razor', steps: 2 * r.razor.settle.steps, seconds: round3(r.razorSeconds ?? r.razor.seconds) });
  return stages;
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

function noiseReport(a: ConservationAnalysis): NoiseReport {
  return {
    perCoordinate: a.noise.sigma.map((v) => (Number.isFinite(v) ? v : 0)),
    dof: a.noise.dof.map((v) => round3(v)),
    order: a.noise.order,
    upperBound: a.noise.upperBound,
    method: 'divided differences along each trajectory (the first order where the next no longer lowers the estimate significantly); upperBound: no such plateau, e.g. exact simulated data',
  };
}

export function assembleResults(r: ResultsInput): Results {
  const { req, data, config, out, vanilla } = r;
  const { first: main, final } = out;
  const baselines: NonNullable<Results['baselines']> = vanilla
    ? [{ model: 'vanilla', metrics: vanilla.metrics, seconds: vanilla.outcome.seconds, stopReason: vanilla.outcome.stopReason, steps: vanilla.outcome.steps }]
    : [];
  return {
    schemaVersion: 2,
    tool: { name: 'noether-razor', version: TOOL_VERSION },
    createdAt: new Date().toISOString(),
    command: r.command,
    input: {
      file: req.file,
      sha256: data.train.sha256,
      columns: {
        q: data.train.columns.q,
        p: data.train.columns.p,
        time: data.train.columns.time ?? null,
        trajectory: data.train.columns.trajectory ?? null,
      },
      trajectories: data.train.trajectories.length,
      transitions: data.train.transitions,
      test: data.test && req.testFile
        ? { file: req.testFile, sha256: data.test.sha256, trajectories: data.test.trajectories.length, transitions: data.test.transitions }
        : undefined,
    },
    config: { ...config, seed: config.train.seed, dataScale: r.scale, evaluation: 'posterior-mean weights, fixed symmetry samples', integratorRule: r.integratorRule },
    backend: r.backend,
    ...(r.threads > 1 ? { threads: r.threads } : {}),
    training: {
      steps: main.outcome.steps,
      seconds: (Date.now() - r.started) / 1000,
      stopReason: main.outcome.stopReason,
      stopMessage: main.outcome.stopMessage,
      history: main.outcome.history,
      hyperparameters: { sigma2: final.model.sigma2(), priorPrecisions: [...final.model.lambdas] },
      refit: out.refit,
      seeds: out.seeds?.info,
      stages: stagesOf(r),
    },
    noise: noiseReport(out.analysis),
    ...(r.razor ? { razor: r.razor } : {}),
    metrics: final.metrics,
    warnings: r.warnings,
    symmetry: out.report,
    baselines: baselines.length ? baselines : undefined,
    evidence: vanilla
      ? {
          negElboModel: final.metrics.train.negElbo,
          negElboVanilla: vanilla.metrics.train.negElbo,
          difference: vanilla.metrics.train.negElbo - final.metrics.train.negElbo,
        }
      : undefined,
  };
}

/** Say plainly when the data support no conserved quadratic quantity. */
export function verdictWarnings(s: SymmetryReport): string[] {
  if (s.rank === 0) return ['No conserved quadratic quantity was found: the learned quantities all shrank towards zero.'];
  if (s.identifiability && !s.identifiability.identifiable) return [];
  const kept = s.conservedQuantities.filter((q) => q.conserved).length;
  if (kept > 0) return [];
  return [
    `None of the ${s.rank} candidate quantit${s.rank === 1 ? 'y is' : 'ies are'} conserved on the data (each drifts along the trajectories): ` +
      'no conserved quadratic quantity explains these trajectories. The system may not be Hamiltonian (damping, driving), or its invariants are not quadratic (e.g. a pendulum\'s cos θ).',
  ];
}

/** Warn when the training stopped early. */
export function stopWarnings(m: TrainedModel): string[] {
  if (m.outcome.stopReason === 'diverged') return [`Training diverged: ${m.outcome.stopMessage}`];
  if (m.outcome.stopReason === 'cancelled') return [`Training was stopped after ${m.outcome.steps} of ${m.config.train.steps} steps; results are partial.`];
  return [];
}

/** Warn when the one-step residuals are far above the assumed noise level. */
export function fitWarnings(m: TrainedModel): string[] {
  const noise = m.config.model.sigma2 * m.scale * m.scale; // the likelihood's assumed per-coordinate variance, user units (the razor settles the model's own)
  const mse = m.metrics.train.mse;
  if (mse > 10 * noise) {
    return [
      `The model fits the data poorly: one-step RMS error ${Math.sqrt(mse).toPrecision(3)} is ${Math.sqrt(mse / noise).toFixed(1)}x the assumed noise level ${Math.sqrt(noise).toPrecision(3)}. ` +
        'The data may not come from a Hamiltonian system (damping, driving), may be noisier than assumed, or may need more training steps.',
    ];
  }
  return [];
}
