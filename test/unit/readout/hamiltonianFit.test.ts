import { strict as assert } from 'assert';
import { fitQuadraticHamiltonian } from '../../../src/core/readout/hamiltonianFit';
import type { HamiltonianModel } from '../../../src/core/model/model';
import { simulateDataset } from '../../../src/core/sim/simulate';

describe('quadratic part of the learned Hamiltonian', () => {
  it('recovers A and b of an exactly quadratic H (r2 = 1) and reports a poor fit for a non-quadratic one', () => {
    const ds = simulateDataset({ system: 'oscillators', n: 2, trajectories: 20, steps: 10, dt: 0.2, seed: 3 });
    const A = [[2, 0.5, 0, 0], [0.5, 1, 0, 0.3], [0, 0, 1, 0], [0, 0.3, 0, 3]];
    const b = [0.1, -0.2, 0, 0.4];
    const quad = (x: number[]) => 0.5 * x.reduce((s, xi, i) => s + xi * x.reduce((t, xj, j) => t + A[i][j] * xj, 0), 0) + b.reduce((s, bi, i) => s + bi * x[i], 0) + 7;
    const fake = (H: (x: number[]) => number) => ({ hamiltonianValues: (pts: number[][]) => pts.map(H) }) as unknown as HamiltonianModel;
    const fit = fitQuadraticHamiltonian(fake(quad), ds, 1, 0)!;
    assert.ok(fit.r2 > 1 - 1e-9);
    fit.A.forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - A[i][j]) < 1e-8, `A[${i}][${j}]`)));
    fit.b.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-8));
    // Scale: the model is asked for H at the model coordinates x / s, and the fit is in those coordinates.
    const asked: number[][] = [];
    const recording = { hamiltonianValues: (pts: number[][]) => { asked.push(...pts); return pts.map(quad); } } as unknown as HamiltonianModel;
    const scaled = fitQuadraticHamiltonian(recording, ds, 2, 0)!;
    const first = ds.trajectories[0].states[0];
    assert.deepEqual(asked[0], Array.from(first, (v) => v / 2));
    assert.ok(Math.abs(scaled.A[0][0] - A[0][0]) < 1e-8 && scaled.r2 > 1 - 1e-9);
    const bumpy = fitQuadraticHamiltonian(fake((x) => Math.cos(3 * x[0]) + Math.sin(2 * x[3])), ds, 1, 0)!;
    assert.ok(bumpy.r2 < 0.9, `r2 ${bumpy.r2}`);
  });
});
