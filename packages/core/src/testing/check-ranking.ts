/** Ranking: argsort, top-k and step masks identical to the reference, ties included. */
import type { IndexTensor, Kernels, RankMasksArgs } from '../kernels.js';
import { formatShape, type Tensor } from '../tensor.js';
import { attempt, compareExact, compareIndexTensor, compareTensor } from './compare.js';
import { tiedTensor } from './inputs.js';
import type { KernelCheck } from './kernel-check.js';

/** Lengths on both sides of the usual run and block sizes of sorting kernels. */
const valueCases: Tensor[] = [
  tiedTensor([1], 40),
  tiedTensor([7], 41),
  tiedTensor([3, 17], 42),
  tiedTensor([2, 3, 33], 43),
  tiedTensor([2, 1000], 44),
  tiedTensor([1, 4097], 45),
];

export const argsortCheck: KernelCheck = {
  name: 'argsortDescending: identical, ties in index order',
  async run(impl: Kernels, reference: Kernels) {
    const failures: string[] = [];
    for (const values of valueCases) {
      const label = `argsortDescending(${formatShape(values.shape)})`;
      const expected = await reference.argsortDescending(values);
      failures.push(
        ...(await attempt(label, async () =>
          compareIndexTensor(label, await impl.argsortDescending(values), expected),
        )),
      );
    }
    return failures;
  },
};

export const topKCheck: KernelCheck = {
  name: 'topK: identical values and indices',
  async run(impl: Kernels, reference: Kernels) {
    const failures: string[] = [];
    for (const values of valueCases) {
      const n = values.shape[values.shape.length - 1]!;
      for (const k of new Set([1, Math.min(5, n), n])) {
        const label = `topK(${formatShape(values.shape)}, k ${k})`;
        const expected = await reference.topK(values, k);
        failures.push(
          ...(await attempt(label, async () => {
            const actual = await impl.topK(values, k);
            return [
              ...compareIndexTensor(`${label} indices`, actual?.indices, expected.indices),
              ...compareTensor(`${label} values`, actual?.values, expected.values, (a, e) =>
                compareExact(label, a, e),
              ),
            ];
          })),
        );
      }
    }
    return failures;
  },
};

async function orders(reference: Kernels): Promise<{ single: IndexTensor; batch: IndexTensor }> {
  const single = await reference.argsortDescending(tiedTensor([6 * 8], 46));
  const batch = await reference.argsortDescending(tiedTensor([3, 6 * 8], 47));
  return { single, batch };
}

export const rankMasksCheck: KernelCheck = {
  name: 'rankMasks: identical step masks',
  async run(impl: Kernels, reference: Kernels) {
    const { single, batch } = await orders(reference);
    const steps: Pick<RankMasksArgs, 'steps' | 'pixelsPerStep' | 'stepRange'>[] = [
      { steps: 5 },
      { pixelsPerStep: 7 },
      { steps: 3, pixelsPerStep: 4 },
      { steps: 48 },
      { steps: 48, stepRange: [0, 1] },
      { steps: 48, stepRange: [17, 30] },
      { pixelsPerStep: 7, stepRange: [3, 8] },
    ];
    const failures: string[] = [];
    for (const order of [single, batch]) {
      for (const given of steps) {
        for (const mode of ['insertion', 'deletion'] as const) {
          const args: RankMasksArgs = { order, height: 6, width: 8, mode, ...given };
          const label = `rankMasks(order ${formatShape(order.shape)}, ${JSON.stringify(given)}, ${mode})`;
          const expected = await reference.rankMasks(args);
          failures.push(
            ...(await attempt(label, async () =>
              compareTensor(label, await impl.rankMasks(args), expected, (a, e) =>
                compareExact(label, a, e),
              ),
            )),
          );
        }
      }
    }
    return failures;
  },
};
