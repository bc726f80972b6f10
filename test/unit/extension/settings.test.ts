import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { resolveConfig } from '../../../src/core/util/config';
import { InputError } from '../../../src/core/util/errors';
import { BOUNDS, buildRequest, readSettings } from '../../../src/extension/settings';

const getter = (o: Record<string, unknown>) => (k: string) => o[k];

describe('extension settings → JobRequest', () => {
  it('unset knobs stay unset so the preset decides them', () => {
    const s = readSettings(getter({}));
    assert.deepEqual(s, { preset: 'fast', K: null, symmetrySamples: null, weightSamples: null, hiddenSizes: null,
      steps: null, seed: 0, backend: 'auto', rankTolerance: null, threads: 1 });
    const req = buildRequest('/d/h.csv', { columns: { q: ['q'], p: ['p'], time: 't' } }, s);
    assert.deepEqual(req.model, {});
    assert.deepEqual(req.train, { seed: 0 });
    assert.equal(req.rankTolerance, undefined);
    assert.equal(req.threads, undefined);
    // The engine's paper preset then fills in its own values.
    const cfg = resolveConfig('paper', 2, { model: req.model, train: req.train });
    assert.deepEqual(cfg.model.hidden, [200, 200]);
    assert.equal(cfg.model.symmetrySamples, 200);
  });

  it('maps every knob onto the model, training and readout settings', () => {
    const s = readSettings(getter({ preset: 'paper', K: 7, symmetrySamples: 8, weightSamples: 2, hiddenSizes: [16, 32],
      steps: 100, seed: 42, backend: 'wasm', rankTolerance: 0.05, threads: 2 }));
    const req = buildRequest('/d/x.csv', { columns: { q: ['x', 'y'], p: ['px', 'py'], trajectory: 'run' }, dt: 0.1 }, s);
    assert.deepEqual(req.load, { q: ['x', 'y'], p: ['px', 'py'], trajectory: 'run', dt: 0.1 });
    assert.equal(req.preset, 'paper');
    assert.deepEqual(req.model, { K: 7, symmetrySamples: 8, weightSamples: 2, hidden: [16, 32] });
    assert.deepEqual(req.train, { seed: 42, steps: 100 });
    assert.equal(req.backend, 'wasm');
    assert.equal(req.rankTolerance, 0.05);
    assert.equal(req.threads, 2);
    // Overrides win over the preset.
    const cfg = resolveConfig(req.preset, 4, { model: req.model, train: req.train });
    assert.deepEqual(cfg.model.hidden, [16, 32]);
    assert.equal(cfg.train.steps, 100);
  });

  it('a preset remembered for the file wins over the setting', () => {
    const s = readSettings(getter({ preset: 'paper' }));
    assert.equal(buildRequest('/f.csv', { columns: { q: ['q'], p: ['p'] }, preset: 'fast', dt: 1 }, s).preset, 'fast');
  });

  it('rejects out-of-range values naming the setting', () => {
    const bad: Record<string, unknown>[] = [{ K: 0 }, { K: 2.5 }, { steps: -1 }, { symmetrySamples: 'many' },
      { hiddenSizes: [] as number[] }.hiddenSizes.length ? {} : { hiddenSizes: [0] }, { hiddenSizes: [1, 2, 3, 4, 5] },
      { backend: 'tensorflow' }, { preset: 'slow' }, { rankTolerance: 0 }, { seed: -3 }, { threads: 0 }, { threads: 9 }];
    for (const o of bad) {
      const key = Object.keys(o)[0];
      assert.throws(() => readSettings(getter(o)), (e: unknown) => e instanceof InputError && e.format().includes(`noether.${key}`),
        `expected ${JSON.stringify(o)} to be rejected`);
    }
  });

  it('package.json declares the same settings with the same bounds', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8'));
    const props = pkg.contributes.configuration.properties as Record<string, { minimum?: number; maximum?: number; description?: string; enum?: string[]; items?: { minimum: number; maximum: number }; maxItems?: number }>;
    for (const [key, p] of Object.entries(props)) assert.ok(p.description && p.description.length > 20, `${key} needs a description`);
    const b = (k: string) => [props[`noether.${k}`].minimum, props[`noether.${k}`].maximum];
    for (const k of ['K', 'symmetrySamples', 'weightSamples', 'steps', 'seed', 'rankTolerance', 'threads'] as const) {
      assert.deepEqual(b(k), [BOUNDS[k].min, BOUNDS[k].max], k);
    }
    assert.deepEqual([props['noether.hiddenSizes'].items!.minimum, props['noether.hiddenSizes'].items!.maximum], [BOUNDS.hiddenSize.min, BOUNDS.hiddenSize.max]);
    assert.equal(props['noether.hiddenSizes'].maxItems, BOUNDS.hiddenLayers.max);
    assert.deepEqual(props['noether.preset'].enum, ['fast', 'paper']);
    assert.deepEqual(props['noether.backend'].enum, ['auto', 'wasm', 'cpu']);
  });
});
