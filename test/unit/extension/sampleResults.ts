/** A small, hand-written ResultsV1 of a harmonic oscillator run, for the host-logic tests. */
import type { ResultsV1 } from '../../../src/core/results/types';
import type { StopReason } from '../../../src/core/train/events';
import { resolveConfig } from '../../../src/core/util/config';

export function sampleResults(o: { stopReason: StopReason }): ResultsV1 {
  const m = { negElbo: -1.25, nll: -1.5, kl: 0.25, mse: 0.00123 };
  return {
    schemaVersion: 1,
    tool: { name: 'noether-razor', version: '0.1.0' },
    createdAt: '2025-01-01T00:00:00.000Z',
    command: 'vscode discover',
    input: { file: '/w/harmonic.csv', sha256: 'ab'.repeat(32), columns: { q: ['q'], p: ['p'], time: 't', trajectory: 'trajectory' },
      trajectories: 7, transitions: 28 },
    config: { ...resolveConfig('fast', 2), seed: 0, dataScale: 1, evaluation: 'mean' },
    backend: 'wasm',
    training: { steps: 100, seconds: 3.5, stopReason: o.stopReason, history: [{ step: 0, ...m }, { step: 100, ...m }] },
    metrics: { train: m },
    warnings: ['the fit | is $rough$'],
    symmetry: {
      singularValues: [1.8, 0.01, 0.002, 0.001],
      rank: 1,
      conservedQuantities: [{
        A: [[2, 0], [0, 2]], b: [0, 0], formula: 'q^2 + p^2', unicode: 'q² + p²', latex: 'q^{2} + p^{2}',
        name: 'energy of the oscillator', action: 'rotation in the (q, p) plane', drift: 0.0012, conserved: true,
        generator: [[0, 2, 0], [-2, 0, 0], [0, 0, 0]],
      }],
      learned: [{ W: [[1, 0], [0, 1]], b: [0, 0] }],
    },
  };
}
