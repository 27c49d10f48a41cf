import { expect } from 'vitest';

/**
 * `now` holds the numbers of `before` bit for bit, a zero of either sign equal to the other
 * (a product's -0 where a scatter or a mask gives 0), and some of them are not zero (so the
 * comparison compared something).
 */
export function expectSameValues(now: Float32Array, before: Float32Array): void {
  expect(now.length).toBe(before.length);
  let nonzero = 0;
  for (let i = 0; i < now.length; i++) {
    expect(now[i]! + 0, `element ${i}`).toBe(before[i]! + 0);
    if (before[i] !== 0) nonzero++;
  }
  expect(nonzero).toBeGreaterThan(0);
}
