import { describe, expect, it } from 'vitest';
import { XaiError } from './errors.js';
import { assertFinite, batchRows, joinBatches, pickBatch, sliceBatch } from './tensor.js';

const t = { data: Float32Array.from({ length: 12 }, (_, i) => i), shape: [4, 1, 3] };

describe('pickBatch', () => {
  it('gathers the rows in the order given, repeats included, into new memory', () => {
    const p = pickBatch(t, [2, 0, 2]);
    expect(p.shape).toEqual([3, 1, 3]);
    expect(Array.from(p.data)).toEqual([6, 7, 8, 0, 1, 2, 6, 7, 8]);
    p.data[0] = -1;
    expect(t.data[6]).toBe(6);
  });

  it('equals sliceBatch on a contiguous range', () => {
    expect(pickBatch(t, [1, 2])).toEqual(sliceBatch(t, 1, 3));
  });
});

describe('sliceBatch', () => {
  it('copies samples start .. end - 1', () => {
    const s = sliceBatch(t, 1, 3);
    expect(s.shape).toEqual([2, 1, 3]);
    expect(Array.from(s.data)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(sliceBatch(t, 2, 2).shape).toEqual([0, 1, 3]);
  });

  it('rejects a range outside the batch, naming it, instead of a negative batch size', () => {
    expect(() => sliceBatch(t, 3, 1)).toThrow(/0 <= start <= end <= 4 .* start 3, end 1/);
    expect(() => sliceBatch(t, 0, 5)).toThrow(/received start 0, end 5/);
    expect(() => sliceBatch(t, -1, 2)).toThrow(XaiError);
  });
});

describe('batchRows and joinBatches (one-chunk runs without copies)', () => {
  it('batchRows gives the batch itself for its whole range, a copy for part of it', () => {
    expect(batchRows(t, 0, 4)).toBe(t);
    const part = batchRows(t, 1, 3);
    expect(part).toEqual(sliceBatch(t, 1, 3));
    part.data[0] = -1;
    expect(t.data[3]).toBe(3);
    expect(() => batchRows(t, 0, 5)).toThrow(/received start 0, end 5/);
  });

  it('joinBatches gives a single part as it is and stacks several', () => {
    const one = sliceBatch(t, 0, 2);
    expect(joinBatches([one])).toBe(one);
    const joined = joinBatches([one, sliceBatch(t, 2, 4)]);
    expect(joined).toEqual(t);
    expect(joined.data).not.toBe(t.data);
    expect(() => joinBatches([])).toThrow(XaiError);
  });
});

describe('pickBatch rows', () => {
  it('rejects a row outside the batch', () => {
    expect(() => pickBatch(t, [0, 4])).toThrow(/from 0 to 3 for pickBatch but received 4/);
    expect(() => pickBatch(t, [1.5])).toThrow(XaiError);
  });
});

describe('assertFinite', () => {
  it('names the first NaN or infinity at every position of short and long tensors', () => {
    // Lengths around the scan's groups of four, and the bad value at every position.
    for (const n of [1, 2, 3, 4, 5, 7, 8, 9, 1001]) {
      for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
        for (let at = 0; at < n; at += n > 100 ? 97 : 1) {
          const data = Float32Array.from({ length: n }, (_, i) => (i % 2 ? -1e38 : 3.3e38));
          data[at] = bad;
          if (at + 1 < n) data[n - 1] = Number.NaN; // a later one is not the one named
          expect(() => assertFinite({ data, shape: [n] }, 'x')).toThrow(
            new XaiError(
              'NON_FINITE_INPUT',
              `Expected finite values in x but received ${bad} at flat index ${at}; replace NaN and infinities before explaining.`,
            ),
          );
        }
      }
    }
  });

  it('passes finite values of every size, zeros, signed zeros and the largest floats included', () => {
    for (const n of [0, 1, 3, 4, 6, 1001]) {
      const data = Float32Array.from(
        { length: n },
        (_, i) => [0, -0, 3.4028234663852886e38, -3.4028234663852886e38, 1.4e-45][i % 5]!,
      );
      expect(() => assertFinite({ data, shape: [n] }, 'x')).not.toThrow();
    }
    const doubles = Float64Array.from([Number.MAX_VALUE, -Number.MAX_VALUE, 5e-324, 1]);
    expect(() => assertFinite({ data: doubles, shape: [4] } as never, 'x')).not.toThrow();
  });
});
