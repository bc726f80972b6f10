import { strict as assert } from 'assert';
import { chi2Survival, fCritical, fSurvival, incompleteBeta, logGamma } from '../../../src/core/conservation/stats';

describe('conservation/stats against closed forms', () => {
  it('log Γ matches factorials and Γ(½) = √π', () => {
    for (let n = 1; n < 20; n++) {
      let f = 1;
      for (let k = 2; k < n; k++) f *= k;
      assert.ok(Math.abs(logGamma(n) - Math.log(f)) < 1e-12 * Math.max(1, Math.log(f)), `n=${n}`);
    }
    assert.ok(Math.abs(logGamma(0.5) - 0.5 * Math.log(Math.PI)) < 1e-13);
  });
  it('I_x(1, 1) = x and I_x(a, 1) = x^a', () => {
    for (const x of [0.01, 0.3, 0.5, 0.77, 0.999]) {
      assert.ok(Math.abs(incompleteBeta(x, 1, 1) - x) < 1e-13);
      assert.ok(Math.abs(incompleteBeta(x, 3.5, 1) - x ** 3.5) < 1e-12);
    }
  });
  it('F(2, 2) has survival 1/(1 + f); χ²(2) has survival exp(−x/2)', () => {
    for (const f of [0.1, 1, 3, 40]) assert.ok(Math.abs(fSurvival(f, 2, 2) - 1 / (1 + f)) < 1e-12, `f=${f}`);
    for (const x of [0.1, 2, 9, 50]) assert.ok(Math.abs(chi2Survival(x, 2) - Math.exp(-x / 2)) < 1e-12 * Math.max(1, Math.exp(-x / 2) * 1e3), `x=${x}`);
  });
  it('χ²(k)/k is F(k, ∞): the F tail tends to the χ² tail as d2 grows', () => {
    const k = 7;
    const x = 14;
    assert.ok(Math.abs(fSurvival(x / k, k, 1e8) - chi2Survival(x, k)) < 1e-6);
    assert.ok(Math.abs(fSurvival(x / k, k, Infinity) - chi2Survival(x, k)) < 1e-14);
  });
  it('fCritical inverts the survival function', () => {
    for (const [a, d1, d2] of [[0.01, 7, 7], [0.001, 500, 30], [0.05, 3, 1000]] as const) {
      const c = fCritical(a, d1, d2);
      assert.ok(Math.abs(fSurvival(c, d1, d2) - a) < 1e-9, `${a} ${d1} ${d2}`);
    }
  });
});
