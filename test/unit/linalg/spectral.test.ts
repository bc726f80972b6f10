/**
 * Spectral radius and largest real part (linalg/spectral.ts) against closed
 * forms, including the exactly structured 3-body matrix on which ml-matrix's
 * non-symmetric eigensolver never returns.
 */
import { strict as assert } from 'node:assert';
import { isNilpotent, maxRealPart, spectralRadius } from '../../../src/core/linalg/spectral';

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

/** J·A for C = ½ xᵀAx on M = 2n coordinates (rows dq = A's p-rows, dp = −A's q-rows). */
function flow(A: number[][]): number[][] {
  const n = A.length / 2;
  return [...A.slice(n), ...A.slice(0, n).map((r) => r.map((v) => -v))];
}

describe('linalg/spectral', () => {
  it('a rotation by ω has ρ = ω and no real part; a squeeze by λ has both λ', () => {
    const w = 2.5;
    const rot = [[0, w], [-w, 0]];
    close(spectralRadius(rot), w);
    close(maxRealPart(rot), 0, 1e-9);
    const squeeze = [[1.5, 0], [0, -1.5]];
    close(spectralRadius(squeeze), 1.5);
    close(maxRealPart(squeeze), 1.5);
  });

  it('translations and shears are nilpotent: ρ = 0', () => {
    assert.ok(isNilpotent([[0, 1], [0, 0]]));
    assert.equal(spectralRadius([[0, 1, 4], [0, 0, 2], [0, 0, 0]]), 0);
    assert.ok(!isNilpotent([[0, 1], [-1e-3, 0]]));
    close(spectralRadius([[0, 1], [-1e-4, 0]]), 1e-2, 1e-6);
  });

  it('the 3-body centre-of-mass angular momentum (Σx)(Σp_y) − (Σy)(Σp_x): ρ = 3, a rotation', () => {
    const M = 12;
    const A = Array.from({ length: M }, () => new Array<number>(M).fill(0));
    // x_i = 2i, y_i = 2i + 1, p_x,i = 6 + 2i, p_y,i = 7 + 2i.
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        A[2 * i][7 + 2 * j] = A[7 + 2 * j][2 * i] = 1;
        A[2 * i + 1][6 + 2 * j] = A[6 + 2 * j][2 * i + 1] = -1;
      }
    }
    const X = flow(A);
    close(spectralRadius(X), 3, 1e-6);
    close(maxRealPart(X), 0, 1e-6);
    // A Jordan block on the unit circle (rotation plus shear) still reads ρ = 1.
    close(spectralRadius([[0, 1, 1, 0], [-1, 0, 0, 1], [0, 0, 0, 1], [0, 0, -1, 0]]), 1, 1e-6);
  });
});
