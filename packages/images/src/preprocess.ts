import { type InputDomain, XaiError } from '@xai/core';

/**
 * How an 8-bit image becomes a model input: optionally resized so that its shorter side is
 * `resize` pixels and centre-cropped to `crop` x `crop` (torchvision's `Resize(resize)`,
 * `CenterCrop(crop)`), then pixel/255 and `(v - mean) / std` per channel.
 */
export interface Preprocess {
  readonly mean: readonly number[];
  readonly std: readonly number[];
  /** The shorter side after resizing; absent: the image must already be the model's size. */
  readonly resize?: number;
  /** The centre crop's side, after resizing. */
  readonly crop?: number;
}

/**
 * The presets. 'none' stops at [0, 1]; 'minus-one-one' maps to [-1, 1]; 'fashion-mnist' is
 * the embedded fixtures' normalisation; 'imagenet' is torchvision's evaluation transform
 * for 224x224 models (resize 256, crop 224, ImageNet mean/std) and 'imagenet-299' the one
 * for Inception-v3 (resize 342, crop 299); 'imagenet-norm' only normalises.
 */
export const presets = {
  none: { mean: [0], std: [1] },
  'minus-one-one': { mean: [0.5], std: [0.5] },
  // The embedded fixtures' values (packages/fixtures/data/manifest.json; a test pins them).
  'fashion-mnist': { mean: [0.2860406021939525], std: [0.3530242495426238] },
  imagenet: { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], resize: 256, crop: 224 },
  'imagenet-299': {
    mean: [0.485, 0.456, 0.406],
    std: [0.229, 0.224, 0.225],
    resize: 342,
    crop: 299,
  },
  'imagenet-norm': { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
} as const satisfies Record<string, Preprocess>;

export type PresetName = keyof typeof presets;

/** Flags that adjust a preset (`custom` starts from 'none'). */
export interface PreprocessFlags {
  readonly preprocess: string;
  readonly mean?: string;
  readonly std?: string;
  readonly resize?: string;
  readonly crop?: string;
}

/** The preset named by `--preprocess`, with `--mean`, `--std`, `--resize`, `--crop` applied. */
export function resolvePreprocess(flags: PreprocessFlags | string): Preprocess {
  const f = typeof flags === 'string' ? { preprocess: flags } : flags;
  const name = f.preprocess === 'custom' ? 'none' : f.preprocess;
  if (!(name in presets)) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected --preprocess among ${[...Object.keys(presets), 'custom'].join(', ')} but received '${f.preprocess}'.`,
    );
  }
  const base: Preprocess = presets[name as PresetName];
  const resize = f.resize === undefined ? base.resize : positiveInt(f.resize, '--resize');
  const crop = f.crop === undefined ? base.crop : positiveInt(f.crop, '--crop');
  return {
    mean: f.mean === undefined ? base.mean : numbers(f.mean, '--mean'),
    std: f.std === undefined ? base.std : numbers(f.std, '--std', true),
    ...(resize === undefined ? {} : { resize }),
    ...(crop === undefined ? {} : { crop }),
  };
}

function positiveInt(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n <= 0) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected ${flag} to be a positive integer but received '${v}'.`,
    );
  }
  return n;
}

function numbers(v: string, flag: string, positive = false): number[] {
  const list = v.split(',').map((s) => Number(s.trim()));
  if (list.length === 0 || list.some((n) => !Number.isFinite(n) || (positive && n <= 0))) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected ${flag} to be one number or one per channel, comma-separated${positive ? ', each > 0' : ''}, but received '${v}'.`,
    );
  }
  return list;
}

/** The input domain the preprocessing makes: methods and metrics get it as `domain`. */
export function inputDomain(p: Preprocess): InputDomain {
  return { mean: [...p.mean], std: [...p.std] };
}

/** Normalises planar pixels `[C, H, W]` in [0, 255] in place into model units. */
export function normalisePixels(
  planar: Float32Array,
  channels: number,
  preset: { readonly mean: readonly number[]; readonly std: readonly number[] },
): Float32Array {
  const plane = planar.length / channels;
  for (let c = 0; c < channels; c++) {
    const m = preset.mean[c % preset.mean.length]!;
    const s = preset.std[c % preset.std.length]!;
    for (let i = c * plane; i < (c + 1) * plane; i++) planar[i] = (planar[i]! / 255 - m) / s;
  }
  return planar;
}
