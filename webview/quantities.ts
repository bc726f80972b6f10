/**
 * The conserved quantities, typeset with KaTeX (bundled). katex.render builds
 * DOM nodes and applies inline styles through CSSOM, which a strict CSP
 * allows; renderToString + innerHTML would carry `style="…"` attributes that
 * `style-src` without 'unsafe-inline' blocks, so it is never used here.
 */
import katex from 'katex';
import type { ConservedQuantity } from '../src/core/results/types';
import { h, clear, fmt } from './dom';
import { sub } from './heatmap';

/** The LaTeX of one quantity as copied to the clipboard: just its formula. */
export function quantityLatex(q: ConservedQuantity): string {
  return q.latex;
}

/** All quantities as one aligned block, C_1 … C_r. */
export function allQuantitiesLatex(qs: ConservedQuantity[]): string {
  if (!qs.length) return '';
  const lines = qs.map((q, i) => `  C_{${i + 1}} &= ${q.latex}`);
  return `\\begin{aligned}\n${lines.join(' \\\\\n')}\n\\end{aligned}`;
}

export class QuantitiesView {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly note: HTMLElement;
  private cards: HTMLElement[] = [];

  constructor(private readonly onCopy: (latex: string) => void) {
    this.note = h('p', { class: 'muted' }, 'Conserved quantities appear when training finishes.');
    this.list = h('ol', { class: 'quantities' });
    this.element = h('div', {}, this.note, this.list);
  }

  /** qs null: no readout (yet, or none in this run: `finished`). */
  update(qs: ConservedQuantity[] | null, rank: number | null, finished = false): void {
    clear(this.list);
    this.cards = [];
    if (!qs) {
      this.note.textContent = finished
        ? 'This run has no symmetry readout (no learned conserved quantities).'
        : 'Conserved quantities appear when training finishes.';
      return;
    }
    this.note.textContent = qs.length === 0
      ? 'No conserved quadratic quantity was found (rank 0).'
      : `${qs.length} independent conserved quantit${qs.length === 1 ? 'y' : 'ies'} (rank ${rank ?? qs.length}), ` +
        'in the CSV’s own units: C(x) = ½ xᵀA x + bᵀx.';
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

  private card(q: ConservedQuantity, i: number): HTMLElement {
    const math = h('div', { class: 'formula' });
    try {
      katex.render(`C_{${i + 1}} = ${q.latex}`, math, { displayMode: true, throwOnError: true, output: 'htmlAndMathml' });
    } catch {
      // A formula KaTeX cannot parse still shows, in Unicode.
      math.classList.add('formula-fallback');
      math.textContent = `C${sub(i + 1)} = ${q.unicode}`;
    }
    const badge = q.conserved
      ? h('span', { class: 'badge badge-ok', title: 'Drift along trajectories is small compared with the spread across them' }, '✓ conserved')
      : h('span', { class: 'badge badge-warn', title: 'Drifts noticeably along the trajectories' }, '⚠ drifts');
    const copy = h('button', { class: 'secondary small', type: 'button', title: 'Copy this formula as LaTeX' }, 'Copy LaTeX');
    copy.addEventListener('click', () => this.onCopy(quantityLatex(q)));
    return h('li', { class: 'quantity', id: `quantity-${i}`, tabindex: '-1', 'data-index': String(i) },
      h('div', { class: 'quantity-head' },
        h('span', { class: 'quantity-name' }, q.name ?? 'Unnamed quantity'),
        badge,
        h('span', { class: 'spacer' }),
        copy),
      math,
      h('dl', { class: 'facts' },
        h('dt', {}, 'Symmetry'), h('dd', {}, q.action),
        h('dt', {}, 'Drift'), h('dd', { title: 'relative drift along trajectories / spread across them' }, fmt(q.drift, 3)),
        h('dt', {}, 'Plain text'), h('dd', {}, h('code', {}, q.formula))));
  }
}
