import { colourPosition } from './attribution-image.js';
import type { AttributionSign } from './attribution-scale.js';
import { colormap } from './colormaps.js';

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The tick values of a colour bar: the clipping point either side of 0 for signed maps. */
export function colourBarTicks(sign: AttributionSign, threshold: number): number[] {
  return sign === 'all' ? [-threshold, 0, threshold] : [0, threshold / 2, threshold];
}

/** A short label for a tick: 2 significant digits, '0' for zero. */
export function tickLabel(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e4 ? String(Number(v.toPrecision(2))) : v.toExponential(1);
}

export function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/**
 * A vertical colour bar in `box` (top = the largest value) with a tick and its value at
 * each of `colourBarTicks`, the labels to the right of the bar; the gradient samples the
 * colormap at 32 stops. Values beyond the clipping point are drawn in the end colours,
 * which the "≥" / "≤" on the end labels says.
 */
export function colourBarSvg(
  box: Box,
  cmap: string,
  sign: AttributionSign,
  threshold: number,
  id: string,
): string {
  const colour = colormap(cmap);
  const lo = sign === 'all' ? -1 : 0;
  const stops = Array.from({ length: 32 }, (_, i) => {
    const t = i / 31; // 0 at the top
    const [r, g, b] = colour(colourPosition(1 - t * (1 - lo), sign));
    return `<stop offset="${t.toFixed(3)}" stop-color="rgb(${r},${g},${b})"/>`;
  }).join('');
  const ticks = colourBarTicks(sign, threshold)
    .map((v, i, all) => {
      const f = threshold > 0 ? (v / threshold - lo) / (1 - lo) : i / (all.length - 1);
      const y = box.y + box.height * (1 - f);
      const prefix = i === all.length - 1 ? '≥ ' : i === 0 && sign === 'all' ? '≤ ' : '';
      return `<line x1="${box.x + box.width}" y1="${y.toFixed(1)}" x2="${box.x + box.width + 4}" y2="${y.toFixed(1)}" stroke="#333"/><text x="${box.x + box.width + 7}" y="${(y + 4).toFixed(1)}" font-size="11" fill="#333">${escapeXml(prefix + tickLabel(v))}</text>`;
    })
    .join('');
  return [
    `<defs><linearGradient id="${id}" x1="0" y1="0" x2="0" y2="1">${stops}</linearGradient></defs>`,
    `<rect class="colour-bar" x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" fill="url(#${id})" stroke="#333" stroke-width="0.5"/>`,
    ticks,
  ].join('');
}
