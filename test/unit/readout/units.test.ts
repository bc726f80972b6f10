/**
 * Verdicts do not depend on units (issue 13): rescaling a column by 1e6 or
 * 1e-6 gives the same verdicts and the same quantity mapped to the new units,
 * through the whole readout (learned span in the network's units, one global
 * scale, calibrated test, cleaning).
 */
import { strict as assert } from 'assert';
import { readout } from '../../../src/core/readout';
import type { Trajectory } from '../../../src/core/data/types';
import { oracleQuantities } from '../../../src/core/symmetry/oracles';
import { harmonicTrajectories, learnedSpan, toModel } from './helpers';

const cols = (q: string[], p: string[]) => ({ q, p });

/** |cos| between two quadratics as coefficient vectors (upper triangle of A, then b). */
function cosine(a: { A: number[][]; b: number[] }, b: { A: number[][]; b: number[] }): number {
  const vec = (q: { A: number[][]; b: number[] }) => [...q.A.flatMap((r, i) => r.slice(i)), ...q.b];
  const u = vec(a);
  const v = vec(b);
  return Math.abs(u.reduce((s, x, i) => s + x * v[i], 0)) / Math.hypot(...u) / Math.hypot(...v);
}

const rms = (trs: readonly Trajectory[]) => {
  let s = 0;
  let n = 0;
  for (const tr of trs) for (const x of tr.states) for (const v of x) { s += v * v; n++; }
  return Math.sqrt(s / n);
};

describe('readout: units', () => {
  for (const f of [[1e6, 1], [1, 1e-6], [1e6, 1e-6], [1e-6, 1e6]]) {
    it(`columns rescaled by ${f.join(', ')}: same verdict, same quantity in the new units`, () => {
      const base = harmonicTrajectories(1, 12, 15, 0.2, 41);
      const scaled = base.map((tr) => ({ ...tr, states: tr.states.map((x) => Float64Array.from(x, (v, i) => v * f[i])) }));
      // The same physical quantity, learned slightly off, expressed in each data set's model units (x / RMS).
      const [energy] = oracleQuantities('so2', 2);
      const tilt = { A: [[energy.A[0][0], 0.03], [0.03, energy.A[1][1]]], b: [0, 0] };
      const inScaled = { A: tilt.A.map((r, i) => r.map((v, j) => v / (f[i] * f[j]))), b: [0, 0] };
      const s0 = rms(base);
      const s1 = rms(scaled);
      const r0 = readout({ learned: learnedSpan([toModel(tilt, s0)], { seed: 42, extra: 1, noise: 1e-7 }), scale: s0, columns: cols(['q'], ['p']), trajectories: base });
      const r1 = readout({ learned: learnedSpan([toModel(inScaled, s1)], { seed: 42, extra: 1, noise: 1e-7 }), scale: s1, columns: cols(['q'], ['p']), trajectories: scaled });
      const conserved0 = r0.conservedQuantities.filter((q) => q.conservation?.verdict === 'conserved');
      const conserved1 = r1.conservedQuantities.filter((q) => q.conservation?.verdict === 'conserved');
      assert.equal(conserved0.length, 1);
      assert.equal(conserved1.length, 1, JSON.stringify(r1.conservedQuantities.map((q) => [q.formula, q.conservation?.verdict, q.origin])));
      // Map the rescaled data's quantity back: A_ij f_i f_j.
      const back = { A: conserved1[0].A.map((r, i) => r.map((v, j) => v * f[i] * f[j])), b: conserved1[0].b.map((v, i) => v * f[i]) };
      assert.ok(cosine(back, conserved0[0]) > 1 - 1e-9, `${conserved0[0].formula} vs ${conserved1[0].formula}`);
      assert.ok(cosine(conserved0[0], energy) > 1 - 1e-9, conserved0[0].formula);
    });
  }
});
