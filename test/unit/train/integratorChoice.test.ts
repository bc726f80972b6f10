/**
 * The integrator choice (src/core/train/integratorChoice.ts): its error
 * estimate against the midpoint rule's exact one-step error on a rotation
 * (closed form), and the choices on the bundled data sets.
 */
import { strict as assert } from 'assert';
import * as path from 'path';
import { resolveConfig } from '../../../src/core/util/config';
import { loadDataset } from '../../../src/core/data/load';
import { chooseIntegrator, midpointStepError } from '../../../src/core/train/integratorChoice';
import { dataScale, toModelData, type ModelData } from '../../../src/core/train/prepare';

const examples = path.join(__dirname, '../../../examples');

/** Exact rotations x(t) = r (cos t, −sin t) (H = (q² + p²)/2) sampled every h, as transitions. */
function rotation(h: number, r: number, steps: number): ModelData {
  const x0: number[] = [];
  const x1: number[] = [];
  const at = (k: number) => [r * Math.cos(k * h), -r * Math.sin(k * h)];
  for (let k = 0; k < steps; k++) {
    x0.push(...at(k));
    x1.push(...at(k + 1));
  }
  return { count: steps, dim: 2, scale: 1, x0: Float32Array.from(x0), x1: Float32Array.from(x1), dt: new Float32Array(steps).fill(h) };
}

function bundled(file: string, opts = {}): ModelData {
  const ds = loadDataset(path.join(examples, file), opts);
  return toModelData(ds, dataScale(ds, 'scale'));
}

describe('integrator choice', () => {
  it('estimates the midpoint rule\'s one-step error on a rotation to within 3% of its closed form', () => {
    for (const h of [0.05, 0.2, 0.5]) {
      const r = 1.3;
      // Midpoint on x' = Jx: x + h J (x + h/2 J x) = (1 + ih − h²/2) x in complex form; exact e^{ih} x.
      const exact = r * Math.hypot(Math.cos(h) - (1 - (h * h) / 2), Math.sin(h) - h) / Math.SQRT2; // per coordinate (RMS of 2)
      const est = midpointStepError(rotation(h, r, 30));
      assert.ok(Math.abs(est / exact - 1) < 0.03, `h ${h}: estimate ${est} vs exact ${exact}`);
    }
  });

  it('picks the midpoint rule for the oscillators and RK4 for the 3-body data and the real pendulum', () => {
    const cfg = resolveConfig('fast', 2, {}).model;
    assert.equal(chooseIntegrator(cfg, bundled('harmonic-train.csv')).integrator, 'midpoint');
    assert.equal(chooseIntegrator(cfg, bundled('oscillators3-train.csv')).integrator, 'midpoint');
    assert.equal(chooseIntegrator(cfg, bundled('nbody3-train.csv')).integrator, 'rk4');
    assert.equal(chooseIntegrator(cfg, bundled('real-pendulum.csv', { q: ['theta'], p: ['omega'] })).integrator, 'rk4');
    // Smaller noise tightens the limit: with σ² = 1e-7 even the oscillator needs RK4.
    assert.equal(chooseIntegrator({ ...cfg, sigma2: 1e-7 }, bundled('harmonic-train.csv')).integrator, 'rk4');
  });

  it('keeps an explicit integrator, and falls back to RK4 when no trajectory has three states', () => {
    const cfg = resolveConfig('fast', 2, {}).model;
    const fixed = chooseIntegrator({ ...cfg, integrator: 'euler', substeps: 7, integratorChoice: 'fixed' }, bundled('harmonic-train.csv'));
    assert.deepEqual([fixed.integrator, fixed.substeps], ['euler', 7]);
    const single = rotation(0.2, 1, 1);
    assert.equal(midpointStepError(single), Infinity);
    const c = chooseIntegrator(cfg, single);
    assert.equal(c.integrator, 'rk4');
    assert.match(c.reason, /no trajectory has 3 consecutive states/);
  });
});
