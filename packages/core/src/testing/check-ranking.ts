/** Ranking: argsort, top-k and step masks identical to the reference, ties included. */
import type { IndexTensor, Kernels, RankMasksArgs } from '../kernels.js';
import { formatShape, type Tensor } from '../tensor.js';
import { caseCheck } from './case-check.js';
import { compareExact, compareIndexTensor, compareTensor } from './compare.js';
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

export const argsortCheck: KernelCheck = caseCheck({
  name: 'argsortDescending: identical, ties in index order',
  cases: valueCases,
  label: (values) => `argsortDescending(${formatShape(values.shape)})`,
  expect: (reference, values) => reference.argsortDescending(values),
  compare: async (impl, values, expected, label) =>
    compareIndexTensor(label, await impl.argsortDescending(values), expected),
});

/** Each value case with k = 1, 5 and its whole length (fewer where they coincide). */
const topKCases = valueCases.flatMap((values) => {
  const n = values.shape[values.shape.length - 1]!;
  return [...new Set([1, Math.min(5, n), n])].map((k) => ({ values, k }));
});

export const topKCheck: KernelCheck = caseCheck({
  name: 'topK: identical values and indices',
  cases: topKCases,
  label: ({ values, k }) => `topK(${formatShape(values.shape)}, k ${k})`,
  expect: (reference, { values, k }) => reference.topK(values, k),
  async compare(impl, { values, k }, expected, label) {
    const actual = await impl.topK(values, k);
    return [
      ...compareIndexTensor(`${label} indices`, actual?.indices, expected.indices),
      ...compareTensor(`${label} values`, actual?.values, expected.values, (a, e) =>
        compareExact(label, a, e),
      ),
    ];
  },
});

async function orders(reference: Kernels): Promise<{ single: IndexTensor; batch: IndexTensor }> {
  const single = await reference.argsortDescending(tiedTensor([6 * 8], 46));
  const batch = await reference.argsortDescending(tiedTensor([3, 6 * 8], 47));
  return { single, batch };
}

type StepSettings = Pick<RankMasksArgs, 'steps' | 'pixelsPerStep' | 'stepRange'>;

const stepSettings: StepSettings[] = [
  { steps: 5 },
  { pixelsPerStep: 7 },
  { steps: 3, pixelsPerStep: 4 },
  { steps: 48 },
  { steps: 48, stepRange: [0, 1] },
  { steps: 48, stepRange: [17, 30] },
  { pixelsPerStep: 7, stepRange: [3, 8] },
];

/** Both orders × every step setting × both modes, on a 6×8 mask. */
async function rankMasksCases(
  reference: Kernels,
): Promise<{ args: RankMasksArgs; given: StepSettings }[]> {
  const { single, batch } = await orders(reference);
  return [single, batch].flatMap((order) =>
    stepSettings.flatMap((given) =>
      (['insertion', 'deletion'] as const).map((mode) => ({
        args: { order, height: 6, width: 8, mode, ...given },
        given,
      })),
    ),
  );
}

export const rankMasksCheck: KernelCheck = caseCheck({
  name: 'rankMasks: identical step masks',
  cases: rankMasksCases,
  label: ({ args, given }) =>
    `rankMasks(order ${formatShape(args.order.shape)}, ${JSON.stringify(given)}, ${args.mode})`,
  expect: (reference, { args }) => reference.rankMasks(args),
  compare: async (impl, { args }, expected, label) =>
    compareTensor(label, await impl.rankMasks(args), expected, (a, e) => compareExact(label, a, e)),
});
