/**
 * Score-weighted sums of masks: RISE's saliency, and the noise tunnel's sum of its rows.
 */
import { XaiError } from './errors.js';
import { blendMemory } from './js-kernels/blend-memory.js';
import { loadWasmBlend, reserveBlendMemory } from './wasm/blend-wasm.js';

/**
 * `sum[at + p] += w[i] * masks[i * plane + p]` over every mask i, in the order of i: RISE's
 * score-weighted sum of its masks, and the noise tunnel's sum of its rows (weights 1). Eight
 * masks share one pass over `sum` (its loads and stores were most of the work: four at a time
 * 2.4x faster on 500 masks of 28x28 than one, eight 1.24-1.27x faster than four), and each
 * element still adds the terms one after another, so the result is bit for bit the one-mask
 * loop's.
 */
export function addWeightedMasks(
  sum: Float64Array,
  at: number,
  w: ArrayLike<number>,
  masks: Float32Array,
  plane: number,
): void {
  const n = w.length;
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const w0 = w[i]!;
    const w1 = w[i + 1]!;
    const w2 = w[i + 2]!;
    const w3 = w[i + 3]!;
    const w4 = w[i + 4]!;
    const w5 = w[i + 5]!;
    const w6 = w[i + 6]!;
    const w7 = w[i + 7]!;
    const q0 = i * plane;
    const q1 = q0 + plane;
    const q2 = q1 + plane;
    const q3 = q2 + plane;
    const q4 = q3 + plane;
    const q5 = q4 + plane;
    const q6 = q5 + plane;
    const q7 = q6 + plane;
    for (let p = 0; p < plane; p++) {
      sum[at + p] =
        sum[at + p]! +
        w0 * masks[q0 + p]! +
        w1 * masks[q1 + p]! +
        w2 * masks[q2 + p]! +
        w3 * masks[q3 + p]! +
        w4 * masks[q4 + p]! +
        w5 * masks[q5 + p]! +
        w6 * masks[q6 + p]! +
        w7 * masks[q7 + p]!;
    }
  }
  for (; i < n; i++) {
    const wi = w[i]!;
    const q = i * plane;
    for (let p = 0; p < plane; p++) sum[at + p]! += wi * masks[q + p]!;
  }
}

/**
 * `addWeightedMasks(sum, b · plane, weights[b], masks, plane)` for every row b of weights: the
 * same masks weighted by each image's scores (RISE). On the WebAssembly kernel where it runs
 * (wasm/blend.wat's weightedSums: the same float64 operations in the same order, so the same
 * bits), the masks copied in once for all rows; in JavaScript where it does not, or where the
 * masks would grow its memory past `blendMemory.maxBytes`. RISE's 500 masks of 28×28 for 8
 * images: 0.51 ms against the JavaScript's 1.71 (docs/benchmarks/blend-loops.md).
 */
export function addWeightedMaskSets(
  sum: Float64Array,
  weights: readonly ArrayLike<number>[],
  masks: Float32Array,
  plane: number,
): void {
  const count = plane === 0 ? 0 : masks.length / plane;
  const ok =
    Number.isInteger(count) &&
    sum.length >= weights.length * plane &&
    weights.every((w) => w.length === count);
  if (!ok) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected masks of whole planes of ${plane}, a weight per mask in each of ${weights.length} rows and ${weights.length * plane} sums but received ${masks.length} mask values, rows of ${weights.map((w) => w.length).join(', ')} weights and ${sum.length} sums.`,
    );
  }
  const kernel = loadWasmBlend();
  // Sums, weights, masks: float64 first so every part stays 8-byte aligned.
  const wAt = 8 * plane;
  const masksAt = wAt + 8 * count;
  const end = masksAt + 4 * masks.length;
  if (!kernel || end > blendMemory.maxBytes || count === 0) {
    for (let b = 0; b < weights.length; b++)
      addWeightedMasks(sum, b * plane, weights[b]!, masks, plane);
    return;
  }
  const buffer = reserveBlendMemory(kernel, end);
  new Float32Array(buffer, masksAt, masks.length).set(masks);
  const sums = new Float64Array(buffer, 0, plane);
  const w = new Float64Array(buffer, wAt, count);
  for (let b = 0; b < weights.length; b++) {
    const row = weights[b]!;
    for (let i = 0; i < count; i++) w[i] = row[i]!;
    sums.set(sum.subarray(b * plane, (b + 1) * plane));
    kernel.weightedSums(masksAt, count, plane, wAt, 0);
    sum.set(sums, b * plane);
  }
}
