// Plain SVG plots for the figures (no plotting dependency; diffs well in git), after the
// CLI's curve plotter (apps/cli/src/evaluate/curve-plot.ts): line plots and scatter plots
// with labelled axes.

const COLORS = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#9467bd',
  '#ff7f0e',
  '#17becf',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
];
const W = 640;
const H = 360;
const PAD = { left: 56, right: 230, top: 32, bottom: 44 };

function frame(title, xLabel, yLabel, [x0, x1], [y0, y1], body) {
  const ticks = (a, b) => Array.from({ length: 5 }, (_, i) => a + ((b - a) * i) / 4);
  const sx = (x) => PAD.left + ((W - PAD.left - PAD.right) * (x - x0)) / (x1 - x0 || 1);
  const sy = (y) => H - PAD.bottom - ((H - PAD.top - PAD.bottom) * (y - y0)) / (y1 - y0 || 1);
  const label = (v) => String(Number(v.toPrecision(3)));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${(PAD.left + W - PAD.right) / 2}" y="20" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`,
    `<line x1="${PAD.left}" y1="${H - PAD.bottom}" x2="${W - PAD.right}" y2="${H - PAD.bottom}" stroke="black"/>`,
    `<line x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${H - PAD.bottom}" stroke="black"/>`,
    ...ticks(x0, x1).map(
      (t) =>
        `<text x="${sx(t).toFixed(1)}" y="${H - PAD.bottom + 14}" text-anchor="middle" font-size="10">${label(t)}</text>`,
    ),
    ...ticks(y0, y1).map(
      (t) =>
        `<text x="${PAD.left - 4}" y="${(sy(t) + 3).toFixed(1)}" text-anchor="end" font-size="10">${label(t)}</text>`,
    ),
    `<text x="${(PAD.left + W - PAD.right) / 2}" y="${H - 8}" text-anchor="middle" font-size="12">${escapeXml(xLabel)}</text>`,
    `<text x="14" y="${(PAD.top + H - PAD.bottom) / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 14 ${(PAD.top + H - PAD.bottom) / 2})">${escapeXml(yLabel)}</text>`,
    ...body(sx, sy),
    '</svg>',
    '',
  ].join('\n');
}

const legend = (i, name, color) =>
  `<text x="${W - PAD.right + 8}" y="${PAD.top + 14 * i + 10}" fill="${color}" font-size="11">${escapeXml(name)}</text>`;

/** Lines: `series` maps a name to points `[x, y]`. */
export function linePlot(title, xLabel, yLabel, series, yRange) {
  const pts = Object.values(series).flat();
  const xr = [Math.min(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[0]))];
  const yr = yRange ?? [0, Math.max(1e-9, ...pts.map((p) => p[1]))];
  return frame(title, xLabel, yLabel, xr, yr, (sx, sy) =>
    Object.entries(series).flatMap(([name, ps], i) => {
      const color = COLORS[i % COLORS.length];
      return [
        `<polyline fill="none" stroke="${color}" stroke-width="2" points="${ps.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ')}"/>`,
        legend(i, name, color),
      ];
    }),
  );
}

/** Points: `series` maps a name to points `[x, y]`. */
export function scatterPlot(title, xLabel, yLabel, series, xRange, yRange) {
  const pts = Object.values(series).flat();
  const xr = xRange ?? [Math.min(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[0]))];
  const yr = yRange ?? [0, Math.max(1e-9, ...pts.map((p) => p[1]))];
  return frame(title, xLabel, yLabel, xr, yr, (sx, sy) =>
    Object.entries(series).flatMap(([name, ps], i) => {
      const color = COLORS[i % COLORS.length];
      return [
        ...ps.map(
          ([x, y]) =>
            `<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="2.5" fill="${color}" fill-opacity="0.6"/>`,
        ),
        legend(i, name, color),
      ];
    }),
  );
}

function escapeXml(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
