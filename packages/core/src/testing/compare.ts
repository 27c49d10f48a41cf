/**
 * Comparisons that return failure messages instead of throwing, so every check is a plain
 * function whose result a test can inspect (and so one run reports every mismatch).
 */
import type { IndexTensor } from '../kernels.js';
import { formatShape, type Tensor } from '../tensor.js';
import { ulpDistance } from './ulp.js';

/** How many mismatching elements a message lists before summarising the rest. */
const SHOWN = 3;

function summarise(label: string, lines: string[], count: number): string[] {
  if (count === 0) return [];
  const more = count > lines.length ? `; ${count - lines.length} more` : '';
  return [`${label}: ${lines.join('; ')}${more}`];
}

export function compareShape(
  label: string,
  actual: readonly number[] | undefined,
  expected: readonly number[],
): string[] {
  const same =
    actual !== undefined &&
    actual.length === expected.length &&
    actual.every((d, i) => d === expected[i]);
  return same
    ? []
    : [
        `${label}: shape ${actual ? formatShape(actual) : 'missing'}, expected ${formatShape(expected)}`,
      ];
}

function compareLength(
  label: string,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
): string[] {
  return actual.length === expected.length
    ? []
    : [`${label}: ${actual.length} elements, expected ${expected.length}`];
}

/** Every element within `tolerance(i)` of the expected value; NaN never matches. */
export function compareWithin(
  label: string,
  actual: Float32Array,
  expected: Float32Array,
  tolerance: (i: number) => number,
  describeGap: (a: number, e: number) => string = (a, e) => `off by ${Math.abs(a - e)}`,
): string[] {
  const length = compareLength(label, actual, expected);
  if (length.length > 0) return length;
  const lines: string[] = [];
  let count = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (a === e || Math.abs(a - e) <= tolerance(i)) continue;
    count++;
    if (lines.length < SHOWN)
      lines.push(
        `element ${i} is ${a}, expected ${e} (${describeGap(a, e)}, allowed ${tolerance(i)})`,
      );
  }
  return summarise(label, lines, count);
}

/** Every element at most `maxUlp` float32 steps from the expected value. */
export function compareUlp(
  label: string,
  actual: Float32Array,
  expected: Float32Array,
  maxUlp: number,
): string[] {
  const length = compareLength(label, actual, expected);
  if (length.length > 0) return length;
  const lines: string[] = [];
  let count = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = ulpDistance(actual[i]!, expected[i]!);
    if (d <= maxUlp) continue;
    count++;
    if (lines.length < SHOWN) {
      lines.push(
        `element ${i} is ${actual[i]}, expected ${expected[i]} (${d} ulp apart, at most ${maxUlp} allowed)`,
      );
    }
  }
  return summarise(label, lines, count);
}

/** The same bits, element by element (for uniform draws and for indices). */
export function compareExact(
  label: string,
  actual: Float32Array | Int32Array,
  expected: Float32Array | Int32Array,
): string[] {
  const length = compareLength(label, actual, expected);
  if (length.length > 0) return length;
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const e = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  const lines: string[] = [];
  let count = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === e[i]) continue;
    count++;
    if (lines.length < SHOWN) lines.push(`element ${i} is ${actual[i]}, expected ${expected[i]}`);
  }
  return summarise(label, lines, count);
}

/** Checks the type of an output's data before its values are compared. */
export function expectKind(
  label: string,
  value: unknown,
  kind: typeof Float32Array | typeof Int32Array,
): string[] {
  const data = (value as { data?: unknown } | null | undefined)?.data;
  return data instanceof kind ? [] : [`${label}: expected data to be a ${kind.name}`];
}

/** Runs one comparison, turning an unexpected rejection of the kernel into a failure. */
export async function attempt(label: string, body: () => Promise<string[]>): Promise<string[]> {
  try {
    return await body();
  } catch (e) {
    return [`${label}: rejected unexpectedly: ${e instanceof Error ? e.message : String(e)}`];
  }
}

/** Type, shape, then values of a float output, against the reference's. */
export function compareTensor(
  label: string,
  actual: unknown,
  expected: Tensor,
  compareValues: (actual: Float32Array, expected: Float32Array) => string[],
): string[] {
  const kind = expectKind(label, actual, Float32Array);
  if (kind.length > 0) return kind;
  const a = actual as Tensor;
  return [...compareShape(label, a.shape, expected.shape), ...compareValues(a.data, expected.data)];
}

/** Type, shape and every index of an index output. */
export function compareIndexTensor(
  label: string,
  actual: unknown,
  expected: IndexTensor,
): string[] {
  const kind = expectKind(label, actual, Int32Array);
  if (kind.length > 0) return kind;
  const a = actual as IndexTensor;
  return [
    ...compareShape(label, a.shape, expected.shape),
    ...compareExact(label, a.data, expected.data),
  ];
}
