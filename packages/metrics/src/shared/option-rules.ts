/** Option rules several metrics share (see `resolveOptions` in core). */
import { type OptionRule, rule } from '@xai/core';

export const scoreRule = rule.oneOf('logit', 'probability');
export const channelMergeRule = rule.oneOf('sum', 'abs-sum', 'max');

/** A baseline: one of `names`, a finite number, or a tensor. */
export function baselineRule(...names: readonly string[]): OptionRule {
  return {
    check: (v) =>
      (typeof v === 'string' && names.includes(v)) ||
      (typeof v === 'number' && Number.isFinite(v)) ||
      (typeof v === 'object' &&
        v !== null &&
        (v as { data?: unknown }).data instanceof Float32Array)
        ? undefined
        : `a baseline: one of ${names.map((n) => `'${n}'`).join(', ')}, a finite number or a tensor`,
  };
}

/** The baselines of the metrics that replace pixels: the image's names, a number or a tensor. */
export const imageBaselineRule = baselineRule('zeros', 'black', 'mean', 'min', 'blur');

/** The `baseline` and `score` rules of the metrics that replace pixels and score the result. */
export const baselineScoreRules = { baseline: imageBaselineRule, score: scoreRule } as const;

/** One list of boxes per sample. */
export const boxesRule: OptionRule = {
  check: (v) =>
    Array.isArray(v) && v.every((b) => Array.isArray(b)) ? undefined : 'a list of boxes per sample',
};

/** Masks of the relevant region: a tensor (one mask per sample, 1 inside). */
export const masksRule: OptionRule = {
  check: (v) =>
    typeof v === 'object' &&
    v !== null &&
    (v as { data?: unknown }).data instanceof Float32Array &&
    Array.isArray((v as { shape?: unknown }).shape)
      ? undefined
      : 'a mask tensor { data: Float32Array, shape } (one mask per sample)',
};
