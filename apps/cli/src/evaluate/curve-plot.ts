/**
 * An SVG line plot of mean curves (one line per method) over x in [0, 1], for insertion
 * and deletion. Plain SVG text: no plotting dependency, and it diffs well in git.
 */
export function curvePlotSvg(title: string, curves: Record<string, number[]>): string {
  const w = 480;
  const h = 320;
  const pad = 40;
  const colors = [
    '#1f77b4',
    '#d62728',
    '#2ca02c',
    '#9467bd',
    '#ff7f0e',
    '#17becf',
    '#8c564b',
    '#e377c2',
  ];
  const all = Object.values(curves).flat();
  const top = Math.max(1e-9, ...all);
  const lines = Object.entries(curves).map(([name, ys], i) => {
    const pts = ys.map(
      (y, j) =>
        `${(pad + ((w - 2 * pad) * j) / Math.max(1, ys.length - 1)).toFixed(1)},${(h - pad - ((h - 2 * pad) * y) / top).toFixed(1)}`,
    );
    const color = colors[i % colors.length];
    return `<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.join(' ')}"/><text x="${w - pad - 100}" y="${pad + 16 * i}" fill="${color}" font-size="12">${escapeXml(name)}</text>`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif">`,
    `<rect width="${w}" height="${h}" fill="white"/>`,
    `<text x="${w / 2}" y="20" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`,
    `<line x1="${pad}" y1="${h - pad}" x2="${w - pad}" y2="${h - pad}" stroke="black"/><line x1="${pad}" y1="${pad}" x2="${pad}" y2="${h - pad}" stroke="black"/>`,
    `<text x="${w / 2}" y="${h - 8}" text-anchor="middle" font-size="12">fraction of pixels</text>`,
    `<text x="${pad - 6}" y="${h - pad}" text-anchor="end" font-size="10">0</text><text x="${pad - 6}" y="${pad + 4}" text-anchor="end" font-size="10">${top.toPrecision(3)}</text>`,
    ...lines,
    '</svg>',
    '',
  ].join('\n');
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
