import { join } from 'node:path';
import {
  type Classifier,
  type Model,
  type OnProgress,
  sliceBatch,
  type Tensor,
  throwIfAborted,
} from '@xai/core';
import { getMethod } from '@xai/methods';
import { getMetric } from '@xai/metrics';
import { writeFileAtomic } from '../write-atomic.js';
import { rasteriseAttribution, rasterPng } from './attribution-image.js';
import {
  clippingThreshold,
  keptValues,
  normaliseAttribution,
  sumChannels,
} from './attribution-scale.js';

export interface DemoMethod {
  readonly name: string;
  /** 'paper': a method from the recent papers xai implements; 'baseline': what they compare to. */
  readonly kind: 'paper' | 'baseline';
  /** Small settings that keep `xai demo` quick (the docs' method pages use the defaults). */
  readonly options: Readonly<Record<string, unknown>>;
}

/** The methods the demo shows: the usual baselines, then the papers' methods at small settings. */
export const demoMethods: readonly DemoMethod[] = [
  { name: 'saliency', kind: 'baseline', options: {} },
  { name: 'integrated-gradients', kind: 'baseline', options: { steps: 32 } },
  { name: 'smooth-grad', kind: 'baseline', options: { samples: 16 } },
  { name: 'occlusion', kind: 'baseline', options: { window: 4 } },
  { name: 'rise', kind: 'baseline', options: { masks: 1000 } },
  { name: 'isa', kind: 'paper', options: { k: 40 } },
  {
    name: 'i-gos',
    kind: 'paper',
    options: { maskSize: 14, maxIterations: 8, integrationSteps: 10 },
  },
  { name: 'caso', kind: 'paper', options: {} },
  { name: 'adapt-grad', kind: 'paper', options: { samples: 16 } },
  {
    name: 'invariant-perturbation',
    kind: 'paper',
    options: { steps: 40, learningRate: 0.2, samples: 8 },
  },
];

/** One map in the gallery: its overlay image and its insertion and deletion AUC. */
export interface GalleryCell {
  readonly image: string;
  readonly insertion: number;
  readonly deletion: number;
}

/** One method on the model's samples, its maps on one colour scale. */
export interface GalleryRow {
  readonly method: string;
  readonly kind: DemoMethod['kind'];
  /** The clipping point shared by the row's maps (|attribution| summed over channels). */
  readonly threshold: number;
  readonly cells: GalleryCell[];
}

export interface DemoSample {
  readonly index: number;
  readonly label: string;
  readonly predicted: string;
  readonly probability: number;
}

/** A model's part of the gallery: its samples (input images) and one row per method. */
export interface GallerySection {
  readonly model: string;
  readonly samples: Array<DemoSample & { readonly input: string }>;
  readonly rows: GalleryRow[];
}

function pick(t: Tensor, indices: readonly number[]): Tensor {
  return {
    data: Float32Array.from(indices.flatMap((i) => Array.from(sliceBatch(t, i, i + 1).data))),
    shape: [indices.length, ...t.shape.slice(1)],
  };
}

/**
 * Explains the chosen samples with every demo method (for the predicted class), scores
 * each map with insertion and deletion, and writes the inputs and one overlay PNG per map
 * under `out/<model>/`. A method's maps share one colour scale (the clipping point over
 * its row), so they compare at a glance; methods differ in units, so rows do not share.
 * `onProgress` counts methods.
 */
export async function writeGallerySection(
  model: Model,
  name: string,
  inputs: Tensor,
  pixels: Tensor,
  samples: readonly DemoSample[],
  out: string,
  run: { onProgress?: OnProgress; signal?: AbortSignal } = {},
): Promise<GallerySection> {
  const [, C, H, W] = inputs.shape as [number, number, number, number];
  const x = pick(
    inputs,
    samples.map((s) => s.index),
  );
  const size = C * H * W;
  const scale = Math.max(1, Math.ceil(112 / Math.min(H, W)));
  const images = samples.map((s) => ({
    pixels: Float32Array.from(
      pixels.data.subarray(s.index * H * W, (s.index + 1) * H * W),
      (v) => 255 * v,
    ),
    channels: 1,
    height: H,
    width: W,
  }));
  const stems = samples.map(
    (s) =>
      `${name}/${String(s.index).padStart(3, '0')}-${s.label.toLowerCase().replace(/[^a-z]+/g, '-')}`,
  );
  const shown: GallerySection['samples'] = [];
  for (const [r, s] of samples.entries()) {
    const input = `${stems[r]}-input.png`;
    const plain = rasteriseAttribution(new Float64Array(H * W).fill(1), H, W, {
      style: 'masked_image',
      sign: 'absolute',
      colormap: 'gray',
      image: images[r]!,
      scale,
    });
    await writeFileAtomic(join(out, input), rasterPng(plain));
    shown.push({ ...s, input });
  }
  const rows: GalleryRow[] = [];
  const ctx = { target: 'predicted' as const, ...(run.signal ? { signal: run.signal } : {}) };
  for (const [i, m] of demoMethods.entries()) {
    throwIfAborted(run.signal);
    const a = await getMethod(m.name).explain(model, x, { ...m.options, ...ctx, seed: 1 });
    const insertion = (await getMetric('insertion').evaluate(model as Classifier, x, a, ctx))
      .scores;
    const deletion = (await getMetric('deletion').evaluate(model as Classifier, x, a, ctx)).scores;
    const kept = samples.map((_, r) =>
      keptValues(sumChannels(a.data.subarray(r * size, (r + 1) * size), C, H, W), 'absolute'),
    );
    const threshold = clippingThreshold(kept, 2);
    const cells: GalleryCell[] = [];
    for (const r of samples.keys()) {
      const file = `${stems[r]}-${m.name}.png`;
      const raster = rasteriseAttribution(normaliseAttribution(kept[r]!, threshold), H, W, {
        style: 'blended_heat_map',
        sign: 'absolute',
        colormap: 'inferno',
        image: images[r]!,
        alpha: 0.7,
        scale,
      });
      await writeFileAtomic(join(out, file), rasterPng(raster));
      cells.push({ image: file, insertion: insertion[r]!, deletion: deletion[r]! });
    }
    rows.push({ method: m.name, kind: m.kind, threshold, cells });
    run.onProgress?.({ phase: 'method', done: i + 1, total: demoMethods.length });
  }
  return { model: name, samples: shown, rows };
}
