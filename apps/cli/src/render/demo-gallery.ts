import { join } from 'node:path';
import { type Model, sliceBatch, type Tensor } from '@xai/core';
import { getMethod } from '@xai/methods';
import { writeFileAtomic } from '../write-atomic.js';
import { heatmapPng, visualise } from './heatmap.js';

/** The methods the demo shows, with options that keep it quick. */
export const demoMethods: ReadonlyArray<[string, Record<string, unknown>]> = [
  ['saliency', {}],
  ['integrated-gradients', { steps: 32 }],
];

export interface GalleryRow {
  readonly model: string;
  readonly index: number;
  readonly label: string;
  readonly predicted: string;
  /** Image paths relative to the gallery: the input, then one heatmap per demo method. */
  readonly images: string[];
}

/**
 * Explains the chosen samples with each demo method (for the predicted class) and writes
 * the input and heatmap PNGs under `out/<model>/`; returns the gallery rows.
 */
export async function writeHeatmaps(
  model: Model,
  name: string,
  inputs: Tensor,
  pixels: Tensor,
  rows: ReadonlyArray<{ index: number; label: string; predicted: string }>,
  out: string,
): Promise<GalleryRow[]> {
  const [, C, H, W] = inputs.shape as [number, number, number, number];
  const gallery: GalleryRow[] = [];
  const maps: Record<string, Tensor> = {};
  const pick = (t: Tensor) => ({
    data: Float32Array.from(
      rows.flatMap((r) => Array.from(sliceBatch(t, r.index, r.index + 1).data)),
    ),
    shape: [rows.length, ...t.shape.slice(1)],
  });
  const x = pick(inputs);
  for (const [method, options] of demoMethods)
    maps[method] = await getMethod(method).explain(model, x, { ...options, target: 'predicted' });
  for (const [i, r] of rows.entries()) {
    const stem = `${String(r.index).padStart(3, '0')}-${r.label.toLowerCase().replace(/[^a-z]+/g, '-')}`;
    const input = `${name}/${stem}-input.png`;
    const size = C * H * W;
    const gray = Float64Array.from(pixels.data.subarray(r.index * size, r.index * size + H * W));
    await writeFileAtomic(join(out, input), heatmapPng(gray, H, W, 8, true));
    const images = [input];
    for (const [method] of demoMethods) {
      const file = `${name}/${stem}-${method}.png`;
      const a = maps[method]!.data.subarray(i * size, (i + 1) * size);
      await writeFileAtomic(join(out, file), heatmapPng(visualise(a, C, H, W), H, W));
      images.push(file);
    }
    gallery.push({ model: name, index: r.index, label: r.label, predicted: r.predicted, images });
  }
  return gallery;
}

/** A static HTML page showing each row: the input and its heatmaps. */
export function galleryHtml(rows: readonly GalleryRow[]): string {
  const head = `<tr><th>model</th><th>label → predicted</th><th>input</th>${demoMethods.map(([m]) => `<th>${m}</th>`).join('')}</tr>`;
  const body = rows
    .map(
      (r) =>
        `<tr><td>${r.model}</td><td>${r.label} → ${r.predicted}</td>${r.images.map((src) => `<td><img src="${src}" width="112" height="112" alt="${src}"></td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>xai demo</title>\n<style>body{font-family:sans-serif}td,th{padding:4px;text-align:center}img{image-rendering:pixelated}</style></head>\n<body><h1>xai demo: Fashion-MNIST</h1>\n<table>\n${head}\n${body}\n</table></body></html>\n`;
}
