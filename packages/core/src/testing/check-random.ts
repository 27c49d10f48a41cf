/** Random draws: uniforms bit-identical, normals within 2 ulp (libm differs). */
import type { RandomArgs } from '../kernels.js';
import { formatShape } from '../tensor.js';
import { caseCheck } from './case-check.js';
import { compareExact, compareTensor, compareUlp } from './compare.js';
import type { KernelCheck } from './kernel-check.js';

/** Seeds, streams and offsets that exercise every word of the key and counter. */
const cases: Omit<RandomArgs, 'distribution'>[] = [
  { shape: [64], seed: 42, stream: 0 },
  { shape: [5, 7], seed: 42, stream: 7, offset: 3 },
  { shape: [33], seed: Number.MAX_SAFE_INTEGER, stream: 2 ** 40 + 3, offset: 2 ** 34 + 1 },
  { shape: [2, 1, 9], seed: 2 ** 32, stream: Number.MAX_SAFE_INTEGER, offset: 2 ** 52 + 2 },
  { shape: [1], seed: 0, stream: 0, offset: 5 },
];

function randomCheck(
  distribution: RandomArgs['distribution'],
  name: string,
  maxUlp: number,
): KernelCheck {
  return caseCheck({
    name,
    cases: cases.map((c): RandomArgs => ({ ...c, distribution })),
    label: (c) =>
      `random(${distribution}, seed ${c.seed}, stream ${c.stream}, offset ${c.offset ?? 0}, ${formatShape(c.shape)})`,
    expect: (reference, args) => reference.random(args),
    compare: async (impl, args, expected, label) =>
      compareTensor(label, await impl.random(args), expected, (a, e) =>
        maxUlp === 0 ? compareExact(label, a, e) : compareUlp(label, a, e, maxUlp),
      ),
  });
}

export const uniformCheck = randomCheck('uniform', 'random: uniform draws are bit-identical', 0);
export const normalCheck = randomCheck('normal', 'random: normal draws are within 2 ulp', 2);
