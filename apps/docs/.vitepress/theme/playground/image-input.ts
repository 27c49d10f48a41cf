/**
 * An RGBA image (a canvas's pixels) as a model input, as @xai/images' readImage and
 * loadInputs make one from a file: resized so the shorter side is `resize` (bilinear,
 * half-pixel centres), centre-cropped, alpha dropped, grey by sharp's integer luma
 * weights for one-channel models, then normalised by the preset (normalisePixels itself).
 */
import { formatShape, XaiError } from '@xai/core';
import { normalisePixels, type Preprocess } from '@xai/images/preprocess';

export interface Rgba {
  readonly data: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

/** Bilinear resize of RGBA with half-pixel centres (edges clamped). */
function resizeRgba(img: Rgba, width: number, height: number): Rgba {
  const out = new Uint8ClampedArray(width * height * 4);
  const sx = img.width / width;
  const sy = img.height / height;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(img.height - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(img.height - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(img.width - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(img.width - 1, x0 + 1);
      const wx = fx - x0;
      for (let k = 0; k < 4; k++) {
        const at = (yy: number, xx: number) => img.data[4 * (yy * img.width + xx) + k]!;
        const top = at(y0, x0) * (1 - wx) + at(y0, x1) * wx;
        const bottom = at(y1, x0) * (1 - wx) + at(y1, x1) * wx;
        out[4 * (y * width + x) + k] = Math.round(top * (1 - wy) + bottom * wy);
      }
    }
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
