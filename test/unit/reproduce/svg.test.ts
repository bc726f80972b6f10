/**
 * The hand-written SVG: well-formed XML, one panel per n (figure3) or per
 * model plus the true H (figure2), one series per panel with one marker per
 * singular value, and contour lines that lie on the closed-form level sets.
 */
import { strict as assert } from 'assert';
import { contourSegments, escapeXml, hamiltoniansSvg, spectraSvg } from '../../../src/core/reproduce/svg';
import type { ReproduceResult } from '../../../src/core/reproduce/types';
import { figure3Result, table3Result } from './fixtures';

/**
 * Minimal well-formedness check: one root element, every tag closed in
 * order, quoted attributes, no bare '&' or '<' in text.
 */
export function assertWellFormedXml(xml: string): void {
  const stack: string[] = [];
  let roots = 0;
  const re = /<([^>]*)>|([^<]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml))) {
    if (m[2] !== undefined) {
      assert.ok(!/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(m[2]), `bare & in text: ${m[2].slice(0, 60)}`);
      assert.ok(stack.length > 0 || m[2].trim() === '', `text outside the root: ${m[2].slice(0, 60)}`);
      continue;
    }
    const tag = m[1];
    if (tag.startsWith('?') || tag.startsWith('!')) continue;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      assert.equal(stack.pop(), name, `</${name}> closes the wrong element`);
      continue;
    }
    const name = /^([A-Za-z][\w:.-]*)/.exec(tag)?.[1];
    assert.ok(name, `bad tag <${tag.slice(0, 40)}>`);
    const attrs = tag.slice(name!.length).replace(/\/$/, '').trim();
    assert.match(attrs, /^(\s*[\w:.-]+="[^"<]*")*\s*$/, `bad attributes in <${tag.slice(0, 80)}>`);
    if (stack.length === 0) roots++;
    if (!tag.endsWith('/')) stack.push(name!);
  }
  assert.deepEqual(stack, [], 'unclosed elements');
  assert.equal(roots, 1, 'exactly one root element');
}

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

describe('reproduce SVG', () => {
  it('the well-formedness check itself rejects broken XML', () => {
    assert.throws(() => assertWellFormedXml('<svg><g></svg>'));
    assert.throws(() => assertWellFormedXml('<svg><text>a & b</text></svg>'));
    assert.throws(() => assertWellFormedXml('<svg/><svg/>'));
    assert.throws(() => assertWellFormedXml('<svg x=1/>'));
    assertWellFormedXml('<svg a="1"><g><text>a &amp; b</text></g><circle r="2"/></svg>');
    assert.equal(escapeXml('<a & "b">'), '&lt;a &amp; &quot;b&quot;&gt;');
  });

  it('figure3: five panels, one series each, one marker per singular value with the first n² filled', () => {
    const r = figure3Result();
    const svg = spectraSvg(r);
    assertWellFormedXml(svg);
    assert.equal(count(svg, /<g class="panel"/g), 5);
    assert.equal(count(svg, /<g class="series"/g), 5);
    const series = svg.split('<g class="series"').slice(1).map((s) => s.slice(0, s.indexOf('</g>')));
    series.forEach((s, k) => {
      const n = k + 1;
      const sv = r.experiments[k].models[0].readout!.singularValues;
      assert.equal(count(s, /<circle /g), sv.length, `n = ${n}`);
      assert.equal(count(s, /fill="#1f5fa8"/g), n * n, `n = ${n}`);
    });
    // Log axis: y is affine in log10 σ (one scale for all points of a panel), larger values higher.
    const sv = r.experiments[4].models[0].readout!.singularValues;
    const ys = [...series[4].matchAll(/cy="([\d.]+)"/g)].map((a) => Number(a[1]));
    const last = sv.length - 1;
    const perDecade = (ys[last] - ys[0]) / (Math.log10(sv[0]) - Math.log10(sv[last]));
    assert.ok(perDecade > 0);
    ys.forEach((y, i) => assert.ok(Math.abs(y - (ys[0] + perDecade * (Math.log10(sv[0]) - Math.log10(sv[i])))) < 0.02, `point ${i}`));
  });

  it('figure2: one heat-map panel per model plus the true H, each with contour lines and the training data', () => {
    const n = 21;
    const axis = Array.from({ length: n }, (_, i) => -2 + (4 * i) / (n - 1));
    const grid = (fn: (q: number, p: number) => number) => axis.map((p) => axis.map((q) => fn(q, p)));
    const base = table3Result();
    const r: ReproduceResult = {
      ...base,
      target: 'figure2',
      experiments: [{ ...base.experiments[0], models: base.experiments[0].models.map((m, i) => ({ ...m, hamiltonian: grid((q, p) => (i + 1) * (q * q + p * p) + q) })) }],
      figure2: { q: axis, p: axis, trueH: grid((q, p) => 0.5 * (q * q + p * p)), train: [{ q: [0, 1], p: [1, 0] }] },
    };
    const svg = hamiltoniansSvg(r);
    assertWellFormedXml(svg);
    assert.equal(count(svg, /<g class="panel"/g), 4);
    assert.equal(count(svg, /<g class="heatmap">/g), 4);
    assert.equal(count(svg, /<rect [^>]*fill="rgb\(/g), 4 * n * n);
    assert.equal(count(svg, /<polyline /g), 4);
    assert.match(svg, /true H = \(q² \+ p²\)\/2/);
  });

  it('contour segments of H = q² + p² lie on the circle q² + p² = level (marching squares, linear interpolation)', () => {
    const n = 81;
    const h = 4 / (n - 1);
    const x = (i: number) => -2 + i * h;
    const H = Array.from({ length: n }, (_, j) => Array.from({ length: n }, (_, i) => x(i) ** 2 + x(j) ** 2));
    for (const level of [0.5, 1, 2.25]) {
      const segs = contourSegments(H, level);
      const r = Math.sqrt(level);
      // About one segment per cell the circle crosses: ≈ perimeter / cell size · (4/π) for a grid-walk.
      assert.ok(segs.length > (2 * Math.PI * r) / h && segs.length < (8 * r) / h * 1.2, `${segs.length} segments at level ${level}`);
      for (const [i0, j0, i1, j1] of segs) {
        for (const [i, j] of [[i0, j0], [i1, j1]]) {
          // Linear interpolation of a quadratic along an edge: error ≤ h²/4 in H, so ≤ h²/(8r) in radius.
          assert.ok(Math.abs(Math.hypot(x(i), x(j)) - r) <= (h * h) / (8 * r) + 1e-12, `(${x(i)}, ${x(j)}) is off the circle of radius ${r}`);
        }
      }
    }
    assert.deepEqual(contourSegments(H, 100), []);
  });
});
