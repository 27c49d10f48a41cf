import { type Box, escapeXml } from './colour-bar.js';
import { niceTicks } from './plot-ticks.js';

export interface CurveSeries {
  readonly name: string;
  /** y at evenly spaced x from 0 to 1. */
  readonly ys: readonly number[];
}

export interface CurvePlotOptions {
  readonly title: string;
  readonly xLabel?: string;
  readonly yLabel?: string;
  /** Shown after the legend's title, e.g. "higher is better". */
  readonly direction?: string;
  readonly width?: number;
  readonly height?: number;
}

/** Where the parts of a curve plot go: the data area, its axes' labels, the legend beside it. */
export interface CurvePlotLayout {
  readonly width: number;
  readonly height: number;
  readonly plot: Box;
  readonly legend: Box;
}

const palette = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#9467bd',
  '#ff7f0e',
  '#17becf',
  '#8c564b',
  '#e377c2',
];

/** The trapezoid area under y over x evenly spaced in [0, 1] (the AUC the metrics report). */
export function trapezoidAuc(ys: readonly number[]): number {
  if (ys.length < 2) return ys[0] ?? 0;
  let s = 0;
  for (let i = 1; i < ys.length; i++) s += (ys[i - 1]! + ys[i]!) / 2;
  return s / (ys.length - 1);
}

/** A legend entry: the name and its AUC. */
export function legendLabel(s: CurveSeries): string {
  return `${s.name} (AUC ${trapezoidAuc(s.ys).toFixed(3)})`;
}

/**
 * The layout: margins for the y ticks and title on the left, the x ticks and title
 * below, the title on top, and the legend to the right of the data area, sized from its
 * longest label (about 6.2 px a character at 11 px), so it never covers a curve.
 */
export function curvePlotLayout(
  series: readonly CurveSeries[],
  o: CurvePlotOptions,
): CurvePlotLayout {
  const longest = Math.max(
    10,
    ...series.map((s) => legendLabel(s).length),
    (o.direction ?? '').length,
  );
  const legendWidth = Math.ceil(28 + 6.2 * longest);
  const legendHeight = 22 + 16 * series.length + (o.direction ? 16 : 0);
  const width = o.width ?? 420 + legendWidth;
  const height = o.height ?? Math.max(320, legendHeight + 80);
  const left = 62;
  const top = 36;
  const bottom = 50;
  const plot = {
    x: left,
    y: top,
    width: width - left - legendWidth - 24,
    height: height - top - bottom,
  };
  const legend = { x: plot.x + plot.width + 14, y: top, width: legendWidth, height: legendHeight };
  return { width, height, plot, legend };
}

/**
 * An SVG line plot of curves over x in [0, 1] (insertion, deletion, ...): axes with
 * ticks and titles, light grid lines, and a legend outside the data area naming each
 * curve with its AUC. Plain SVG text: no plotting dependency, and it diffs well in git.
 */
export function curvePlotSvg(series: readonly CurveSeries[], o: CurvePlotOptions): string {
  const L = curvePlotLayout(series, o);
  const { plot, legend } = L;
  const all = series.flatMap((s) => [...s.ys]).filter(Number.isFinite);
  const yTicks = niceTicks(Math.min(0, ...all), Math.max(1e-9, ...all), 5);
  const y0 = yTicks[0]!;
  const y1 = yTicks.at(-1)!;
  const xTicks = niceTicks(0, 1, 5);
  const px = (x: number) => plot.x + plot.width * x;
  const py = (y: number) => plot.y + plot.height * (1 - (y - y0) / (y1 - y0));
  const f = (v: number) => v.toFixed(1);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${L.width}" height="${L.height}" viewBox="0 0 ${L.width} ${L.height}" font-family="DejaVu Sans, Arial, sans-serif">`,
    `<rect width="${L.width}" height="${L.height}" fill="white"/>`,
    `<text x="${f(plot.x + plot.width / 2)}" y="22" text-anchor="middle" font-size="14" fill="#111">${escapeXml(o.title)}</text>`,
  ];
  for (const t of yTicks) {
    parts.push(
      `<line x1="${plot.x}" y1="${f(py(t))}" x2="${plot.x + plot.width}" y2="${f(py(t))}" stroke="#e5e5e5"/>`,
      `<text x="${plot.x - 6}" y="${f(py(t) + 4)}" text-anchor="end" font-size="11" fill="#333">${t}</text>`,
    );
  }
  for (const t of xTicks) {
    parts.push(
      `<line x1="${f(px(t))}" y1="${plot.y + plot.height}" x2="${f(px(t))}" y2="${plot.y + plot.height + 5}" stroke="#333"/>`,
      `<text x="${f(px(t))}" y="${plot.y + plot.height + 18}" text-anchor="middle" font-size="11" fill="#333">${t}</text>`,
    );
  }
  parts.push(
    `<rect class="data-area" x="${plot.x}" y="${plot.y}" width="${plot.width}" height="${plot.height}" fill="none" stroke="#333"/>`,
    `<text x="${f(plot.x + plot.width / 2)}" y="${L.height - 10}" text-anchor="middle" font-size="12" fill="#111">${escapeXml(o.xLabel ?? 'fraction of pixels')}</text>`,
    `<text transform="translate(16 ${f(plot.y + plot.height / 2)}) rotate(-90)" text-anchor="middle" font-size="12" fill="#111">${escapeXml(o.yLabel ?? 'score')}</text>`,
  );
  for (const [i, s] of series.entries()) {
    const colour = palette[i % palette.length]!;
    const pts = s.ys.map((y, j) => `${f(px(j / Math.max(1, s.ys.length - 1)))},${f(py(y))}`);
    parts.push(
      `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${pts.join(' ')}"/>`,
    );
  }
  parts.push(
    `<rect class="legend" x="${legend.x}" y="${legend.y}" width="${legend.width}" height="${legend.height}" fill="white" stroke="#bbb"/>`,
  );
  let ly = legend.y + 16;
  if (o.direction) {
    parts.push(
      `<text x="${legend.x + 8}" y="${ly}" font-size="11" font-style="italic" fill="#555">${escapeXml(o.direction)}</text>`,
    );
    ly += 16;
  }
  for (const [i, s] of series.entries()) {
    const colour = palette[i % palette.length]!;
    parts.push(
      `<line x1="${legend.x + 8}" y1="${ly - 4}" x2="${legend.x + 22}" y2="${ly - 4}" stroke="${colour}" stroke-width="2"/>`,
      `<text x="${legend.x + 27}" y="${ly}" font-size="11" fill="#111">${escapeXml(legendLabel(s))}</text>`,
    );
    ly += 16;
  }
  parts.push('</svg>', '');
  return parts.join('\n');
}
