import { readFileSync } from 'node:fs';
import { loadOnnxModel } from '@xai/backend-onnx';
import { type AttributionMethod, type Model, npyToTensor, type Tensor } from '@xai/core';
import { fixtureModelPath, loadFixtureInputs, loadFixtureLabels } from '@xai/fixtures';

/** The rows of the fixtures the goldens of the authors' code were made on, and their size. */
export const GOLDEN_IMAGES = [0, 25, 50, 75];
export const GOLDEN_D = 784;
export const fixtureNormalization = { mean: [0.2860406021939525], std: [0.3530242495426238] };

/** A golden file of `fixtures/<folder>/`. */
export function golden(folder: string, file: string): Tensor {
  return npyToTensor(
    new Uint8Array(readFileSync(new URL(`./fixtures/${folder}/${file}`, import.meta.url))),
  );
}

/** The golden images as one batch `[4, 1, 28, 28]`, with their labels as the targets. */
export function goldenBatch(): { x: Tensor; target: number[] } {
  const all = loadFixtureInputs();
  const labels = loadFixtureLabels();
  const D = GOLDEN_D;
  const data = new Float32Array(GOLDEN_IMAGES.length * D);
  for (const [j, i] of GOLDEN_IMAGES.entries())
    data.set(all.data.subarray(i * D, (i + 1) * D), j * D);
  const x: Tensor = { data, shape: [GOLDEN_IMAGES.length, 1, 28, 28] };
  return { x, target: GOLDEN_IMAGES.map((i) => labels[i]!) };
}

/** `run` on the golden batch with fixture model `name`, loaded for the call and disposed after. */
export async function onGoldenImages<T>(
  name: 'cnn' | 'resnet',
  run: (model: Model, x: Tensor, target: number[]) => Promise<T>,
): Promise<T> {
  const model = await loadOnnxModel(fixtureModelPath(name));
  try {
    const { x, target } = goldenBatch();
    return await run(model, x, target);
  } finally {
    await model.dispose?.();
  }
}

/** A method's map of the golden images (one batch, their labels), in the fixtures' domain. */
export async function explainGoldenImages<O extends object>(
  method: AttributionMethod<O>,
  name: 'cnn' | 'resnet',
  options: Record<string, unknown>,
): Promise<Tensor> {
  return onGoldenImages(name, (model, x, target) =>
    method.explain(model, x, { target, domain: fixtureNormalization, ...options } as never),
  );
}

/** The largest |ours - theirs| over the largest |theirs|, per image. */
export function relativeErrorPerImage(a: Tensor, b: Tensor): number[] {
  return GOLDEN_IMAGES.map((_, j) => {
    let worst = 0;
    let scale = 0;
    for (let i = j * GOLDEN_D; i < (j + 1) * GOLDEN_D; i++) {
      worst = Math.max(worst, Math.abs(a.data[i]! - b.data[i]!));
      scale = Math.max(scale, Math.abs(b.data[i]!));
    }
    return worst / scale;
  });
}

/** ||ours - theirs|| / ||theirs|| per image: how far one map is from another as a whole. */
export function relativeDistancePerImage(a: Tensor, b: Tensor): number[] {
  return GOLDEN_IMAGES.map((_, j) => {
    let num = 0;
    let den = 0;
    for (let i = j * GOLDEN_D; i < (j + 1) * GOLDEN_D; i++) {
      num += (a.data[i]! - b.data[i]!) ** 2;
      den += b.data[i]! ** 2;
    }
    return Math.sqrt(num / den);
  });
}

export const fmt = (r: readonly number[]) => r.map((v) => v.toPrecision(5)).join(' ');
