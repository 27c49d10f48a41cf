import { XaiError } from '@xai/core';
import { fixtureManifest } from '@xai/fixtures';

const fixtureNorm = fixtureManifest().normalisation;

/**
 * How 8-bit images become model inputs: pixel/255, then (v - mean)/std per channel.
 * 'none' stops at [0, 1]; 'minus-one-one' maps to [-1, 1]; 'fashion-mnist' is the embedded
 * fixtures' normalisation; 'imagenet' is torchvision's mean/std (images must already be
 * at the model's input size: resizing comes with the image pipeline).
 */
export const presets = {
  none: { mean: [0], std: [1] },
  'minus-one-one': { mean: [0.5], std: [0.5] },
  'fashion-mnist': { mean: [fixtureNorm.mean], std: [fixtureNorm.std] },
  imagenet: { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
} as const satisfies Record<string, { mean: readonly number[]; std: readonly number[] }>;

export type PresetName = keyof typeof presets;

export function getPreset(name: string): { mean: readonly number[]; std: readonly number[] } {
  if (!(name in presets)) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected --preprocess among ${Object.keys(presets).join(', ')} but received '${name}'.`,
    );
  }
  return presets[name as PresetName];
}

/** Normalises planar pixels `[C, H, W]` in [0, 255] in place into model units. */
export function normalisePixels(
  planar: Float32Array,
  channels: number,
  preset: { mean: readonly number[]; std: readonly number[] },
): Float32Array {
  const plane = planar.length / channels;
  for (let c = 0; c < channels; c++) {
    const m = preset.mean[c % preset.mean.length]!;
    const s = preset.std[c % preset.std.length]!;
    for (let i = c * plane; i < (c + 1) * plane; i++) planar[i] = (planar[i]! / 255 - m) / s;
  }
  return planar;
}
