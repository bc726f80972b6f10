/**
 * The quantities read out of the learned span, each with both verdicts
 * (src/shared/verdicts.ts: conserved on the data; a symmetry of H), typeset
 * with KaTeX (bundled). katex.render builds DOM nodes and applies inline
 * styles through CSSOM, which a strict CSP allows; renderToString + innerHTML
 * would carry `style="…"` attributes that `style-src` without 'unsafe-inline'
 * blocks, so it is never used here.
 *
 * Every number on a card describes the formula on that card: its own drift
 * and conservation test on the data, its own evidence as a symmetry.
 */
import katex from 'katex';
import type { ResultsV1 } from '../src/core/results/types';
import {
  verdictsOf, verdictPhrase, summarizeRun, conservationBadge, symmetryBadge, isConserved,
  type RunSource, type Tone,
} from '../src/shared/verdicts';
import { h, clear, fmt } from './dom';
import { sub } from './heatmap';
import { identifiabilityOf, noiseOf, quantitiesOf, type PanelQuantity } from './results';

/** The LaTeX of one quantity as copied to the clipboard: just its formula. */
export function quantityLatex(q: { latex: string }): string {
  return q.latex;
}

/** Quantities as one aligned block; `index` keeps each one's C_i number from the cards. */
export function allQuantitiesLatex(qs: { latex: string }[], index: number[] = qs.map((_, i) => i)): string {
  if (!qs.length) return '';
  const lines = qs.map((q, i) => `  C_{${index[i] + 1}} &= ${q.latex}`);
  return `\\begin{aligned}\n${lines.join(' \\\\\n')}\n\\end{aligned}`;
}

/** The quantities whose verdict is 'conserved', with their card indices (for "Copy LaTeX" of all). */
export function conservedForCopy(r: ResultsV1 | null): { qs: PanelQuantity[]; index: number[] } {
  const all = quantitiesOf(r);
  const index = all.map((q, i) => (isConserved(q) ? i : -1)).filter((i) => i >= 0);
  return { qs: index.map((i) => all[i]), index };
}

/**
 * The run's verdicts in one heading: the shared summary (conserved quantities,
 * and how many are symmetries of H) and the symmetry verdicts of all candidates.
 */
