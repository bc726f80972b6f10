/**
 * The two verdicts on a conserved quantity, worded once for every surface
 * (CLI summary, panel, tree, CodeLens, status bar, notifications, Markdown).
 * Pure functions over the results file's types: no tfjs, no vscode, no DOM, so
 * the webview bundles it too. docs/method.md §"Verdicts" says what decides each.
 *
 * - Conservation ("conserved on the data"): a statistical test of C's variation
 *   along the trajectories against the measurement noise estimated from the data.
 * - Symmetry ("a symmetry of H"): the razor, i.e. the evidence (ELBO) of the model
 *   symmetrised over C against the model without it.
 *
 * Results files of schema v1 carry only `conserved: boolean`; they map to
 * 'conserved' / 'not conserved' and symmetry 'not tested'.
 */

export const CONSERVATION_VERDICTS = ['conserved', 'approximately conserved', 'not conserved', 'not identifiable', 'not checked'] as const;
export type ConservationVerdict = (typeof CONSERVATION_VERDICTS)[number];

export const SYMMETRY_VERDICTS = ['symmetry', 'not a symmetry', 'inconclusive', 'not tested'] as const;
export type SymmetryVerdict = (typeof SYMMETRY_VERDICTS)[number];

/** The fields of a results quantity these functions read (v1 and v2 files). */
export interface VerdictSource {
  formula: string;
  unicode?: string;
  name: string | null;
  /** v1: the drift rule's flag. */
  conserved?: boolean;
  /** v2. */
  conservation?: { verdict: ConservationVerdict; reason?: string; driftRate?: { perTime: number; relativePerTime: number } };
  symmetryTest?: { verdict: SymmetryVerdict; reason?: string; evidence?: number; uncertainty?: number };
}

export interface QuantityVerdicts {
  conservation: ConservationVerdict;
  symmetry: SymmetryVerdict;
}

export function verdictsOf(q: VerdictSource): QuantityVerdicts {
  const conservation: ConservationVerdict = q.conservation?.verdict ?? (q.conserved === undefined ? 'not checked' : q.conserved ? 'conserved' : 'not conserved');
  const symmetry: SymmetryVerdict = q.symmetryTest?.verdict ?? 'not tested';
  return { conservation, symmetry };
}

/** Counts as "conserved" on every surface: only the calibrated verdict 'conserved'. */
export function isConserved(q: VerdictSource): boolean {
  return verdictsOf(q).conservation === 'conserved';
}

export type Tone = 'ok' | 'warn' | 'bad' | 'muted';

/** A short badge for a verdict, with its tone (for colours and icons). */
export function conservationBadge(v: ConservationVerdict): { text: string; tone: Tone } {
  switch (v) {
    case 'conserved': return { text: '✓ conserved', tone: 'ok' };
    case 'approximately conserved': return { text: '≈ approximately conserved', tone: 'warn' };
    case 'not conserved': return { text: '✗ not conserved', tone: 'bad' };
    case 'not identifiable': return { text: '? not identifiable', tone: 'muted' };
    case 'not checked': return { text: 'not checked', tone: 'muted' };
    default: return assertNever(v);
  }
}

export function symmetryBadge(v: SymmetryVerdict): { text: string; tone: Tone } {
  switch (v) {
    case 'symmetry': return { text: '✓ symmetry of H', tone: 'ok' };
    case 'not a symmetry': return { text: '✗ not a symmetry', tone: 'bad' };
    case 'inconclusive': return { text: '? symmetry inconclusive', tone: 'warn' };
    case 'not tested': return { text: 'symmetry not tested', tone: 'muted' };
    default: return assertNever(v);
  }
}

/** One phrase with both verdicts: "conserved on the data; a symmetry of H". */
export function verdictPhrase(q: VerdictSource): string {
  const { conservation, symmetry } = verdictsOf(q);
  const c =
    conservation === 'conserved' ? 'conserved on the data'
      : conservation === 'approximately conserved' ? `approximately conserved${rateText(q)}`
        : conservation === 'not conserved' ? 'not conserved on the data'
          : conservation === 'not identifiable' ? 'not identifiable from these data'
            : 'not checked on data';
  const s =
    symmetry === 'symmetry' ? 'a symmetry of H'
      : symmetry === 'not a symmetry' ? 'not a symmetry of H'
        : symmetry === 'inconclusive' ? 'symmetry of H inconclusive'
          : '';
  return s ? `${c}; ${s}` : c;
}

function rateText(q: VerdictSource): string {
  const r = q.conservation?.driftRate;
  if (!r || !Number.isFinite(r.relativePerTime)) return '';
  return ` (drifts ${(100 * Math.abs(r.relativePerTime)).toPrecision(2)} % of its spread per unit time)`;
}

/** The results fields the run summary reads. */
export interface RunSource {
  symmetry?: {
    rank: number;
    conservedQuantities: VerdictSource[];
    identifiability?: { identifiable: boolean; reason?: string };
  };
}

export interface RunSummary {
  /** Quantities whose conservation verdict is 'conserved'. */
  conserved: number;
  /** Of those, admitted as symmetries by the evidence. */
  symmetries: number;
  /** Candidates read out in all (every verdict). */
  candidates: number;
  /** One line for a CodeLens, tree row, status bar, notification or CLI summary. */
  headline: string;
  tone: Tone;
}

/** One summary of a run, the same sentence on every surface. */
export function summarizeRun(r: RunSource, maxListed = 2): RunSummary {
  const sym = r.symmetry;
  if (!sym) return { conserved: 0, symmetries: 0, candidates: 0, headline: 'no symmetry readout (this model learns no conserved quantities)', tone: 'muted' };
  const qs = sym.conservedQuantities;
  if (sym.identifiability && !sym.identifiability.identifiable) {
    return { conserved: 0, symmetries: 0, candidates: qs.length, headline: 'not identifiable from these data: nothing flagged conserved', tone: 'muted' };
  }
  const kept = qs.filter(isConserved);
  const symmetries = kept.filter((q) => verdictsOf(q).symmetry === 'symmetry').length;
  const approx = qs.filter((q) => verdictsOf(q).conservation === 'approximately conserved');
  if (kept.length === 0) {
    const tail = approx.length
      ? `; ${approx.length} approximately conserved: ${list(approx, maxListed)}`
      : qs.length ? ` (${qs.length} candidate${qs.length === 1 ? '' : 's'} checked, none conserved)` : '';
    return { conserved: 0, symmetries: 0, candidates: qs.length, headline: `no conserved quantity found${tail}`, tone: approx.length ? 'warn' : 'bad' };
  }
  const symText = symmetries === kept.length ? (kept.length === 1 ? ', a symmetry of H' : ', all symmetries of H') : symmetries > 0 ? `, ${symmetries} a symmetry of H` : '';
  const headline = `${kept.length} conserved quantit${kept.length === 1 ? 'y' : 'ies'}${symText}: ${list(kept, maxListed)}`;
  return { conserved: kept.length, symmetries, candidates: qs.length, headline, tone: 'ok' };
}

function list(qs: VerdictSource[], max: number): string {
  const shown = qs.slice(0, max).map((q) => `${q.unicode ?? q.formula}${q.name ? ` (${q.name})` : ''}`).join('; ');
  return qs.length > max ? `${shown}; +${qs.length - max} more` : shown;
}

function assertNever(v: never): never {
  throw new Error(`unexpected verdict ${String(v)}`);
}
