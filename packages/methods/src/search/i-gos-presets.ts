/**
 * The presets of I-GOS: `'paper'`, Qi, Khorram and Fuxin's text (AAAI 2020), and
 * `'reference-code'`, the authors' code, github zhongangqi/IGOS at 541e440
 * (`IGOS_generate_video.py`, `Integrated_Mask`, run by its `__main__`). i-gos.ts's doc comment
 * lists each difference with file and line. Also the two pieces of the code's behaviour that
 * are more than a constant: its λ1 schedule and where its line search ends.
 */

/** The authors' bugs that can be reproduced on purpose (i-gos.ts's doc comment). */
export type IGosAuthorsBug = 'doubled-noise' | 'integral-over-20';
export const iGosAuthorsBugs: readonly IGosAuthorsBug[] = ['doubled-noise', 'integral-over-20'];

export interface IGosPreset {
  readonly l1Schedule: 'constant' | 'reference-code';
  readonly noiseChannels: 'all' | 'first';
  readonly upsampling: 'half-pixel' | 'align-corners';
  readonly stepFloor: 'clamp' | 'first-below';
  readonly blurSize: number;
  readonly blurSigma: number;
  readonly authorsBugs: readonly IGosAuthorsBug[];
}

export const iGosPresets: Record<'paper' | 'reference-code', IGosPreset> = {
  paper: {
    l1Schedule: 'constant',
    noiseChannels: 'all',
    upsampling: 'half-pixel',
    stepFloor: 'clamp',
    blurSize: 11,
    blurSigma: 5,
    authorsBugs: [],
  },
  'reference-code': {
    l1Schedule: 'reference-code',
    noiseChannels: 'first',
    upsampling: 'align-corners',
    stepFloor: 'first-below',
    blurSize: 51,
    blurSigma: 50,
    authorsBugs: [],
  },
};

/**
 * λ1 after iteration `i` (0-based) of `iterations` under the code's schedule
 * (`IGOS_generate_video.py` l. 352-362): with more than 3 iterations, at i = int(K/2) λ1 is
 * divided by 10 when the score has moved by at most 0.001 since the start, else at
 * i = int(K/1.25) by 5 when it has moved by at most 0.01. `scores[j]` is f_c(M_j), the score
 * of the mask at the start of iteration j (no noise, no regulariser). The code's `curve2`
 * holds f_c(M_0) twice (l. 235-244 and 312-317), so its `curve2[i]` is f_c(M_{i-1}): the test
 * looks one iteration back, reproduced here.
 */
export function scheduledL1(
  l1: number,
  i: number,
  iterations: number,
  scores: readonly number[],
): number {
  if (iterations <= 3) return l1;
  const recorded = scores[Math.max(0, i - 1)]!;
  const moved = Math.abs(scores[0]! - recorded);
  if (i === Math.trunc(iterations / 2)) return moved <= 0.001 ? l1 / 10 : l1;
  if (i === Math.trunc(iterations / 1.25)) return moved <= 0.01 ? l1 / 5 : l1;
  return l1;
}

/**
 * The smallest step of the line search. `'clamp'`: α_l itself (the paper's step (3)).
 * `'first-below'`: the code tests `step < 1e-5` after evaluating a trial (l. 280-305), so its
 * last trial is the first α_u η^k below α_l (200 · 0.2^11 = 4.096e-6 with its constants), by
 * the same repeated multiplications, so the steps are the code's to the bit.
 */
export function stepFloorOf(
  floor: IGosPreset['stepFloor'],
  maxStep: number,
  decay: number,
  minStep: number,
): number {
  if (floor === 'clamp') return minStep;
  let step = maxStep;
  while (step >= minStep) step *= decay;
  return step;
}
