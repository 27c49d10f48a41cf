/**
 * Resizing 8-bit pixels as sharp does with `kernel: 'linear'` (what @xai/images uses in
 * Node), so the playground's input is the CLI's. sharp calls libvips's `vips_resize`:
 * - shrinking, each axis (rows first, rounded to 8 bits in between) is reduced by a
 *   triangle filter stretched by the shrink factor (anti-aliased: every input pixel under
 *   the stretched triangle counts, not only the two nearest), after an integer box shrink
 *   when the factor is 4 or more (the reducing gap of 2);
 * - enlarging, both axes at once are bilinear (see `enlarge` for where it samples).
 * libvips works in fixed point (12-bit weights, sub-pixel positions in 64ths); so does
 * this, with the same rounding: shrinking gives sharp's pixels to the bit, enlarging
 * within one unit (apps/docs/test/playground-resize.test.ts measures both).
 */

/** One channel's plane. */
interface Plane {
  readonly data: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

const SUB = 64; // libvips's VIPS_TRANSFORM_SCALE: sub-pixel positions in 64ths
const ONE = 4096; // VIPS_INTERPOLATE_SCALE: 12-bit fixed-point weights

/** The triangle's weights for each of the 65 sub-pixel offsets (vips_reduce_make_mask). */
function reduceTable(shrink: number, points: number): Int32Array[] {
  const tables: Int32Array[] = [];
  for (let t = 0; t <= SUB; t++) {
    const half = t / SUB + points / 2 - 1;
    const w = Array.from({ length: points }, (_, i) =>
      Math.max(0, 1 - Math.abs((i - half) / shrink)),
    );
    const sum = w.reduce((a, b) => a + b, 0);
    // C's (short) cast truncates towards zero.
    tables.push(Int32Array.from(w, (v) => Math.trunc((v / sum) * ONE)));
  }
  return tables;
}

/**
 * Samples along one axis: `n` lines of `len` values at `stride` apart, `line` apart.
 * The axis abstraction lets rows and columns share one reduce.
 */
interface Axis {
  readonly len: number;
  readonly lines: number;
  readonly at: (line: number, i: number) => number;
}

/** libvips's integer box shrink (vips_shrinkh/v with ceil): means of `k` values, edge copied. */
function boxShrink(a: Axis, k: number): { len: number; values: Uint8ClampedArray } {
  const len = Math.ceil(a.len / k);
  const values = new Uint8ClampedArray(len * a.lines);
  const multiplier = Math.floor((1 << 24) / k);
  for (let l = 0; l < a.lines; l++) {
    for (let j = 0; j < len; j++) {
      let sum = Math.floor(k / 2);
      for (let i = 0; i < k; i++) sum += a.at(l, Math.min(a.len - 1, j * k + i));
      values[l * len + j] = Math.floor((sum * multiplier) / 2 ** 24); // below 2^32: exact
    }
  }
  return { len, values };
}

/** libvips's reduce along one axis from `a.len` to `out` values (vips_reduceh/v, linear kernel). */
function reduceAxis(a: Axis, out: number): Uint8ClampedArray {
  let shrink = a.len / out;
  let extra = out * shrink - a.len;
  let src = a;
  const box = Math.max(1, Math.floor(a.len / out / 2));
  if (box > 1) {
    const s = boxShrink(a, box);
    src = { len: s.len, lines: a.lines, at: (l, i) => s.values[l * s.len + i]! };
    shrink /= box;
    extra /= box;
  }
  const result = new Uint8ClampedArray(out * a.lines);
  if (shrink === 1) {
    for (let l = 0; l < a.lines; l++)
      for (let x = 0; x < out; x++) result[l * out + x] = src.at(l, x);
    return result;
  }
  const points = 2 * Math.round(shrink) + 1;
  const left = Math.ceil(points / 2) - 1;
  const offset = (1 + extra) / 2 - 1;
  const tables = reduceTable(shrink, points);
  for (let x = 0; x < out; x++) {
    const X = (x + 0.5) * shrink - 0.5 - offset;
    const ix = Math.trunc(X);
    const tx = ((Math.trunc(X * SUB * 2) & (SUB * 2 - 1)) + 1) >> 1;
    const c = tables[tx]!;
    for (let l = 0; l < a.lines; l++) {
      let sum = 0;
      for (let i = 0; i < points; i++) {
        sum += c[i]! * src.at(l, Math.min(src.len - 1, Math.max(0, ix + i - left)));
      }
      result[l * out + x] = (sum + ONE / 2) >> 12;
    }
  }
  return result;
}

/**
 * Bilinear enlargement as sharp does it: output pixel x samples the input at
 * `x * in / out - 0.5` (not torchvision's half-pixel `(x + 0.5) * in / out - 0.5`: half an
 * output pixel to the left; measured against sharp 0.35 / libvips 8.18, where the
 * half-pixel formula is off by up to 68 units and this one by at most 1), edges copied, with
 * libvips's bilinear interpolator: 12-bit fractions, weights c1..c4 in fixed point, rounded.
 */
function enlarge(p: Plane, width: number, height: number): Plane {
  const out = new Uint8ClampedArray(width * height);
  const sx = p.width / width;
  const sy = p.height / height;
  const at = (yy: number, xx: number) =>
    p.data[
      Math.min(p.height - 1, Math.max(0, yy)) * p.width + Math.min(p.width - 1, Math.max(0, xx))
    ]!;
  for (let y = 0; y < height; y++) {
    const fy = y * sy - 0.5;
    const iy = Math.floor(fy);
    const Y = Math.trunc((fy - iy) * ONE);
    const Yd = ONE - Y;
    for (let x = 0; x < width; x++) {
      const fx = x * sx - 0.5;
      const ix = Math.floor(fx);
      const X = Math.trunc((fx - ix) * ONE);
      const c4 = (Y * X) >> 12;
      const c2 = (Yd * X) >> 12;
      const c3 = Y - c4;
      const c1 = Yd - c2;
      const sum =
        c1 * at(iy, ix) + c2 * at(iy, ix + 1) + c3 * at(iy + 1, ix) + c4 * at(iy + 1, ix + 1);
      out[y * width + x] = (sum + ONE / 2) >> 12;
    }
  }
  return { data: out, width, height };
}

/** One plane resized as sharp's `resize(width, height, { kernel: 'linear', fit: 'fill' })`. */
export function resizePlane(p: Plane, width: number, height: number): Plane {
  if (width > p.width || height > p.height) return enlarge(p, width, height);
  // Rows first (vips_reducev), rounded to 8 bits, then columns (vips_reduceh).
  let q: Plane = p;
  if (height < q.height) {
    const src = q;
    const data = reduceAxis(
      { len: src.height, lines: src.width, at: (x, y) => src.data[y * src.width + x]! },
      height,
    );
    // reduceAxis writes line-major (one column after another): back to rows.
    const rows = new Uint8ClampedArray(src.width * height);
    for (let x = 0; x < src.width; x++)
      for (let y = 0; y < height; y++) rows[y * src.width + x] = data[x * height + y]!;
    q = { data: rows, width: src.width, height };
  }
  if (width < q.width) {
    const src = q;
    const data = reduceAxis(
      { len: src.width, lines: src.height, at: (y, x) => src.data[y * src.width + x]! },
      width,
    );
    q = { data, width, height: src.height };
  }
  return q;
}
