/**
 * Colours come only from VS Code's --vscode-* CSS variables so the panel follows
 * light, dark and high-contrast themes. Canvas drawings (Chart.js, heatmaps,
 * contours) cannot use CSS directly, so they read the computed values here and
 * re-render when VS Code switches theme (it changes the body class and the
 * variables on <html>).
 */

export interface Palette {
  kind: 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';
  foreground: string;
  muted: string;
  background: string;
  grid: string;
  border: string;
  fontFamily: string;
  fontSize: number;
  /** Categorical series colours (one per model / quantity). */
  series: string[];
  /** Diverging map ends: negative, positive. The midpoint is the background. */
  negative: string;
  positive: string;
  /** Accent for highlights and the rank marker. */
  accent: string;
}

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim()
    || getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}

export function themeKind(): Palette['kind'] {
  const c = document.body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'high-contrast';
  if (c.contains('vscode-light')) return 'light';
  return 'dark';
}

export function readPalette(): Palette {
  const kind = themeKind();
  const light = kind === 'light' || kind === 'high-contrast-light';
  const fg = cssVar('--vscode-foreground', light ? '#3b3b3b' : '#cccccc');
  const size = parseFloat(cssVar('--vscode-font-size', '13px'));
  return {
    kind,
    foreground: fg,
    muted: cssVar('--vscode-descriptionForeground', fg),
    background: cssVar('--vscode-editor-background', light ? '#ffffff' : '#1f1f1f'),
    grid: cssVar('--vscode-editorWidget-border', cssVar('--vscode-panel-border', light ? '#e5e5e5' : '#454545')),
    border: cssVar('--vscode-contrastBorder', cssVar('--vscode-panel-border', light ? '#e5e5e5' : '#2b2b2b')),
    fontFamily: cssVar('--vscode-font-family', 'system-ui, sans-serif'),
    fontSize: Number.isFinite(size) ? size : 13,
    series: [
      cssVar('--vscode-charts-blue', light ? '#1a85ff' : '#3794ff'),
      cssVar('--vscode-charts-orange', '#d18616'),
      cssVar('--vscode-charts-green', light ? '#388a34' : '#89d185'),
      cssVar('--vscode-charts-purple', '#b180d7'),
      cssVar('--vscode-charts-red', light ? '#e51400' : '#f14c4c'),
      cssVar('--vscode-charts-yellow', light ? '#bf8803' : '#cca700'),
    ],
    negative: cssVar('--vscode-charts-blue', light ? '#1a85ff' : '#3794ff'),
    positive: cssVar('--vscode-charts-red', light ? '#e51400' : '#f14c4c'),
    accent: cssVar('--vscode-focusBorder', light ? '#005fb8' : '#0078d4'),
  };
}

/** Parse a CSS colour (#rgb, #rrggbb, #rrggbbaa, rgb(), rgba()) into [r,g,b,a 0..1]. */
export function parseColor(c: string): [number, number, number, number] {
  const s = c.trim();
  if (s.startsWith('#')) {
    let hex = s.slice(1);
    if (hex.length === 3 || hex.length === 4) hex = [...hex].map((ch) => ch + ch).join('');
    const n = (i: number) => parseInt(hex.slice(i, i + 2), 16);
    return [n(0), n(2), n(4), hex.length >= 8 ? n(6) / 255 : 1];
  }
  const m = s.match(/rgba?\(([^)]+)\)/);
  if (m) {
    const p = m[1].split(/[\s,/]+/).filter(Boolean).map(parseFloat);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  }
  return [128, 128, 128, 1];
}

/** Colour at t in [-1, 1] on a diverging map negative → background → positive. */
export function diverging(p: Palette, t: number): string {
  const bg = parseColor(p.background);
  const end = parseColor(t < 0 ? p.negative : p.positive);
  const a = Math.min(1, Math.abs(t));
  const mix = (i: number) => Math.round(bg[i] + (end[i] - bg[i]) * a);
  return `rgb(${mix(0)}, ${mix(1)}, ${mix(2)})`;
}

/** Same colour with a new alpha. */
export function withAlpha(c: string, alpha: number): string {
  const [r, g, b] = parseColor(c);
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/**
 * Call `onChange` (once per animation frame at most) when VS Code switches
 * theme: the body's class list or the variables on <html> change.
 */
export function observeTheme(onChange: () => void): MutationObserver {
  let pending = false;
  const obs = new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; onChange(); });
  });
  obs.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  obs.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
  return obs;
}
