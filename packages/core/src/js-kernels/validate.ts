/**
 * Argument checks shared by the kernels. Every native implementation should run the same
 * checks (they are exported for that), so a bad call gets the same code on every backend:
 * SHAPE_MISMATCH for shapes and lengths, NON_FINITE_INPUT for NaN and infinities,
 * INVALID_ARGUMENT for everything else (numbers out of range, empty tensors, wrong types).
 */
import { XaiError } from '../errors.js';
import type { IndexTensor } from '../kernels.js';
import { assertFinite, formatShape, sizeOf, type Tensor } from '../tensor.js';

/**
 * How much a check covers. `values: false` skips the scans of tensor values (NaN,
 * infinities, ranges) and keeps every check of types, shapes and numbers: for a backend
 * whose own binding scans the same values and, when it refuses a call, runs the full check
 * to report the reference's error.
 */
export interface CheckOptions {
  readonly values?: boolean;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function expectShapeOf(shape: unknown, length: number, what: string): void {
  const ok =
    Array.isArray(shape) &&
    shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0);
  if (!ok) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected an array of non-negative integers for the shape of ${what} but received ${describe(shape)}.`,
    );
  }
  if (sizeOf(shape) !== length) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected ${sizeOf(shape)} values for ${what} of shape ${formatShape(shape)} but received ${length}.`,
    );
  }
}

/** A float32 tensor whose data length matches its shape. */
export function expectTensor(t: unknown, what: string): asserts t is Tensor {
  const data = (t as { data?: unknown } | null)?.data;
  if (!(data instanceof Float32Array)) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected a tensor ({ data: Float32Array, shape }) for ${what} but received ${describe(data === undefined ? t : data)}.`,
    );
  }
  expectShapeOf((t as Tensor).shape, data.length, what);
}

/** An int32 tensor whose data length matches its shape. */
export function expectIndexTensor(t: unknown, what: string): asserts t is IndexTensor {
  const data = (t as { data?: unknown } | null)?.data;
  if (!(data instanceof Int32Array)) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected an index tensor ({ data: Int32Array, shape }) for ${what} but received ${describe(data === undefined ? t : data)}.`,
    );
  }
  expectShapeOf((t as IndexTensor).shape, data.length, what);
}

/**
 * The usual first check of a kernel's tensor argument: a non-empty float32 tensor of one of
 * `ranks` (axes named by `layout`), its values finite unless `scan` is false.
 */
export function expectFiniteTensor(
  t: unknown,
  what: string,
  ranks: readonly number[],
  layout: string,
  scan = true,
): asserts t is Tensor {
  expectTensor(t, what);
  expectRank(t.shape, ranks, what, layout);
  expectNonEmpty(t.shape, what);
  if (scan) assertFinite(t, what);
}

/** The shape has one of the given ranks; `layout` names the axes for the message. */
export function expectRank(
  shape: readonly number[],
  ranks: readonly number[],
  what: string,
  layout: string,
): void {
  if (!ranks.includes(shape.length)) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected ${layout} for ${what} but received ${formatShape(shape)}.`,
    );
  }
}

/** At least one axis: row-wise kernels work on the last. */
export function expectRows(shape: readonly number[], what: string): void {
  expectRank(shape, shape.length === 0 ? [1] : [shape.length], what, 'at least one axis');
}

/** No dimension is zero. */
export function expectNonEmpty(shape: readonly number[], what: string): void {
  if (shape.some((d) => d === 0)) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected a non-empty tensor for ${what} but received shape ${formatShape(shape)}.`,
    );
  }
}

export function expectSameShape(
  a: readonly number[],
  b: readonly number[],
  whatA: string,
  whatB: string,
): void {
  if (a.length !== b.length || a.some((d, i) => d !== b[i])) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected ${whatB} of shape ${formatShape(a)} (that of ${whatA}) but received ${formatShape(b)}.`,
    );
  }
}

/** No value is NaN (infinities are allowed). */
export function expectNoNaN(data: Float32Array, what: string): void {
  for (let i = 0; i < data.length; i++) {
    if (Number.isNaN(data[i]!)) {
      throw new XaiError(
        'NON_FINITE_INPUT',
        `Expected no NaN for ${what} but received NaN at flat index ${i}.`,
      );
    }
  }
}

/** Every value lies in [lo, hi] (call after `assertFinite`). */
export function expectValuesIn(data: Float32Array, lo: number, hi: number, what: string): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < lo || v > hi) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected values in [${lo}, ${hi}] for ${what} but received ${v} at flat index ${i}.`,
      );
    }
  }
}

/** An integer in [min, max]. */
export function expectInteger(
  value: unknown,
  what: string,
  min: number,
  max: number,
): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `in [${min}, ${max}]`;
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected an integer ${range} for ${what} but received ${describe(value)}.`,
    );
  }
}

/** A finite number ≥ min (strictly greater when `strict`). */
export function expectNumber(
  value: unknown,
  what: string,
  min: number,
  strict: boolean,
): asserts value is number {
  const ok =
    typeof value === 'number' && Number.isFinite(value) && (strict ? value > min : value >= min);
  if (!ok) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected a finite number ${strict ? '>' : '≥'} ${min} for ${what} but received ${describe(value)}.`,
    );
  }
}

/** The length of the last axis and the number of rows before it, for row-wise kernels. */
export function rowsOf(shape: readonly number[]): { rows: number; n: number } {
  const n = shape[shape.length - 1] ?? 1;
  return { rows: n === 0 ? 0 : sizeOf(shape) / n, n };
}

/** Masks [N, h, w] (perturb's and upsample's), finite where `scan`; returns their sizes. */
export function expectMasks(masks: Tensor, scan: boolean): { N: number; h: number; w: number } {
  expectFiniteTensor(masks, 'the masks', [3], 'shape [N, h, w]', scan);
  const [N, h, w] = masks.shape as [number, number, number];
  return { N, h, w };
}
