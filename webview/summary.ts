/**
 * The run's facts: the data (file, column roles, trajectories, transitions),
 * the settings, seed and backend, how training ended, and the final metrics
 * of every model in the job (with the ELBO difference: the evidence for the
 * symmetry when a vanilla baseline was trained).
 */
import type { RunInfo } from '../src/shared/protocol';
import type { ResultsV1 } from '../src/core/results/types';
import type { Metrics, ProgressEvent } from '../src/core/train/events';
import { h, clear, fmt, fmtDuration } from './dom';
import { jobStepText, stagesStepsText, stageText } from '../src/shared/progress';

function row(label: string, value: string | Node, title?: string): Node[] {
  return [h('dt', {}, label), h('dd', title ? { title } : {}, value)];
}

function columnsText(c: RunInfo['columns']): Node {
  return h('span', {},
    'q: ', h('code', {}, c.q.join(', ') || '—'), ' · p: ', h('code', {}, c.p.join(', ') || '—'),
    ' · time: ', h('code', {}, c.time ?? '—'), ' · trajectory: ', h('code', {}, c.trajectory ?? '—'));
}

/**
 * The panel's status line, in the extension's words (src/shared/progress.ts):
 * while running, the stage, the whole job's step and the time left; at the
 * end, the steps of every stage the job ran and its wall time.
 */
export function statusText(run: RunInfo, results: ResultsV1 | null, latest: ProgressEvent | undefined,
  timeLeft = 'estimating…'): string {
  switch (run.status) {
    case 'running': {
      if (!latest) return 'Starting…';
      const stage = stageText(latest);
      return `${stage.charAt(0).toUpperCase()}${stage.slice(1)}: ${jobStepText(latest)}, ${timeLeft}`;
    }
    case 'completed':
      return results ? `Completed: ${stagesStepsText(results.training)}, ${fmtDuration(results.training.seconds)}` : 'Completed';
    case 'cancelled':
      return `Stopped by the user${results ? ` after ${stagesStepsText(results.training)}; partial results kept` : ''}`;
    case 'diverged':
      return `Training diverged${results?.training.stopMessage ? `: ${results.training.stopMessage}` : ''}`;
    case 'failed':
      return `Failed${run.statusMessage ? `: ${run.statusMessage}` : ''}`;
  }
}

function metricsRow(model: string, m: Metrics, test?: Metrics): HTMLTableRowElement {
  return h('tr', {}, h('th', { scope: 'row' }, model),
    h('td', {}, fmt(m.negElbo)), h('td', {}, fmt(m.nll)), h('td', {}, fmt(m.kl)), h('td', {}, fmt(m.mse)),
    h('td', {}, test ? fmt(test.mse) : '—'));
}

export class SummaryView {
  readonly element: HTMLElement;

  constructor() {
    this.element = h('div', { class: 'summary' });
  }

  update(run: RunInfo, results: ResultsV1 | null, latest: ProgressEvent | undefined, timeLeft?: string): void {
    clear(this.element);
    const input = results?.input;
    const cols = input?.columns ?? run.columns;
    const data = h('dl', { class: 'facts' },
      ...row('File', run.fileName, input?.file ?? run.file),
      ...row('Columns', columnsText(cols)),
      ...(input ? [
        ...row('Trajectories', String(input.trajectories)),
        ...row('Transitions', String(input.transitions)),
        ...row('SHA-256', h('code', {}, input.sha256.slice(0, 16) + '…'), input.sha256),
      ] : []),
      ...(input?.test ? row('Test set', `${input.test.file.split(/[\\/]/).pop()} (${input.test.trajectories} trajectories, ${input.test.transitions} transitions)`, input.test.file) : []));

    const cfg = results?.config;
    const settings = h('dl', { class: 'facts' },
      ...row('Preset', cfg?.preset ?? run.preset),
      ...row('Seed', String(cfg?.seed ?? run.seed)),
      ...row('Backend', results?.backend ?? run.backend ?? '—'),
      ...(cfg ? [
        ...row('Model', `${cfg.model.kind}, K = ${cfg.model.K}, MLP ${cfg.model.hidden.join('×')}`),
        ...row('Samples', `S = ${cfg.model.symmetrySamples} symmetry, R = ${cfg.model.weightSamples} weight; ε ${cfg.model.epsSampling} in the ${cfg.model.epsMeasure}`),
        ...row('Training', `${cfg.train.steps} steps, batch ${cfg.train.batchSize}, lr ${cfg.train.lr} (generators ${results?.training.seeds?.lrGenerators ?? cfg.train.lrGenerators}), ${cfg.model.integrator} × ${cfg.model.substeps}`),
        ...(results?.training.seeds ? row('Search start', searchStart(results.training.seeds)) : []),
      ] : []),
      ...row('Status', statusText(run, results, latest, timeLeft)),
      ...(results ? row('Stop reason', results.training.stopReason) : []));

    this.element.append(
      h('div', { class: 'summary-col' }, h('h3', {}, 'Data'), data),
      h('div', { class: 'summary-col' }, h('h3', {}, 'Run'), settings));

    if (results) {
      const refit = results.training.refit;
      const refitKept = refit?.accepted === true;
      const body = h('tbody', {}, metricsRow(`${cfg?.model.kind ?? 'learned'}${refitKept ? ' (refit)' : ''}`, results.metrics.train, results.metrics.test));
      // The first stage, when the refit on the verified quantities replaced it (src/core/refit.ts).
      if (refitKept && refit) body.appendChild(metricsRow('before refit', refit.firstStage.train, refit.firstStage.test));
      for (const b of results.baselines ?? []) body.appendChild(metricsRow(b.model, b.metrics.train, b.metrics.test));
      const table = h('table', { class: 'metrics' },
        h('thead', {}, h('tr', {}, h('th', {}, 'model'), h('th', {}, '−ELBO'), h('th', {}, 'NLL'), h('th', {}, 'KL / N'), h('th', {}, 'MSE'), h('th', {}, 'test MSE'))),
        body);
      const vanilla = results.baselines?.find((b) => b.model === 'vanilla');
      const evidence = vanilla
        ? h('p', { class: 'evidence' },
          `ELBO difference (vanilla − learned −ELBO): ${fmt(vanilla.metrics.train.negElbo - results.metrics.train.negElbo)} per data point — `,
          vanilla.metrics.train.negElbo > results.metrics.train.negElbo
            ? 'the symmetrised model as a whole explains the data better than vanilla.'
            : 'vanilla explains the data at least as well as the symmetrised model as a whole (each quantity’s own symmetry verdict is on its card).')
        : null;
      this.element.append(h('div', { class: 'summary-wide' }, h('h3', {}, 'Final metrics (training set, per data point)'), table, evidence ?? ''));
    }
  }
}

/** Where the search's generators started (src/core/searchSeeds.ts). */
function searchStart(seeds: { count: number; drifts: number[] }): string {
  if (!seeds.count) return 'random (the data conserve no quadratic quantity)';
  return `${seeds.count} quadratic quantit${seeds.count === 1 ? 'y' : 'ies'} the data conserve (drift ≤ ${Math.max(...seeds.drifts).toExponential(1)}), the rest random`;
}
