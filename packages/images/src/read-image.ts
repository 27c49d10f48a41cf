import { formatShape, XaiError } from '@xai/core';
import sharp, { type Sharp } from 'sharp';
import type { Preprocess } from './preprocess.js';
import { readInputFile } from './read-input-file.js';

/** The image formats read as inputs (decoded by sharp / libvips). */
export const imageExtensions = ['.png', '.jpg', '.jpeg', '.webp'] as const;

/** An image ready for the model: 8-bit planar pixels `[C, H, W]` (before normalisation). */
export interface DecodedImage {
  readonly pixels: Float32Array;
  readonly channels: number;
  readonly height: number;
  readonly width: number;
}

/**
 * Decodes a PNG, JPEG or WebP file to the model's channels and size: EXIF orientation
 * applied, alpha dropped, resized (shorter side to `resize`, bilinear, as torchvision's
 * `Resize`) and centre-cropped when the preprocessing says so. One channel is the
 * ITU-R 601 luma of the RGB pixels, rounded (as PIL's 'L' mode), so a colour image gives
 * the same input here as in a torchvision pipeline.
 */
export async function readImage(
  file: string,
  inputShape: readonly number[],
  preprocess: Preprocess,
): Promise<DecodedImage> {
  const [C, H, W] = inputShape as [number, number, number];
  if (inputShape.length !== 3 || (C !== 1 && C !== 3)) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected a model taking images [1 or 3, H, W] for '${file}' but it takes ${formatShape(inputShape)}; pass .npy inputs instead.`,
    );
  }
  const bytes = await readInputFile(file, 'an image');
  let image: Sharp;
  let width: number;
  let height: number;
  try {
    image = sharp(bytes, { failOn: 'error' }).rotate();
    const meta = await image.metadata();
    const turned = (meta.orientation ?? 1) >= 5;
    width = (turned ? meta.height : meta.width) ?? 0;
    height = (turned ? meta.width : meta.height) ?? 0;
  } catch (e) {
    throw new XaiError(
      'INVALID_FILE',
      `Expected a PNG, JPEG or WebP image in '${file}' but it does not decode (${(e as Error).message}).`,
      { cause: e },
    );
  }
  if (preprocess.resize !== undefined) {
    const s = preprocess.resize / Math.min(width, height);
    width = Math.round(width * s);
    height = Math.round(height * s);
    image = image.resize(width, height, { kernel: 'linear', fit: 'fill' });
  }
  if (preprocess.crop !== undefined) {
    const side = preprocess.crop;
    if (side > width || side > height) {
      throw new XaiError(
        'SHAPE_MISMATCH',
        `Expected '${file}' to be at least ${side}x${side} for a ${side}-pixel centre crop but it is ${width}x${height}${preprocess.resize ? ' after resizing' : ''}; add --resize ${side}.`,
      );
    }
    // torchvision's CenterCrop rounds the offsets: round((size - crop) / 2).
    const left = Math.round((width - side) / 2);
    const top = Math.round((height - side) / 2);
    image = image.extract({ left, top, width: side, height: side });
    width = side;
    height = side;
  }
  if (width !== W || height !== H) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected a ${W}x${H} image for a model taking ${formatShape(inputShape)} but '${file}' is ${width}x${height}${preprocess.resize || preprocess.crop ? ' after resizing and cropping' : ''}; pass --resize and --crop (or a preset such as imagenet) to fit it.`,
    );
  }
  const { data } = await image
    .removeAlpha()
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  const plane = H * W;
  const pixels = new Float32Array(C * plane);
  for (let p = 0; p < plane; p++) {
    const r = data[3 * p]!;
    const g = data[3 * p + 1]!;
    const b = data[3 * p + 2]!;
    if (C === 1) pixels[p] = (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
    else {
      pixels[p] = r;
      pixels[plane + p] = g;
      pixels[2 * plane + p] = b;
    }
  }
  return { pixels, channels: C, height: H, width: W };
}
