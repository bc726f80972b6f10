/**
 * Singular values of the stacked learned quantities (log scale). The first
 * `rank` bars — the independent conserved quantities the readout kept — are
 * drawn in the accent colour, the rest muted, with a dashed line at the cut.
 */
import { Chart, BarController, BarElement, CategoryScale, LogarithmicScale, Tooltip, type Plugin } from 'chart.js';
import { h, logTickLabel } from './dom';
import { withAlpha, type Palette } from './theme';

Chart.register(BarController, BarElement, CategoryScale, LogarithmicScale, Tooltip);

/** Exact zeros cannot sit on a log axis: draw them a decade below the smallest positive value. */
export function logFloor(values: number[]): number {
  const pos = values.filter((v) => v > 0);
  return pos.length ? Math.min(...pos) / 10 : 1e-12;
}

/** Label at most ~6 decades, always including the top one. */
function decadeLabel(v: number, ticks: { value: number }[]): string {
  if (!isDecade(v)) return '';
  const decades = ticks.map((t) => t.value).filter(isDecade);
  const every = Math.ceil(decades.length / 6);
  const top = Math.round(Math.log10(Math.max(...decades)));
  return (top - Math.round(Math.log10(v))) % every === 0 ? logTickLabel(v) : '';
}

interface RankOptions { rank: number; color: string; font: string }

/** Draws the dashed rank cut between bar rank−1 and bar rank. */
const rankMarker: Plugin<'bar'> = {
  id: 'rankMarker',
  afterDatasetsDraw(chart, _args, opts) {
    const o = opts as unknown as RankOptions;
    const meta = chart.getDatasetMeta(0);
    if (!meta.data.length || o.rank <= 0) return;
    const x = o.rank >= meta.data.length
      ? chart.chartArea.right - 1
      : (meta.data[o.rank - 1].x + meta.data[o.rank].x) / 2;
    const { top, bottom } = chart.chartArea;
    const ctx = chart.ctx;
    ctx.save();
    ctx.strokeStyle = o.color;
    ctx.setLineDash([4, 3]);
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, bottom);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = o.color;
    ctx.font = o.font;
    ctx.textAlign = x > (chart.chartArea.left + chart.chartArea.right) / 2 ? 'right' : 'left';
    ctx.textBaseline = 'top';
    ctx.fillText(`rank ${o.rank}`, x + (ctx.textAlign === 'left' ? 5 : -5), top + 2);
    ctx.restore();
  },
};

const isDecade = (v: number) => v > 0 && Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9;

export class SpectrumChart {
  readonly element: HTMLElement;
  private readonly note: HTMLElement;
  private chart: Chart<'bar', number[], string> | null = null;
  private readonly canvas: HTMLCanvasElement;
  private values: number[] = [];
  private rank = 0;
  private parallelness: number[] | undefined;
  private palette: Palette;

  constructor(palette: Palette) {
    this.palette = palette;
    this.canvas = h('canvas', { role: 'img', 'aria-label': 'singular value spectrum' });
    this.note = h('p', { class: 'muted' }, 'The spectrum appears when training finishes.');
    this.element = h('div', {}, this.note, h('figure', { class: 'chart-box chart-small', id: 'chart-spectrum' }, this.canvas));
  }

  update(values: number[], rank: number, parallelness?: number[]): void {
    this.values = values;
    this.rank = rank;
    this.parallelness = parallelness;
    const ratio = values.length > rank && rank > 0 && values[rank] > 0 ? values[rank - 1] / values[rank] : null;
    this.note.textContent = `${values.length} singular values; rank ${rank}`
      + (ratio ? ` (gap σ${rank}/σ${rank + 1} = ${ratio.toPrecision(3)})` : '') + '.';
    this.render();
  }

  setPalette(p: Palette): void {
    this.palette = p;
    if (this.values.length) this.render();
  }

  private render(): void {
    const p = this.palette;
    const floor = logFloor(this.values);
    const data = this.values.map((v) => Math.max(v, floor));
    const colors = this.values.map((_, i) => (i < this.rank ? p.series[0] : withAlpha(p.muted, 0.45)));
    const font = { family: p.fontFamily, size: Math.max(10, p.fontSize - 1) };
    const labels = this.values.map((_, i) => `σ${i + 1}`);
    this.chart?.destroy();
    this.chart = new Chart(this.canvas, {
      type: 'bar',
      data: { labels, datasets: [{ label: 'singular value', data, backgroundColor: colors, borderColor: colors, borderWidth: 1 }] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: (c: { dataIndex: number }) => {
                const i = c.dataIndex;
                const par = this.parallelness?.[i];
                return `σ${i + 1} = ${this.values[i].toExponential(3)}` + (par !== undefined ? `, parallelness ${par.toFixed(3)}` : '');
              },
            },
          },
          rankMarker: { rank: this.rank, color: p.accent, font: `${font.size}px ${p.fontFamily}` },
        } as never,
        scales: {
          x: { ticks: { color: p.muted, font }, grid: { display: false }, border: { color: p.grid } },
          y: {
            type: 'logarithmic',
            ticks: { color: p.muted, font, autoSkip: false, callback: (v: number | string, _i: number, ticks: { value: number }[]) => decadeLabel(Number(v), ticks) },
            // Grid lines at whole decades only: the minor ones make bars look hatched.
            grid: { color: (c: { tick?: { value: number } }) => (c.tick && isDecade(c.tick.value) ? p.grid : 'transparent') },
            border: { color: p.grid },
            title: { display: true, text: 'singular value (log)', color: p.muted, font },
          },
        },
      },
      plugins: [rankMarker],
    });
    this.element.dataset.rank = String(this.rank);
    this.element.dataset.bars = String(this.values.length);
  }
}
