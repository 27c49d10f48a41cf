import { colourBarSvg, escapeXml } from './colour-bar.js';
import type { GallerySection } from './demo-gallery.js';

export interface GalleryPage {
  readonly title: string;
  /** Per model, its accuracy line (e.g. "91 of 100 test images right"). */
  readonly notes: Readonly<Record<string, string>>;
  readonly sections: readonly GallerySection[];
}

const css = `
:root{--fg:#1d1d1f;--muted:#6b6b70;--line:#e3e3e8;--bg:#fafafa;--card:#fff;--accent:#b4441b}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1400px;margin:0 auto;padding:24px 28px 48px}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:20px;margin:36px 0 4px}
.sub{color:var(--muted);margin:0 0 18px}
.explain{background:var(--card);border:1px solid var(--line);border-left:4px solid var(--accent);border-radius:6px;padding:12px 18px;max-width:920px}
.explain h2{font-size:16px;margin:0 0 6px}
.explain p{margin:6px 0}
.scroll{overflow-x:auto}
table{border-collapse:separate;border-spacing:0;background:var(--card);border:1px solid var(--line);border-radius:6px;margin-top:10px}
th,td{padding:6px 8px;text-align:center;vertical-align:middle;border-bottom:1px solid var(--line)}
tr:last-child td{border-bottom:none}
th.method{text-align:left;white-space:nowrap;font-weight:600}
.kind{display:inline-block;font-size:11px;font-weight:500;padding:0 6px;border-radius:9px;margin-left:6px;color:#fff}
.kind.paper{background:var(--accent)}.kind.baseline{background:#5a6b7b}
img{display:block;image-rendering:pixelated;width:112px;height:112px;margin:0 auto;border-radius:3px}
figure{margin:0}
figcaption{font-size:12px;color:var(--muted);white-space:nowrap}
.scores{font-size:12px;font-variant-numeric:tabular-nums;white-space:nowrap;color:var(--muted)}
.scores b{color:var(--fg)}
td.bar{padding-left:4px}
.legend{font-size:13px;color:var(--muted);margin:8px 0 0}
`;

function fmt(v: number): string {
  return Number.isFinite(v) ? v.toFixed(3) : '–';
}

/** For each sample (column), the row with the best score: highest insertion, lowest deletion. */
function bestRows(section: GallerySection, key: 'insertion' | 'deletion'): number[] {
  return section.samples.map((_, c) => {
    let best = 0;
    for (const [r, row] of section.rows.entries()) {
      const v = row.cells[c]![key];
      const b = section.rows[best]!.cells[c]![key];
      if (key === 'insertion' ? v > b : v < b) best = r;
    }
    return best;
  });
}

function sectionHtml(s: GallerySection, note: string): string {
  const bestIns = bestRows(s, 'insertion');
  const bestDel = bestRows(s, 'deletion');
  const head = `<tr><th></th>${s.samples
    .map(
      (x) =>
        `<th><figure><img src="${escapeXml(x.input)}" alt="${escapeXml(`${x.label} (test image ${x.index})`)}"><figcaption>${escapeXml(x.label)} → ${escapeXml(x.predicted)} (p = ${x.probability.toFixed(2)})</figcaption></figure></th>`,
    )
    .join('')}<th>scale</th></tr>`;
  const body = s.rows
    .map((row, r) => {
      const cells = row.cells
        .map(
          (cell, c) =>
            `<td><img src="${escapeXml(cell.image)}" alt="${escapeXml(`${row.method} map`)}"><div class="scores">${bestIns[c] === r ? '<b>' : ''}ins ${fmt(cell.insertion)}${bestIns[c] === r ? '</b>' : ''} · ${bestDel[c] === r ? '<b>' : ''}del ${fmt(cell.deletion)}${bestDel[c] === r ? '</b>' : ''}</div></td>`,
        )
        .join('');
      const bar = `<svg class="colour-bar" width="74" height="112" viewBox="0 0 74 112" font-family="system-ui,sans-serif" role="img" aria-label="colour scale from 0 to ${fmt(row.threshold)}">${colourBarSvg({ x: 2, y: 6, width: 12, height: 100 }, 'inferno', 'absolute', row.threshold, `bar-${s.model}-${r}`)}</svg>`;
      return `<tr><th class="method">${escapeXml(row.method)}<span class="kind ${row.kind}">${row.kind}</span></th>${cells}<td class="bar">${bar}</td></tr>`;
    })
    .join('\n');
  return `<section><h2>${escapeXml(s.model)}</h2><p class="sub">${escapeXml(note)}</p><div class="scroll"><table>\n${head}\n${body}\n</table></div></section>`;
}

/** The gallery page: one HTML file with its style inline (it works offline) and the images beside it. */
export function galleryHtml(page: GalleryPage): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeXml(page.title)}</title><style>${css}</style></head>
<body><main>
<h1>${escapeXml(page.title)}</h1>
<p class="sub">Made by <code>xai demo</code> on the embedded Fashion-MNIST models and test images.</p>
<div class="explain"><h2>What am I looking at?</h2>
<p>Each column is a test image, with the class it belongs to, the class the model predicted, and the model's probability of it. Each row is an attribution method: the map says which pixels the method credits for the prediction, drawn over the image in grey, brighter (yellow) for more credit. <span class="kind paper">paper</span> marks the methods of the recent papers xai implements (here at small settings, to be quick); <span class="kind baseline">baseline</span> the usual methods they compare against.</p>
<p>The maps of one row share a colour scale (shown on the right, in the method's own units, the largest values clipped at the point that keeps 98% of the total), so a brighter map means more attribution. Rows have their own scales: methods measure different things.</p>
<p>Under each map are its faithfulness scores. <b>ins</b> (insertion AUC, higher is better): pixels are put back into a blurred image, most credited first, and the area under the model's probability of the class is measured. <b>del</b> (deletion AUC, lower is better): the most credited pixels are set to zero first, and a faithful map makes the probability fall fast. The best score in each column is in bold.</p></div>
${page.sections.map((s) => sectionHtml(s, page.notes[s.model] ?? '')).join('\n')}
</main></body></html>
`;
}
