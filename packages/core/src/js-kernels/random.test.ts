import { describe, expect, it } from 'vitest';
import { XaiError } from '../errors.js';
import { createRng } from '../prng.js';
import { random } from './random.js';

describe('random', () => {
  it('shapes the stream elements offset + j, as the sequential generator draws them', async () => {
    const u = await random({
      distribution: 'uniform',
      shape: [2, 3],
      seed: 42,
      stream: 7,
      offset: 4,
    });
    expect(u.shape).toEqual([2, 3]);
    const rng = createRng(42, 7, 4);
    expect(Array.from(u.data)).toEqual(Array.from({ length: 6 }, () => rng.uniform()));
    const z = await random({ distribution: 'normal', shape: [5], seed: 42, stream: 7, offset: 4 });
    const zrng = createRng(42, 7, 4);
    expect(Array.from(z.data)).toEqual(Array.from({ length: 5 }, () => zrng.normal()));
  });

  it('rejects unknown distributions, bad shapes and bad counters', async () => {
    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => 'resolved',
        (e: unknown) => (XaiError.isInstance(e) ? e.code : 'other'),
      );
    expect(
      await codeOf(random({ distribution: 'gamma' as 'normal', shape: [2], seed: 0, stream: 0 })),
    ).toBe('INVALID_ARGUMENT');
    expect(
      await codeOf(random({ distribution: 'normal', shape: [2, -1], seed: 0, stream: 0 })),
    ).toBe('SHAPE_MISMATCH');
    expect(await codeOf(random({ distribution: 'normal', shape: [0], seed: 0, stream: 0 }))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(
      await codeOf(random({ distribution: 'uniform', shape: [2], seed: 0.5, stream: 0 })),
    ).toBe('INVALID_ARGUMENT');
  });
});
