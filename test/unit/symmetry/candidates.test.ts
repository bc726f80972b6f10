import { strict as assert } from 'node:assert';
import { conservedCandidates } from '../../../src/core/symmetry/candidates';
import { measureDrift } from '../../../src/core/readout/drift';
import { orthonormalSpan } from '../../../src/core/readout/parallelness';
import { vectorize } from '../../../src/core/quantity/vectorize';
import { angleToSpan, principalAngles } from '../../../src/core/reproduce/angles';
import { simulate } from '../../../src/core/sim/simulate';
import { oracleQuantities } from '../../../src/core/symmetry/oracles';

const rows = (qs: { A: number[][]; b: ArrayLike<number> }[]) => qs.map((q) => vectorize(q.A, q.b));

/** The 7 quadratic invariants of N bodies in 2-d (method.md §8): P_x, P_y, L, P_x², P_y², P_x·P_y, (Σq) × (Σp). */
function nbodyInvariants(bodies: number): { A: number[][]; b: number[] }[] {
  const M = 4 * bodies;
  const z = () => Array.from({ length: M }, () => new Array<number>(M).fill(0));
  const unit = (off: number, base: number) => Array.from({ length: M }, (_, i) => (i >= base && (i - base) % 2 === off && i < base + 2 * bodies ? 1 : 0));
  const [qx, qy, px, py] = [unit(0, 0), unit(1, 0), unit(0, 2 * bodies), unit(1, 2 * bodies)];
  const sym = (u: number[], v: number[]) => z().map((r, i) => r.map((_, j) => u[i] * v[j] + v[i] * u[j]));
  const zero = new Array<number>(M).fill(0);
  const [se2Px, se2Py, se2L] = oracleQuantities('se2', M);
  return [
    { A: se2Px.A, b: se2Px.b },
    { A: se2Py.A, b: se2Py.b },
    { A: se2L.A, b: se2L.b },
    { A: sym(px, px), b: zero },
    { A: sym(py, py), b: zero },
    { A: sym(px, py), b: zero },
    { A: sym(qx, py).map((r, i) => r.map((v, j) => v - sym(qy, px)[i][j])), b: zero },
  ];
}

describe('conserved candidates: the quadratics the data conserve, by the readout\'s drift', function () {
  this.timeout(60000);

  it('the harmonic oscillator gives exactly one, q² + p², whose reported drift is the readout\'s', () => {
    const sim = simulate({ system: 'harmonic', trajectories: 7, steps: 4, dt: 0.2, seed: 3 });
    const c = conservedCandidates(sim.trajectories, { max: 4 });
    assert.equal(c.length, 1);
    const { A, b } = c[0];
    // q² + p²: A ∝ I, b = 0 (relative to the largest coefficient).
    assert.ok(Math.abs(A[0][0] - A[1][1]) < 1e-6 * Math.abs(A[0][0]), `A = ${JSON.stringify(A)}`);
    assert.ok(Math.abs(A[0][1]) < 1e-6 * Math.abs(A[0][0]));
    assert.ok(b.every((v) => Math.abs(v) < 1e-6 * Math.abs(A[0][0])));
    assert.equal(c[0].drift, measureDrift(A, b, sim.trajectories).drift);
  });

  it('3 oscillators give the 9 generators of U(3) and nothing else', () => {
    const sim = simulate({ system: 'oscillators', n: 3, trajectories: 20, steps: 10, dt: 0.2, seed: 4 });
    const c = conservedCandidates(sim.trajectories, { max: 12 });
    assert.equal(c.length, 9);
    const angles = principalAngles(rows(c), rows(oracleQuantities('u3', 6)));
    assert.ok(Math.max(...angles) < 1e-3, `principal angles ${angles}`);
  });

  it('the 2-d 3-body system gives its 7 invariants: the span contains P_x, P_y and L', () => {
    const sim = simulate({ system: 'nbody', bodies: 3, trajectories: 30, steps: 50, dt: 1, seed: 5 });
    const c = conservedCandidates(sim.trajectories, { max: 12 });
    assert.equal(c.length, 7);
    const Q = orthonormalSpan(rows(c));
    for (const q of rows(nbodyInvariants(3))) assert.ok(angleToSpan(q, Q) < 1e-3, `angle ${angleToSpan(q, Q)}°`);
    // At most `max`, the best first.
    const three = conservedCandidates(sim.trajectories, { max: 3 });
    assert.equal(three.length, 3);
  });

  it('a damped oscillator conserves nothing, so there is nothing to seed', () => {
    const sim = simulate({ system: 'damped', trajectories: 10, steps: 20, dt: 0.2, seed: 6 });
    assert.deepEqual(conservedCandidates(sim.trajectories, { max: 4 }), []);
  });

  it('noisy data: the threshold admits q² + p² and no spurious second quantity', () => {
    const sim = simulate({ system: 'harmonic', trajectories: 20, steps: 10, dt: 0.2, seed: 7 });
    let k = 0;
    const noisy = sim.trajectories.map((t) => ({ ...t, states: t.states.map((x) => x.map((v) => v + 0.01 * Math.sin(1e3 * ++k))) }));
    const c = conservedCandidates(noisy, { max: 4 });
    assert.equal(c.length, 1);
    const angle = angleToSpan(vectorize([[2, 0], [0, 2]], [0, 0]), orthonormalSpan(rows(c)));
    assert.ok(angle < 2, `angle to q² + p²: ${angle}°`);
  });
});
