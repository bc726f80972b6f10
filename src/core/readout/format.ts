/**
 * Printing a quadratic quantity in the CSV's own column names, three ways:
 * plain text (`x*py - y*px`, `q^2`), Unicode (`x·p_y − y·p_x`, `q²`) and
 * LaTeX (`x\,p_{y} - y\,p_{x}`, `q^{2}`). C is defined up to an additive
 * constant, so none is printed.
 */
import type { ColumnRoles } from '../data/types';
import { monomials } from '../quantity/vectorize';

const GREEK = [
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda', 'mu',
  'nu', 'xi', 'omicron', 'pi', 'rho', 'sigma', 'tau', 'upsilon', 'phi', 'chi', 'psi', 'omega',
];
const GREEK_UNICODE = 'αβγδεζηθικλμνξοπρστυφχψω';
const SUBSCRIPT_DIGITS = '₀₁₂₃₄₅₆₇₈₉';
const SUPERSCRIPT: Record<string, string> = { '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '-': '⁻' };

export interface Formulas {
  formula: string;
  unicode: string;
  latex: string;
}

/** Coordinate names x = (q…, p…). */
export function coordinateNames(columns: ColumnRoles): string[] {
  return [...columns.q, ...columns.p];
}

/** Render C from its coefficients (monomials(M) order). */
export function formatCoefficients(coefficients: readonly number[], columns: ColumnRoles): Formulas {
  const names = coordinateNames(columns);
  const M = names.length;
  const mons = monomials(M);
  if (coefficients.length !== mons.length) throw new Error(`formatCoefficients: ${coefficients.length} coefficients for dimension ${M}`);
  const uni = names.map((n) => unicodeName(n, columns));
  const tex = names.map((n) => latexName(n, columns));
  const plain: string[] = [];
  const u: string[] = [];
  const l: string[] = [];
  mons.forEach(({ i, j }, k) => {
    const c = coefficients[k];
    if (c === 0) return;
    const term =
      j < 0
        ? { p: names[i], u: uni[i], l: tex[i] }
        : i === j
          ? { p: `${names[i]}^2`, u: `${uni[i]}²`, l: `${braced(tex[i])}^{2}` }
          : { p: `${names[i]}*${names[j]}`, u: `${uni[i]}·${uni[j]}`, l: `${tex[i]}\\,${tex[j]}` };
    const first = plain.length === 0;
    const neg = c < 0;
    const mag = Math.abs(c);
    const one = mag === 1;
    plain.push(`${first ? (neg ? '-' : '') : neg ? ' - ' : ' + '}${one ? '' : numberPlain(mag) + '*'}${term.p}`);
    u.push(`${first ? (neg ? '−' : '') : neg ? ' − ' : ' + '}${one ? '' : numberUnicode(mag)}${term.u}`);
    l.push(`${first ? (neg ? '-' : '') : neg ? ' - ' : ' + '}${one ? '' : numberLatex(mag) + '\\,'}${term.l}`);
  });
  if (plain.length === 0) return { formula: '0', unicode: '0', latex: '0' };
  return { formula: plain.join(''), unicode: u.join(''), latex: l.join('') };
}

/** Shortest faithful decimal with at most 4 significant digits. */
function numberPlain(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(4)));
}

function numberUnicode(v: number): string {
  const s = numberPlain(v);
  const m = /^([\d.]+)e([+-]?\d+)$/.exec(s);
  if (!m) return s;
  const exp = String(Number(m[2]));
  return `${m[1]}×10${[...exp].map((ch) => SUPERSCRIPT[ch] ?? ch).join('')}`;
}

function numberLatex(v: number): string {
  const s = numberPlain(v);
  const m = /^([\d.]+)e([+-]?\d+)$/.exec(s);
  return m ? `${m[1]}\\times 10^{${Number(m[2])}}` : s;
}

function braced(tex: string): string {
  // x_{1}^{2} is fine in LaTeX; only wrap names that are not a single symbol with a subscript.
  return /^(\\?[A-Za-z]+|\\mathrm\{[^}]*\})(_\{[^}]*\})?$/.test(tex) ? tex : `{${tex}}`;
}

function greekIndex(name: string): number {
  return GREEK.indexOf(name.toLowerCase());
}

/** p paired with a q column named X is shown as p_X. */
function pairedSuffix(name: string, columns: ColumnRoles): string | null {
  const k = columns.p.indexOf(name);
  if (k < 0) return null;
  const q = columns.q[k];
  const lower = name.toLowerCase();
  for (const prefix of ['p_', 'p']) if (lower === prefix + q.toLowerCase()) return q;
  return null;
}

export function unicodeName(name: string, columns: ColumnRoles): string {
  const paired = pairedSuffix(name, columns);
  if (paired !== null) return `p_${unicodeName(paired, columns)}`;
  const g = greekIndex(name);
  if (g >= 0) return GREEK_UNICODE[g];
  const digits = /^([A-Za-z]+)_?(\d+)$/.exec(name);
  if (digits) return `${unicodeName(digits[1], columns)}${[...digits[2]].map((d) => SUBSCRIPT_DIGITS[Number(d)]).join('')}`;
  const under = /^([A-Za-z]+)_([A-Za-z0-9]+)$/.exec(name);
  if (under) return `${unicodeName(under[1], columns)}_${unicodeName(under[2], columns)}`;
  return name;
}

export function latexName(name: string, columns: ColumnRoles): string {
  const paired = pairedSuffix(name, columns);
  if (paired !== null) return `p_{${latexName(paired, columns)}}`;
  const g = greekIndex(name);
  if (g >= 0) return `\\${name.toLowerCase()}`;
  if (/^[A-Za-z]$/.test(name)) return name;
  const single = /^([A-Za-z])_?(\d+[A-Za-z]?)$/.exec(name);
  if (single) return `${single[1]}_{${single[2]}}`;
  const under = /^([A-Za-z]+)_([A-Za-z0-9]+)$/.exec(name);
  if (under) return `${latexName(under[1], columns)}_{${latexName(under[2], columns)}}`;
  return `\\mathrm{${name.replace(/([\\{}_^#$%&~])/g, '\\$1')}}`;
}
