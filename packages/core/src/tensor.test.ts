import { describe, expect, it } from 'vitest';
import { XaiError } from './errors.js';
import { pickBatch, sliceBatch } from './tensor.js';

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

describe('pickBatch rows', () => {
  it('rejects a row outside the batch', () => {
    expect(() => pickBatch(t, [0, 4])).toThrow(/from 0 to 3 for pickBatch but received 4/);
    expect(() => pickBatch(t, [1.5])).toThrow(XaiError);
  });
});
