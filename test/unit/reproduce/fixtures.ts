/** Hand-made reproduce results (no training) for the writer tests. */
import { resolveConfig } from '../../../src/core/util/config';
import type { Metrics } from '../../../src/core/train/events';
import type { DataSetInfo, ExperimentResult, ModelRun, ReproduceResult } from '../../../src/core/reproduce/types';

export const metrics = (mse: number, nll = 10 * mse, kl = 0.5): Metrics => ({ mse, nll, kl, negElbo: nll + kl });

function data(name: string, trajectories: number, steps: number, extra: Partial<DataSetInfo> = {}): DataSetInfo {
  return { name, system: 'nbody', bodies: 3, trajectories, steps, dt: 1, seed: 100 + trajectories, qScale: 1, pScale: name === 'train' ? 0.5 : 0.2, qShift: 0, transitions: trajectories * steps, csv: `nbody3-${name}.csv`, ...extra };
}

function model(role: 'vanilla' | 'learned' | 'oracle', dim: number, mse: number, extra: Partial<ModelRun> = {}): ModelRun {
  const config = resolveConfig('fast', dim, { model: { kind: role, oracle: role === 'oracle' ? 'se2' : undefined }, train: { seed: 4 } });
  return {
    role,
    spec: role === 'oracle' ? 'oracle:se2' : role,
    config,
    seed: 4,
    stopReason: 'completed',
    steps: config.train.steps,
    trainSeconds: 10,
    wallSeconds: 12.5,
    metrics: { train: metrics(mse), tests: { test: metrics(2 * mse), wider: metrics(5 * mse), shifted: metrics(3 * mse) } },
    ...extra,
  };
}

/** Table 3 with three models; the learned one has a readout with angles. */
export function table3Result(): ReproduceResult {
  const exp: ExperimentResult = {
    name: 'nbody3',
    title: '2-d 3-body system',
    dim: 12,
    oracle: 'se2',
    dataScale: 0.8,
    data: { train: data('train', 200, 50), tests: [data('test', 100, 20), data('wider', 100, 20, { qScale: 3 }), data('shifted', 100, 20, { qShift: 1 })] },
    models: [
      model('vanilla', 12, 4e-3),
      model('learned', 12, 2e-3, {
        readout: {
          rank: 3,
          singularValues: [3, 2, 1, 0.01],
          parallelness: [0.999, 0.998, 0.997, 0.1],
          quantities: [
            { formula: 'px1 + px2 + px3', name: 'total momentum (x)', conserved: true, drift: 0.001 },
            { formula: 'x1*py1 - y1*px1', name: null, conserved: false, drift: 0.2 },
          ],
          gapAtTrueRank: 100,
          angles: { quantities: ['Px', 'Py', 'L'], perQuantity: [0.5, 1.25, 4], principal: [0.4, 1, 4.1] },
          warnings: ['something to say'],
        },
      }),
      model('oracle', 12, 2.1e-3),
    ],
  };
  return {
    kind: 'noether-reproduce',
    version: 1,
    target: 'table3',
    tool: { name: 'noether-razor', version: '0.0.0' },
    createdAt: '2026-01-01T00:00:00.000Z',
    backend: 'wasm',
    preset: 'fast',
    seed: 4,
    quick: false,
    complete: true,
    seconds: 40,
    experiments: [exp],
  };
}

/** Figure 3: n = 1..5, learned only, K singular values each with n² large ones. */
export function figure3Result(K = 30): ReproduceResult {
  const experiments: ExperimentResult[] = [1, 2, 3, 4, 5].map((n) => {
    const dim = 2 * n;
    const P = dim * (dim + 1) / 2 + dim;
    const count = Math.min(K, P);
    const s = Array.from({ length: count }, (_, i) => (i < n * n ? 1 + 0.1 * i : 1e-3 / (i + 1)));
    s.sort((a, b) => b - a);
    const run = model('learned', dim, 1e-3, {
      spec: 'learned',
      config: resolveConfig('fast', dim, { model: { kind: 'learned', K } }),
      metrics: { train: metrics(1e-3), tests: { test: metrics(2e-3) } },
      readout: { rank: n * n, singularValues: s, parallelness: s.map((_, i) => (i < n * n ? 0.99 : 0.2)), quantities: [], gapAtTrueRank: s[n * n] ? s[n * n - 1] / s[n * n] : null, warnings: [] },
    });
    return {
      name: `n${n}`, title: `${n} oscillators`, dim, oracle: `u${n}`, dataScale: 1,
      data: { train: { ...data('train', 100, 20), system: 'oscillators', n }, tests: [{ ...data('test', 100, 20), system: 'oscillators', n }] },
      models: [run],
    };
  });
  return { ...table3Result(), target: 'figure3', experiments };
}
