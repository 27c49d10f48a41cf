import { describe, expect, it } from 'vitest';
import { XaiError } from './errors.js';
import { resolveTargets } from './targets.js';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return XaiError.isInstance(e) ? e.code : 'not an XaiError';
  }
  return undefined;
}

describe('resolveTargets', () => {
  it('repeats one index, copies per-sample indices, and takes the argmax for predicted', () => {
    expect([...resolveTargets(2, 3, 5)]).toEqual([2, 2, 2]);
    expect([...resolveTargets([4, 0], 2, 5)]).toEqual([4, 0]);
    const logits = { data: Float32Array.from([0, 3, 1, 9, 2, 2]), shape: [2, 3] };
    expect([...resolveTargets('predicted', 2, 3, logits)]).toEqual([1, 0]);
  });

  it('names the culprit when an index is out of range', () => {
    expect(codeOf(() => resolveTargets(5, 1, 5))).toBe('TARGET_OUT_OF_RANGE');
    expect(codeOf(() => resolveTargets(-1, 1, 5))).toBe('TARGET_OUT_OF_RANGE');
    expect(codeOf(() => resolveTargets(1.5, 1, 5))).toBe('TARGET_OUT_OF_RANGE');
    expect(() => resolveTargets([0, 7], 2, 5)).toThrow(/sample 1.*\[0, 4\].*received 7/);
  });

  it('rejects a per-sample list of the wrong length and predicted without logits', () => {
    expect(codeOf(() => resolveTargets([1, 2, 3], 2, 5))).toBe('SHAPE_MISMATCH');
    expect(codeOf(() => resolveTargets('predicted', 2, 5))).toBe('INVALID_ARGUMENT');
  });
});
