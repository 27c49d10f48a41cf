/**
 * Family 3, ranking: stable descending argsort, top-k, and pixel orders to insertion or
 * deletion step masks. docs/kernels.md, section 3.
 */
import { XaiError } from '../errors.js';
import type { IndexTensor, RankMasksArgs, TopK } from '../kernels.js';
import type { Tensor } from '../tensor.js';
import {
  expectIndexTensor,
  expectInteger,
  expectNoNaN,
  expectNonEmpty,
  expectRank,
  expectRows,
  expectTensor,
  rowsOf,
} from './validate.js';

/** Runs this short are insertion-sorted before merging; any length gives the same order. */
const RUN = 16;

/**
 * Sorts the indices 0..n-1 of one row so its values descend, ties in index order: insertion
 * sort on short runs, then bottom-up merges that take from the right run only when strictly
 * greater. Returns whichever of the two buffers holds the result.
 */
function argsortRow(
  values: Float32Array,
  base: number,
  n: number,
  idx: Int32Array,
  tmp: Int32Array,
): Int32Array {
  for (let i = 0; i < n; i++) idx[i] = i;
  for (let start = 0; start < n; start += RUN) {
    const end = Math.min(start + RUN, n);
    for (let i = start + 1; i < end; i++) {
      const id = idx[i]!;
      const v = values[base + id]!;
      let j = i - 1;
      while (j >= start && values[base + idx[j]!]! < v) {
        idx[j + 1] = idx[j]!;
        j--;
      }
      idx[j + 1] = id;
    }
  }
  let src = idx;
  let dst = tmp;
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        dst[k++] = values[base + src[j]!]! > values[base + src[i]!]! ? src[j++]! : src[i++]!;
      }
      while (i < mid) dst[k++] = src[i++]!;
      while (j < hi) dst[k++] = src[j++]!;
    }
    [src, dst] = [dst, src];
  }
  return src;
}

function checkValues(values: Tensor): void {
  expectTensor(values, 'the values to rank');
  expectRows(values.shape, 'the values to rank');
  expectNonEmpty(values.shape, 'the values to rank');
  expectNoNaN(values.data, 'the values to rank');
}

export function checkArgsortArgs(values: Tensor): void {
  checkValues(values);
}

/** Sorts every row (last axis); `keep` leading entries of each are written to the output. */
function argsortRows(values: Tensor, keep: number): Int32Array {
  const { rows, n } = rowsOf(values.shape);
  const out = new Int32Array(rows * keep);
  const idx = new Int32Array(n);
  const tmp = new Int32Array(n);
  for (let r = 0; r < rows; r++) {
    const sorted = argsortRow(values.data, r * n, n, idx, tmp);
    out.set(keep === n ? sorted : sorted.subarray(0, keep), r * keep);
  }
  return out;
}

export async function argsortDescending(values: Tensor): Promise<IndexTensor> {
  checkArgsortArgs(values);
  return { data: argsortRows(values, rowsOf(values.shape).n), shape: [...values.shape] };
}

export function checkTopKArgs(values: Tensor, k: number): void {
  checkValues(values);
  expectInteger(k, 'k in top-k', 1, rowsOf(values.shape).n);
}

export async function topK(values: Tensor, k: number): Promise<TopK> {
  checkTopKArgs(values, k);
  const { rows, n } = rowsOf(values.shape);
  const indices = argsortRows(values, k);
  const picked = new Float32Array(rows * k);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < k; i++) picked[r * k + i] = values.data[r * n + indices[r * k + i]!]!;
  }
  const shape = [...values.shape.slice(0, -1), k];
  return { values: { data: picked, shape }, indices: { data: indices, shape: [...shape] } };
}

/** The validated counts: S, k, and the masks asked for (first and how many). */
export interface RankMasksPlan {
  readonly steps: number;
  readonly pixelsPerStep: number;
  readonly first: number;
  readonly count: number;
}

