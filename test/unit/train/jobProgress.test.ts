/**
 * runJob's progress events carry the whole job's progress (stage, each
 * stage's planned steps, the job's step), so the extension shows one bar over
 * search, baseline and refit instead of restarting at each stage.
 */
import { strict as assert } from 'assert';
import { join } from 'node:path';
import { runJob } from '../../../src/core/discover/job';
import type { ProgressEvent } from '../../../src/core/train/events';

describe('runJob: one progress over the whole job', function () {
  this.timeout(120000);

  it('names the stages in order and counts the job\'s steps without going back', async () => {
    const events: ProgressEvent[] = [];
    const r = await runJob({
      file: join(__dirname, '../../../examples/harmonic-train.csv'), load: {}, preset: 'fast', baseline: true, backend: 'wasm',
      model: { hidden: [8, 8], K: 2, symmetrySamples: 4 }, train: { steps: 30, progressEvery: 5 },
    }, { onEvent: (e) => { if (e.type === 'progress') events.push(e); } });
    assert.ok(events.length > 0);
    assert.ok(events.every((e) => e.job), 'every progress event says where the job is');
    const stages = events.map((e) => e.job!.stage).filter((s, i, a) => a.indexOf(s) === i);
    assert.deepEqual(stages.slice(0, 2), ['search', 'baseline']);
    if (r.training.refit && r.training.refit.steps > 0) assert.equal(stages[2], 'refit');
    const planned = events[0].job!.stages.map((s) => s.stage);
    assert.deepEqual(planned, ['search', 'baseline', 'refit']);
    for (let i = 1; i < events.length; i++) assert.ok(events[i].job!.step > events[i - 1].job!.step, `step ${events[i].job!.step} after ${events[i - 1].job!.step}`);
    const last = events[events.length - 1].job!;
    assert.ok(last.step <= last.stages.reduce((s, x) => s + x.steps, 0));
    const searchEnd = events.filter((e) => e.job!.stage === 'search').pop()!;
    assert.equal(searchEnd.job!.step, 30);
  });
});
