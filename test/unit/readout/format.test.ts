import { strict as assert } from 'node:assert';
import { describeAction } from '../../../src/core/readout/action';
import { niceQuantity, simpleRatio } from '../../../src/core/readout/coefficients';
import { formatCoefficients, latexName, unicodeName } from '../../../src/core/readout/format';
import { devectorize, fromCoefficients, toCoefficients, vectorize } from '../../../src/core/quantity/vectorize';

describe('readout/format and coefficients', () => {
  it('vectorisation is an isometry of (A, b) and inverts exactly', () => {
    const A = [
      [1, 2, -3],
      [2, 0.5, 4],
      [-3, 4, -2],
    ];
    const b = [0.1, -0.2, 0.3];
    const v = vectorize(A, b);
    const frob2 = A.flat().reduce((s, x) => s + x * x, 0) + b.reduce((s, x) => s + x * x, 0);
    assert.ok(Math.abs(v.reduce((s, x) => s + x * x, 0) - frob2) < 1e-12);
    const back = devectorize(v, 3);
    back.A.forEach((row, i) => row.forEach((x, j) => assert.ok(Math.abs(x - A[i][j]) < 1e-15)));
    assert.deepEqual(back.b, b);
    assert.deepEqual(fromCoefficients(toCoefficients(A, b), 3), { A, b });
  });

  it('signs, coefficients, linear terms and Unicode minus', () => {
    const columns = { q: ['q'], p: ['p'] };
    // monomials: q², q·p, p², q, p
    assert.deepEqual(formatCoefficients([-1, 2, 0, 0, -0.5], columns), {
      formula: '-q^2 + 2*q*p - 0.5*p',
      unicode: '−q² + 2q·p − 0.5p',
      latex: '-q^{2} + 2\\,q\\,p - 0.5\\,p',
    });
    assert.equal(formatCoefficients([0, 0, 0, 0, 0], columns).formula, '0');
    assert.equal(formatCoefficients([1.23456e-7, 0, 0, 0, 0], columns).unicode, '1.235×10⁻⁷q²');
    assert.equal(formatCoefficients([1.23456e-7, 0, 0, 0, 0], columns).latex, '1.235\\times 10^{-7}\\,q^{2}');
  });

  it('column names: Greek letters, p paired with a position name, numbered and subscripted names', () => {
    const pend = { q: ['theta'], p: ['p_theta'] };
    assert.deepEqual(formatCoefficients([1, 0, 1, 0, 0], pend), {
      formula: 'theta^2 + p_theta^2',
      unicode: 'θ² + p_θ²',
      latex: '\\theta^{2} + p_{\\theta}^{2}',
    });
    const omega = { q: ['theta'], p: ['omega'] };
    assert.equal(formatCoefficients([0, 1, 0, 0, 0], omega).unicode, 'θ·ω');
    const numbered = { q: ['q_1', 'x2'], p: ['p_1', 'px2'] };
    assert.equal(unicodeName('q_1', numbered), 'q₁');
    assert.equal(latexName('q_1', numbered), 'q_{1}');
    assert.equal(latexName('px2', numbered), 'p_{x_{2}}');
    assert.equal(latexName('mass', numbered), '\\mathrm{mass}');
    assert.equal(latexName('a_b', numbered), 'a_{b}');
  });

  it('simple ratios: k/d with d ≤ 4 within tolerance, never 0', () => {
    assert.deepEqual(simpleRatio(0.5004), { k: 1, d: 2 });
    assert.deepEqual(simpleRatio(-0.333), { k: -1, d: 3 });
    assert.deepEqual(simpleRatio(2.01), { k: 2, d: 1 });
    assert.equal(simpleRatio(0.7247), null);
    assert.equal(simpleRatio(0.004), null);
  });

  it('niceQuantity: cleans in model units, converts to user units, normalises sign and scale', () => {
    // Model units, scale 2: C' = -(4q'^2 + 4p'^2) + 0.001 q'p' - 4q' → user: -(q^2 + p^2) - 2q, then sign flip.
    const A = [
      [-8, 0.001],
      [0.001, -8],
    ];
    const nice = niceQuantity(A, [-4, 0], 2);
    assert.deepEqual(nice.coefficients, [1, 0, 1, 2, 0]);
    assert.equal(nice.exact, true);
    // An irrational ratio stays a decimal and the lead coefficient is 1.
    const odd = niceQuantity([[2, 0], [0, 2 * Math.SQRT2]], [0, 0], 1);
    assert.equal(odd.exact, false);
    assert.ok(Math.abs(odd.coefficients[0] - 1 / Math.SQRT2) < 1e-12 && odd.coefficients[2] === 1);
  });
});

describe('readout/action', () => {
  const one = { q: ['q'], p: ['p'] };
  const body = { q: ['x', 'y'], p: ['px', 'py'] };
  it('translation of positions, boost of momenta, mixed translation', () => {
    assert.equal(describeAction([[0, 0], [0, 0]], [0, 1], one), 'translation of the positions: q shifts');
    assert.equal(describeAction([[0, 0], [0, 0]], [1, 0], one), 'shift of the momenta (a boost): p shifts');
    assert.match(describeAction([[0, 0], [0, 0]], [1, 2], one), /^translation in phase space along the direction \(q: 2, p: -1\)/);
    const z = [0, 1, 2, 3].map(() => [0, 0, 0, 0]);
    assert.equal(describeAction(z, [0, 0, 1, 1], body), 'translation of the positions: x, y shift together by the same amount');
    assert.equal(describeAction(z, [0, 0, 1, -2], body), 'translation of the positions along the direction (x: 1, y: -2)');
  });

  it('phase rotation, elliptical phase rotation, squeeze, scaling', () => {
    assert.equal(describeAction([[2, 0], [0, 2]], [0, 0], one), 'phase rotation of (q, p) in its phase plane');
    assert.equal(describeAction([[1, 0], [0, 3]], [0, 0], one), 'elliptical phase rotation of (q, p) in its phase plane');
    assert.match(describeAction([[1, 0], [0, -1]], [0, 0], one), /^squeeze/);
    // q·p generates q → e^τ q, p → e^-τ p.
    assert.equal(describeAction([[0, 1], [1, 0]], [0, 0], one), 'scaling of the positions q (momenta scale inversely)');
    assert.equal(describeAction([[0, 0], [0, 0]], [0, 0], one), 'none (the quantity is zero)');
  });
});
