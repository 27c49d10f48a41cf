import { npyToTensor, type Tensor, XaiError } from '@xai/core';
import { readInputFile } from '@xai/images';
import sharp from 'sharp';

/**
 * `--masks`: ground-truth masks for the localisation metrics, non-zero inside the object.
 * A .npy holds one per sample, `[N, 1, H, W]` or `[N, H, W]`; a .png is one mask, its
 * first channel read (any non-zero value is inside). Returned as `[N, 1, H, W]`.
 */
export async function readMasks(file: string, height: number, width: number): Promise<Tensor> {
  const bytes = await readInputFile(file, 'a masks file');
  if (file.endsWith('.npy')) {
    const t = npyToTensor(new Uint8Array(bytes), `'${file}'`);
    const s = t.shape;
    const ok =
      (s.length === 4 && s[1] === 1 && s[2] === height && s[3] === width) ||
      (s.length === 3 && s[1] === height && s[2] === width);
    if (!ok) {
      throw new XaiError(
        'SHAPE_MISMATCH',
        `Expected masks of shape [N, 1, ${height}, ${width}] in '${file}' but received [${s.join(', ')}].`,
      );
    }
    return { data: t.data, shape: [s[0]!, 1, height, width] };
  }
  if (file.endsWith('.png')) {
    const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
    if (info.height !== height || info.width !== width) {
      throw new XaiError(
        'SHAPE_MISMATCH',
        `Expected a ${width} x ${height} mask in '${file}' (the model's input size) but received ${info.width} x ${info.height}.`,
      );
    }
    const out = new Float32Array(height * width);
    for (let p = 0; p < out.length; p++) out[p] = data[p * info.channels]! > 0 ? 1 : 0;
    return { data: out, shape: [1, 1, height, width] };
  }
  throw new XaiError(
    'INVALID_ARGUMENT',
    `Expected --masks to be a .npy or .png file but received '${file}'.`,
  );
}

/** The inclusive bounding box `[x0, y0, x1, y1]` of mask `i` of `[N, 1, H, W]` masks. */
export function maskBox(masks: Tensor, i: number): [number, number, number, number] {
  const [, , H, W] = masks.shape as [number, number, number, number];
  let x0 = W;
  let y0 = H;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if (masks.data[i * H * W + y * W + x] === 0) continue;
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
  }
  if (x1 < 0) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected mask ${i} to mark at least one pixel but it is empty.`,
    );
  }
  return [x0, y0, x1, y1];
}
