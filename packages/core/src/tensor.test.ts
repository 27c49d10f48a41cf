import { describe, expect, it } from 'vitest';
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
