import { describe, expect, it } from 'vitest';
import { rejection } from '../../test/helpers/rejection.js';
import { fillUniform } from '../prng.js';
import { argsortDescending, rankMasks, topK } from './ranking.js';

/** Array.prototype.sort with an explicit index tie-break. */
function naiveArgsort(row: ArrayLike<number>): number[] {
  const idx = Array.from({ length: row.length }, (_, i) => i);
  return idx.sort((a, b) => (row[a]! > row[b]! ? -1 : row[a]! < row[b]! ? 1 : a - b));
}

/** Rows with many ties, signed zeros and infinities. */
function tiedValues(rows: number, n: number, seed: number): Float32Array {
  const u = fillUniform(new Float32Array(rows * n), seed, 0);
  const special = [0, -0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  return u.map((v, i) => (i % 11 === 5 ? special[i % 4]! : Math.floor(v * 6) - 2));
}

describe('argsortDescending', () => {
  it('matches a naive stable sort for every length around the run and merge sizes', async () => {
    for (const n of [1, 2, 15, 16, 17, 31, 32, 33, 64, 100, 257, 1000]) {
      const data = tiedValues(3, n, n);
      const out = await argsortDescending({ data, shape: [3, n] });
      expect(out.shape).toEqual([3, n]);
      for (let r = 0; r < 3; r++) {
        expect(Array.from(out.data.subarray(r * n, (r + 1) * n))).toEqual(
          naiveArgsort(data.subarray(r * n, (r + 1) * n)),
        );
      }
    }
  });

  it('keeps index order among ties, +0 and −0 included', async () => {
    const out = await argsortDescending({
      data: new Float32Array([1, 0, 3, -0, 1, 3, 0]),
      shape: [7],
    });
    expect(Array.from(out.data)).toEqual([2, 5, 0, 4, 1, 3, 6]);
  });

  it('sorts the last axis of any rank, each row on its own', async () => {
    const data = new Float32Array(fillUniform(new Float32Array(2 * 3 * 5), 7, 0));
    const out = await argsortDescending({ data, shape: [2, 3, 5] });
    expect(out.shape).toEqual([2, 3, 5]);
    for (let r = 0; r < 6; r++) {
      expect(Array.from(out.data.subarray(r * 5, r * 5 + 5))).toEqual(
        naiveArgsort(data.subarray(r * 5, r * 5 + 5)),
      );
    }
  });

  it('rejects NaN, scalars and empty rows', async () => {
    expect(
      await rejection(argsortDescending({ data: new Float32Array([1, Number.NaN]), shape: [2] })),
    ).toMatch(
      /^NON_FINITE_INPUT: Expected no NaN for the values to rank but received NaN at flat index 1/,
    );
    expect(await rejection(argsortDescending({ data: new Float32Array([1]), shape: [] }))).toMatch(
      /^SHAPE_MISMATCH/,
    );
    expect(
      await rejection(argsortDescending({ data: new Float32Array(0), shape: [2, 0] })),
    ).toMatch(/^INVALID_ARGUMENT/);
  });
});

describe('topK', () => {
  it('is the first k of the stable argsort, with the values', async () => {
    const data = tiedValues(4, 37, 3);
    for (const k of [1, 5, 37]) {
      const { values, indices } = await topK({ data, shape: [4, 37] }, k);
      expect(values.shape).toEqual([4, k]);
      expect(indices.shape).toEqual([4, k]);
      for (let r = 0; r < 4; r++) {
        const row = data.subarray(r * 37, (r + 1) * 37);
        const expected = naiveArgsort(row).slice(0, k);
        expect(Array.from(indices.data.subarray(r * k, (r + 1) * k))).toEqual(expected);
        expect(Array.from(values.data.subarray(r * k, (r + 1) * k))).toEqual(
          expected.map((i) => row[i]),
        );
      }
    }
  });

  it('rejects k outside 1..n', async () => {
    const values = { data: new Float32Array(4), shape: [4] };
    for (const k of [0, 5, 1.5]) {
      expect(await rejection(topK(values, k))).toMatch(
        /^INVALID_ARGUMENT: Expected an integer in \[1, 4\] for k in top-k/,
      );
    }
  });
});

describe('rankMasks', () => {
  /** Mask s sets pixel p when p's position in the order is below min(s·k, n). */
  function naiveMasks(order: number[], steps: number, k: number, deletion: boolean): number[] {
    const position = new Array<number>(order.length);
    for (const [i, p] of order.entries()) position[p] = i;
    const out: number[] = [];
    for (let s = 0; s <= steps; s++) {
      for (let p = 0; p < order.length; p++) {
        const inserted = position[p]! < Math.min(s * k, order.length);
        out.push(inserted !== deletion ? 1 : 0);
      }
    }
    return out;
  }

  const [H, W] = [6, 8];
  const n = H * W;

  it('sets the first min(s·k, n) pixels of the order in mask s, for each way of giving S and k', async () => {
    const order = await argsortDescending({ data: tiedValues(2, n, 5), shape: [2, n] });
    const cases = [
      { steps: 5, expectedSteps: 5, k: 10 }, // k = ceil(48 / 5)
      { pixelsPerStep: 7, expectedSteps: 7, k: 7 }, // S = ceil(48 / 7)
      { steps: 3, pixelsPerStep: 4, expectedSteps: 3, k: 4 }, // stops short of all pixels
      { steps: 48, expectedSteps: 48, k: 1 },
    ];
    for (const { expectedSteps, k, ...given } of cases) {
      for (const mode of ['insertion', 'deletion'] as const) {
        const out = await rankMasks({ order, height: H, width: W, mode, ...given });
        expect(out.shape).toEqual([2, expectedSteps + 1, H, W]);
        for (let r = 0; r < 2; r++) {
          const rowOrder = Array.from(order.data.subarray(r * n, (r + 1) * n));
          const size = (expectedSteps + 1) * n;
          expect(Array.from(out.data.subarray(r * size, (r + 1) * size))).toEqual(
            naiveMasks(rowOrder, expectedSteps, k, mode === 'deletion'),
          );
        }
      }
    }
  });

  it('returns masks first..end − 1 for a stepRange, equal to those slices of the full set', async () => {
    const order = await argsortDescending({ data: tiedValues(2, n, 9), shape: [2, n] });
    for (const mode of ['insertion', 'deletion'] as const) {
      const full = await rankMasks({ order, pixelsPerStep: 5, height: H, width: W, mode });
      const S = full.shape[1]! - 1; // ceil(48 / 5) = 10
      for (const [first, end] of [
        [0, 1],
        [3, 7],
        [S, S + 1],
        [0, S + 1],
      ] as const) {
        const part = await rankMasks({
          order,
          pixelsPerStep: 5,
          height: H,
          width: W,
          mode,
          stepRange: [first, end],
        });
        expect(part.shape).toEqual([2, end - first, H, W]);
        for (let r = 0; r < 2; r++) {
          const rowStart = r * (S + 1) * n;
          expect(
            Array.from(part.data.subarray(r * (end - first) * n, (r + 1) * (end - first) * n)),
          ).toEqual(Array.from(full.data.subarray(rowStart + first * n, rowStart + end * n)));
        }
      }
    }
  });

  it('takes a single order [n] and returns [S + 1, H, W], insertion by default', async () => {
    const order = { data: Int32Array.from([3, 0, 2, 1]), shape: [4] };
    const out = await rankMasks({ order, steps: 2, height: 2, width: 2 });
    expect(out.shape).toEqual([3, 2, 2]);
    expect(Array.from(out.data)).toEqual([0, 0, 0, 0, 1, 0, 0, 1, 1, 1, 1, 1]);
  });

  it('rejects orders that are not permutations and inconsistent sizes', async () => {
    const order = { data: Int32Array.from([3, 0, 2, 1]), shape: [4] };
    const cases: [Parameters<typeof rankMasks>[0], RegExp][] = [
      [
        {
          order: { data: Int32Array.from([3, 0, 3, 1]), shape: [4] },
          steps: 2,
          height: 2,
          width: 2,
        },
        /^INVALID_ARGUMENT: .* permutation of 0..3 but received 3 twice at row 0, position 2/,
      ],
      [
        {
          order: { data: Int32Array.from([3, 0, 4, 1]), shape: [4] },
          steps: 2,
          height: 2,
          width: 2,
        },
        /^INVALID_ARGUMENT: .* received 4 out of range/,
      ],
      [{ order, steps: 2, height: 3, width: 2 }, /^SHAPE_MISMATCH: Expected 6 pixels/],
      [{ order, height: 2, width: 2 }, /^INVALID_ARGUMENT: Expected steps, pixelsPerStep or both/],
      [{ order, steps: 0, height: 2, width: 2 }, /^INVALID_ARGUMENT: .* number of steps/],
      [
        { order, steps: 2, height: 2, width: 2, stepRange: [1, 4] },
        /^INVALID_ARGUMENT: .* end of stepRange/,
      ],
      [
        { order, steps: 2, height: 2, width: 2, stepRange: [3, 3] },
        /^INVALID_ARGUMENT: .* first step of stepRange/,
      ],
      [{ order, pixelsPerStep: 5, height: 2, width: 2 }, /^INVALID_ARGUMENT: .* pixels per step/],
      [
        { order, steps: 2, height: 2, width: 2, mode: 'both' as 'insertion' },
        /^INVALID_ARGUMENT: .* mode/,
      ],
      [
        {
          order: { data: new Float32Array(4), shape: [4] } as never,
          steps: 2,
          height: 2,
          width: 2,
        },
        /^INVALID_ARGUMENT: Expected an index tensor/,
      ],
    ];
    for (const [args, message] of cases) expect(await rejection(rankMasks(args))).toMatch(message);
  });
});
