/**
 * An RGBA image (a canvas's pixels) as a model input, as @xai/images' readImage and
 * loadInputs make one from a file: resized so the shorter side is `resize` (as sharp's
 * linear kernel resizes: resize.ts), centre-cropped, alpha dropped, grey by sharp's integer luma
 * weights for one-channel models, then normalised by the preset (normalisePixels itself).
 */
import { formatShape, XaiError } from '@xai/core';
import { normalisePixels, type Preprocess } from '@xai/images/preprocess';
import { resizePlane } from './resize.js';

export interface Rgba {
  readonly data: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

/** RGBA resized channel by channel as sharp resizes (see resize.ts). */
function resizeRgba(img: Rgba, width: number, height: number): Rgba {
  const out = new Uint8ClampedArray(width * height * 4);
  const plane = new Uint8ClampedArray(img.width * img.height);
  for (let k = 0; k < 4; k++) {
    for (let p = 0; p < plane.length; p++) plane[p] = img.data[4 * p + k]!;
    const r = resizePlane({ data: plane, width: img.width, height: img.height }, width, height);
    for (let p = 0; p < width * height; p++) out[4 * p + k] = r.data[p]!;
  }
  return { data: out, width, height };
}

function cropRgba(img: Rgba, left: number, top: number, side: number): Rgba {
  const out = new Uint8ClampedArray(side * side * 4);
  for (let y = 0; y < side; y++) {
    const from = 4 * ((top + y) * img.width + left);
    out.set(img.data.subarray(from, from + 4 * side), 4 * y * side);
  }
  return { data: out, width: side, height: side };
}

/**
 * Planar pixels `[C, H, W]` in 0-255 (for drawing) and the normalised input
 * `[1, C, H, W]`; SHAPE_MISMATCH naming the sizes when the image does not fit the model.
 */
export function imageToInput(
  image: Rgba,
  inputShape: readonly number[],
  preprocess: Preprocess,
  name: string,
): { pixels: Float32Array; input: { data: Float32Array; shape: number[] } } {
  const [C, H, W] = inputShape as [number, number, number];
  if (inputShape.length !== 3 || (C !== 1 && C !== 3)) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected a model taking images [1 or 3, H, W] for '${name}' but it takes ${formatShape(inputShape)}.`,
    );
  }
  let img = image;
  if (preprocess.resize !== undefined) {
    const s = preprocess.resize / Math.min(img.width, img.height);
    img = resizeRgba(img, Math.round(img.width * s), Math.round(img.height * s));
  }
  if (preprocess.crop !== undefined && preprocess.crop <= Math.min(img.width, img.height)) {
    const side = preprocess.crop;
    img = cropRgba(
      img,
      Math.round((img.width - side) / 2),
      Math.round((img.height - side) / 2),
      side,
    );
  }
  if (img.width !== W || img.height !== H) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected a ${W}x${H} image for a model taking ${formatShape(inputShape)} but '${name}' is ${img.width}x${img.height}${preprocess.resize || preprocess.crop ? ' after resizing and cropping' : ''}; choose a preprocessing that fits it (such as imagenet).`,
    );
  }
  const plane = H * W;
  const pixels = new Float32Array(C * plane);
  for (let p = 0; p < plane; p++) {
    const r = img.data[4 * p]!;
    const g = img.data[4 * p + 1]!;
    const b = img.data[4 * p + 2]!;
    if (C === 1) pixels[p] = (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
    else {
      pixels[p] = r;
      pixels[plane + p] = g;
      pixels[2 * plane + p] = b;
    }
  }
  const input = normalisePixels(pixels.slice(), C, preprocess);
  return { pixels, input: { data: input, shape: [1, C, H, W] } };
}
