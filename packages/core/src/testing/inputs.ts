/** Deterministic inputs for the conformance checks, drawn from the counter-based generator. */
import { fillNormal, fillUniform } from '../prng.js';
import type { Tensor } from '../tensor.js';
import { sizeOf } from '../tensor.js';

/** Test data gets its own seed so it never coincides with the draws under test. */
const DATA_SEED = 20240917;

/** Uniform values in [lo, hi) of the given shape; `stream` tells inputs apart. */
export function uniformTensor(shape: readonly number[], stream: number, lo = 0, hi = 1): Tensor {
  const data = fillUniform(new Float32Array(sizeOf(shape)), DATA_SEED, stream);
  for (let i = 0; i < data.length; i++) data[i] = lo + (hi - lo) * data[i]!;
  return { data, shape: [...shape] };
}

/** Normal values with standard deviation `scale`. */
export function normalTensor(shape: readonly number[], stream: number, scale = 1): Tensor {
  const data = fillNormal(new Float32Array(sizeOf(shape)), DATA_SEED, stream);
  for (let i = 0; i < data.length; i++) data[i] = scale * data[i]!;
  return { data, shape: [...shape] };
}

/** Small integers with many ties, and +0, −0, +∞ and −∞ sprinkled in, for ranking. */
export function tiedTensor(shape: readonly number[], stream: number): Tensor {
  const data = fillUniform(new Float32Array(sizeOf(shape)), DATA_SEED, stream);
  const special = [0, -0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (let i = 0; i < data.length; i++) {
    data[i] = i % 13 === 6 ? special[(i >> 2) % 4]! : Math.floor(data[i]! * 5) - 2;
  }
  return { data, shape: [...shape] };
}

/** Softmax probabilities of normal logits, rows of K; `sharpness` scales the logits. */
export function probabilityTensor(
  rows: number,
  K: number,
  stream: number,
  sharpness: number,
): Tensor {
  const { data } = normalTensor([rows, K], stream, sharpness);
  for (let r = 0; r < rows; r++) {
    const row = data.subarray(r * K, (r + 1) * K);
    let max = Number.NEGATIVE_INFINITY;
    for (const z of row) max = Math.max(max, z);
    let sum = 0;
    for (let k = 0; k < K; k++) sum += Math.exp(row[k]! - max);
    for (let k = 0; k < K; k++) row[k] = Math.exp(row[k]! - max) / sum;
  }
  return { data, shape: [rows, K] };
}