export function verdictHeading(r: ResultsV1, maxListed = 2): { text: string; tone: Tone } {
  const s = summarizeRun(r as unknown as RunSource, maxListed);
  const qs = quantitiesOf(r);
  if (!r.symmetry || qs.length === 0) return { text: capital(s.headline) + '.', tone: s.tone };
  const count = (v: string) => qs.filter((q) => verdictsOf(q).symmetry === v).length;
  const sym = count('symmetry'), not = count('not a symmetry'), inc = count('inconclusive'), untested = count('not tested');
  const parts = [
    sym ? `${sym} a symmetry of H` : '',
    not ? `${not} not a symmetry of H` : '',
    inc ? `${inc} inconclusive` : '',
    untested && untested < qs.length ? `${untested} not tested` : '',
  ].filter(Boolean);
  const symText = untested === qs.length
    ? 'Symmetry of H: not tested (this results file has no evidence test).'
    : `Symmetry of H, of ${qs.length} candidate${qs.length === 1 ? '' : 's'}: ${parts.join(', ')}.`;
  return { text: `${capital(s.headline)}. ${symText}`, tone: s.tone };
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export class QuantitiesView {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly heading: HTMLElement;
  private readonly note: HTMLElement;
  private readonly context: HTMLElement;
  private cards: HTMLElement[] = [];

  constructor(private readonly onCopy: (latex: string) => void) {
    this.heading = h('p', { class: 'verdict-heading', id: 'verdict-heading' });
    this.heading.hidden = true;
    this.note = h('p', { class: 'muted' }, 'Conserved quantities appear when training finishes.');
    this.context = h('dl', { class: 'facts run-context' });
    this.context.hidden = true;
    this.list = h('ol', { class: 'quantities' });
    this.element = h('div', {}, this.heading, this.note, this.context, this.list);
  }

  /** r null: no results yet; `finished`: the run is over (a results file without readout says so). */
  update(r: ResultsV1 | null, names: string[], finished = false): void {
    clear(this.list);
    clear(this.context);
    this.cards = [];
    const sym = r?.symmetry;
    if (!r || !sym) {
      this.heading.hidden = true;
      this.context.hidden = true;
      this.note.textContent = r || finished
        ? 'This run has no symmetry readout (no learned conserved quantities).'
        : 'Conserved quantities appear when training finishes.';
      return;
    }
    const qs = quantitiesOf(r);
    const head = verdictHeading(r);
    this.heading.textContent = head.text;
    this.heading.className = `verdict-heading tone-${head.tone}`;
    this.heading.hidden = false;
    this.note.textContent = qs.length === 0
      ? 'No quadratic quantity was read out (rank 0 of the learned span).'
      : `${qs.length} candidate${qs.length === 1 ? '' : 's'} read out of the learned span (rank ${sym.rank}), ` +
        'in the CSV’s own units: C(x) = ½ xᵀA x + bᵀx. Each card states both verdicts: conserved on the data, and a symmetry of H.';

    const noise = noiseOf(r);
    const ident = identifiabilityOf(r);
    if (noise) {
      const upper = Array.isArray(noise.upperBound) ? (noise.upperBound as unknown[]) : [];
      const text = noise.perCoordinate.map((s, i) => `σ(${names[i] ?? `x${i + 1}`}) ${upper[i] === true ? '≤' : '='} ${fmt(s, 3)}`).join(', ');
      this.context.append(h('dt', {}, 'Noise'), h('dd', { id: 'noise-estimate', title: 'The measurement noise per coordinate, estimated from the data; the conservation test compares each quantity’s variation with it.' },
        `${text} (estimated from the data)`));
    }
    if (ident) {
      this.context.append(h('dt', {}, 'Identifiability'), h('dd', { id: 'identifiability', class: ident.identifiable ? '' : 'tone-warn' },
        `${ident.identifiable ? 'identifiable' : 'not identifiable from these data'}${ident.reason ? `: ${ident.reason}` : ''}`));
    }
    this.context.hidden = !noise && !ident;

    qs.forEach((q, i) => {
      const card = this.card(q, i);
      this.cards.push(card);
      this.list.appendChild(card);
    });
  }

  /** Scroll to quantity i and flash it (tree-view selection in the editor). */
  reveal(i: number): boolean {
    const card = this.cards[i];
    if (!card) return false;
    for (const c of this.cards) c.classList.remove('highlight');
    // Restart the CSS animation even when the same card is revealed twice.
    void card.offsetWidth;
    card.classList.add('highlight');
    card.addEventListener('animationend', () => card.classList.remove('highlight'), { once: true });
    card.scrollIntoView({ behavior: 'smooth', block: 'center' });
    card.focus({ preventScroll: true });
    return true;
  }

  private card(q: PanelQuantity, i: number): HTMLElement {
    const math = h('div', { class: 'formula' });
    try {
      katex.render(`C_{${i + 1}} = ${q.latex}`, math, { displayMode: true, throwOnError: true, output: 'htmlAndMathml' });
    } catch {
      // A formula KaTeX cannot parse still shows, in Unicode.
      math.classList.add('formula-fallback');
      math.textContent = `C${sub(i + 1)} = ${q.unicode}`;
    }
    const v = verdictsOf(q);
    const cb = conservationBadge(v.conservation);
    const sb = symmetryBadge(v.symmetry);
    const c = q.conservation;
    const t = q.symmetryTest;
    const copy = h('button', { class: 'secondary small copy-latex', type: 'button', title: 'Copy this formula as LaTeX' }, 'Copy LaTeX');
    copy.addEventListener('click', () => this.onCopy(quantityLatex(q)));

    // The conservation test's numbers (v2), else the v1 drift: all of them of this formula.
    const numbers: string[] = [];
    if (c?.chi2PerDof !== undefined && Number.isFinite(c.chi2PerDof)) numbers.push(`χ²/dof = ${fmt(c.chi2PerDof, 3)}`);
    if (c?.pValue !== undefined && Number.isFinite(c.pValue)) numbers.push(c.pValue < 1e-12 ? 'p < 1e-12' : `p = ${fmt(c.pValue, 2)}`);
    const relDrift = c?.relativeDrift ?? q.drift;
    if (Number.isFinite(relDrift)) numbers.push(`relative drift ${fmt(relDrift, 3)}`);
    // The drift rate matters when the quantity is not conserved (for a conserved one it is noise).
    if (v.conservation !== 'conserved' && c?.driftRate && Number.isFinite(c.driftRate.relativePerTime)) numbers.push(`drifts ${fmt(100 * Math.abs(c.driftRate.relativePerTime), 2)} % of its spread per unit time`);
    const evidence = t?.evidence !== undefined && Number.isFinite(t.evidence)
      ? `ΔELBO = ${fmt(t.evidence, 3)}${t.uncertainty !== undefined ? ` ± ${fmt(t.uncertainty, 2)}` : ''} per data point`
      : '';

    return h('li', { class: `quantity tone-${cb.tone}`, id: `quantity-${i}`, tabindex: '-1', 'data-index': String(i),
      'data-conservation': v.conservation, 'data-symmetry': v.symmetry },
    h('div', { class: 'quantity-head' },
      h('span', { class: 'quantity-name' }, q.name ?? `Candidate C${sub(i + 1)}`),
      h('span', { class: 'badges' },
        h('span', { class: `badge badge-${cb.tone} badge-conservation`, title: c?.reason ?? 'Conservation on the data' }, cb.text),
        h('span', { class: `badge badge-${sb.tone} badge-symmetry`, title: t?.reason ?? 'Symmetry of H (the evidence test)' }, sb.text)),
      h('span', { class: 'spacer' }),
      copy),
    math,
    h('p', { class: 'verdict-phrase' }, capital(verdictPhrase(q)) + '.'),
    h('dl', { class: 'facts' },
      h('dt', {}, 'On the data'), h('dd', { class: 'conservation-facts' },
        numbers.length ? h('div', { class: 'numbers', title: 'relative drift: drift along trajectories / spread across them' }, numbers.join(' · ')) : '—',
        c?.reason ? h('div', { class: 'reason muted' }, `${capital(c.reason)}.`) : ''),
      h('dt', {}, 'Symmetry of H'), h('dd', { class: 'symmetry-facts' },
        evidence ? h('div', { class: 'numbers' }, evidence) : '',
        t ? (t.reason ? h('div', { class: 'reason muted' }, `${capital(t.reason)}.`) : '') : 'not tested (the results file has no evidence test per quantity)'),
      h('dt', {}, 'Its flow'), h('dd', {}, q.action),
      h('dt', {}, 'Plain text'), h('dd', {}, h('code', {}, q.formula))));
  }
}
