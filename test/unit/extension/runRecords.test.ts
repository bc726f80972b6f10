import assert from 'node:assert/strict';
import type { ProgressEvent } from '../../../src/core/train/events';
import type { RunInfo } from '../../../src/shared/protocol';
import { MAX_PROGRESS_EVENTS, MIN_CLOCK_MS, RunBook, progressFraction, stageText, timeLeftText, type RunChange } from '../../../src/extension/runRecords';
import { sampleResults } from './sampleResults';

const info = (runId: string, file = '/w/a.csv'): RunInfo => ({ runId, file, fileName: 'a.csv',
  columns: { q: ['q'], p: ['p'], time: 't', trajectory: null }, preset: 'fast', seed: 0, backend: null, status: 'running' });
const progress = (step: number, total = 100): ProgressEvent => ({ type: 'progress', model: 'learned', step, totalSteps: total,
  elapsedSec: step / 10, etaSec: (total - step) / 10, negElbo: 1 / (step + 1), nll: 0.5, kl: 0.1, mse: 0.01 });

describe('run bookkeeping', () => {
  it('allows one training per file, several runs overall', () => {
    const b = new RunBook();
    b.add(info('r1'));
    assert.throws(() => b.add(info('r2')), /already being trained/);
    b.add(info('r3', '/w/other.csv'));
    assert.equal(b.activeForFile('/w/a.csv')?.info.runId, 'r1');
    b.setResults('r1', sampleResults({ stopReason: 'completed' }));
    assert.equal(b.activeForFile('/w/a.csv'), undefined);
    b.add(info('r4')); // the file is free again
    assert.equal(b.all().length, 3);
  });

  it('results set the status from the stop reason, and time the stop', () => {
    const b = new RunBook();
    b.add(info('r1'), 1000);
    b.markCancelRequested('r1', 5000);
    b.markCancelRequested('r1', 5100); // the first request counts
    b.setResults('r1', sampleResults({ stopReason: 'cancelled' }), 5420);
    const r = b.get('r1')!;
    assert.equal(r.info.status, 'cancelled');
    assert.equal(r.cancelLatencyMs, 420);
    assert.equal(r.finishedAt, 5420);
    assert.equal(r.info.backend, 'wasm');
  });

  it('keeps progress in order, only the latest generator snapshot, and thins long runs', () => {
    const b = new RunBook();
    const kinds: RunChange['kind'][] = [];
    b.onChange((c) => kinds.push(c.kind));
    b.add(info('r1'));
    const total = MAX_PROGRESS_EVENTS * 2 + 1;
    for (let s = 0; s <= total; s++) {
      b.addEvent('r1', progress(s, total));
      if (s % 100 === 0) b.addEvent('r1', { type: 'generators', model: 'learned', step: s, learned: [{ W: [[s]], b: [s] }] });
    }
    const r = b.get('r1')!;
    const steps = r.events.filter((e) => e.type === 'progress').map((e) => (e as ProgressEvent).step);
    assert.ok(steps.length <= MAX_PROGRESS_EVENTS, `${steps.length} progress events kept`);
    assert.ok(steps.length > MAX_PROGRESS_EVENTS / 2);
    assert.equal(steps[0], 0);
    assert.equal(steps[steps.length - 1], total);
    for (let i = 1; i < steps.length; i++) assert.ok(steps[i] > steps[i - 1]);
    const gens = r.events.filter((e) => e.type === 'generators');
    assert.equal(gens.length, 1);
    assert.equal((gens[0] as { step: number }).step, Math.floor(total / 100) * 100);
    assert.equal(progressFraction(r), 1);
    assert.equal(kinds[0], 'added');
  });

  it('a run saved while training (its worker gone before handing back results) comes back cancelled with its curves, not running', () => {
    const b = new RunBook();
    b.add(info('r1'), 10);
    b.addEvent('r1', progress(40));
    const saved = JSON.parse(JSON.stringify(b.persisted('r1')));
    const b2 = new RunBook();
    const r = b2.restore(saved);
    assert.equal(r.info.status, 'cancelled');
    assert.match(r.info.statusMessage!, /reload/);
    assert.equal(progressFraction(r), 0.4);
    assert.equal(b2.activeForFile('/w/a.csv'), undefined);
  });

  it('one progress over the whole job: the fraction counts every stage, the stage is named, time left waits for a measurement', () => {
    const b = new RunBook();
    b.add(info('r1'), 0);
    const stages = [{ stage: 'search' as const, steps: 100 }, { stage: 'baseline' as const, steps: 100 }, { stage: 'refit' as const, steps: 100 }];
    const at = (step: number, stage: 'search' | 'baseline' | 'refit', jobStep: number): ProgressEvent => ({ ...progress(step), job: { stage, stages, step: jobStep } });
    b.addEvent('r1', at(1, 'search', 1), 1000);
    const r = b.get('r1')!;
    assert.equal(timeLeftText(r, 1500), 'estimating…', 'no estimate from the first (warm-up) step');
    b.addEvent('r1', at(100, 'search', 100), 2000);
    assert.equal(timeLeftText(r, 1000 + MIN_CLOCK_MS - 1), 'estimating…');
    b.addEvent('r1', at(50, 'refit', 250), 1000 + 2490);
    assert.equal(progressFraction(r), 250 / 300, 'the refit continues the bar, it does not jump back');
    assert.equal(stageText(r), 'refitting under the verified symmetries (stage 3 of 3)');
    // 249 steps in 3 s: 50 steps left are about 0.6 s
    assert.equal(timeLeftText(r, 1000 + MIN_CLOCK_MS), 'about 1 s left');
  });
});