export function checkRankMasksArgs(args: RankMasksArgs): RankMasksPlan {
  const { order, height, width, mode } = args;
  expectIndexTensor(order, 'the pixel order');
  expectRank(order.shape, [1, 2], 'the pixel order', 'shape [n] or [B, n]');
  expectNonEmpty(order.shape, 'the pixel order');
  expectInteger(height, 'the mask height', 1, Number.MAX_SAFE_INTEGER);
  expectInteger(width, 'the mask width', 1, Number.MAX_SAFE_INTEGER);
  const { rows, n } = rowsOf(order.shape);
  if (n !== height * width) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected ${height * width} pixels (height ${height} × width ${width}) per row of the pixel order but received ${n}.`,
    );
  }
  if (mode !== undefined && mode !== 'insertion' && mode !== 'deletion') {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected 'insertion' or 'deletion' for the mode but received ${String(mode)}.`,
    );
  }
  if (args.steps === undefined && args.pixelsPerStep === undefined) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      'Expected steps, pixelsPerStep or both for the step masks but received neither.',
    );
  }
  if (args.steps !== undefined) expectInteger(args.steps, 'the number of steps', 1, n);
  if (args.pixelsPerStep !== undefined)
    expectInteger(args.pixelsPerStep, 'the pixels per step', 1, n);
  const seen = new Uint8Array(n);
  for (let r = 0; r < rows; r++) {
    seen.fill(0);
    for (let i = 0; i < n; i++) {
      const p = order.data[r * n + i]!;
      if (p < 0 || p >= n || seen[p] === 1) {
        throw new XaiError(
          'INVALID_ARGUMENT',
          `Expected each row of the pixel order to be a permutation of 0..${n - 1} but received ${p} ${p < 0 || p >= n ? 'out of range' : 'twice'} at row ${r}, position ${i}.`,
        );
      }
      seen[p] = 1;
    }
  }
  const pixelsPerStep = args.pixelsPerStep ?? Math.ceil(n / args.steps!);
  const steps = args.steps ?? Math.ceil(n / pixelsPerStep);
  const [first, end] = checkStepRange(args.stepRange, steps);
  return { steps, pixelsPerStep, first, count: end - first };
}

/** The masks asked for, [first, end) within [0, steps + 1], non-empty. */
function checkStepRange(
  range: RankMasksArgs['stepRange'],
  steps: number,
): readonly [number, number] {
  if (range === undefined) return [0, steps + 1];
  if (!Array.isArray(range) || range.length !== 2) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected stepRange to be [first, end] but received ${JSON.stringify(range)}.`,
    );
  }
  const [first, end] = range as [number, number];
  expectInteger(first, 'the first step of stepRange', 0, steps);
  expectInteger(end, 'the end of stepRange', first + 1, steps + 1);
  return [first, end];
}

export async function rankMasks(args: RankMasksArgs): Promise<Tensor> {
  const { pixelsPerStep, first, count } = checkRankMasksArgs(args);
  const { order, height, width } = args;
  const { rows, n } = rowsOf(order.shape);
  const on = args.mode === 'deletion' ? 0 : 1;
  const out = new Float32Array(rows * count * n);
  if (on === 0) out.fill(1);
  const listed = (s: number) => Math.min(s * pixelsPerStep, n);
  for (let r = 0; r < rows; r++) {
    const rowOrder = order.data.subarray(r * n, (r + 1) * n);
    const start = r * count * n;
    for (let i = 0; i < listed(first); i++) out[start + rowOrder[i]!] = on;
    // Mask s is mask s − 1 plus the pixels order[(s − 1)·k .. min(s·k, n) − 1].
    for (let j = 1; j < count; j++) {
      const mask = start + j * n;
      out.copyWithin(mask, mask - n, mask);
      for (let i = listed(first + j - 1); i < listed(first + j); i++) out[mask + rowOrder[i]!] = on;
    }
  }
  const shape = [count, height, width];
  return { data: out, shape: order.shape.length === 2 ? [rows, ...shape] : shape };
}
