/** Option rules several methods share (see `resolveOptions` in core). */
import { inputDomainRule, lossNames, type OptionRule, rule } from '@xai/core';
import { quadratureRules } from './quadrature.js';

/** The objectives differentiated by the gradient methods. */
export const objectiveRule = rule.oneOf(...lossNames);
/** The target's logit or probability. */
export const scoreRule = rule.oneOf('logit', 'probability');
export const quadratureRule = rule.oneOf(...quadratureRules);
/** The deprecated per-method `normalization`: the context's `domain` under its old name. */
export const normalizationRule = inputDomainRule;

const isTensor = (v: unknown): boolean =>
  typeof v === 'object' &&
  v !== null &&
  (v as { data?: unknown }).data instanceof Float32Array &&
  Array.isArray((v as { shape?: unknown }).shape);

/** A baseline: one of `names`, a finite number, or a tensor. */
export function baselineRule(...names: readonly string[]): OptionRule {
  return {
    check: (v) =>
      (typeof v === 'string' && names.includes(v)) ||
      (typeof v === 'number' && Number.isFinite(v)) ||
      isTensor(v)
        ? undefined
        : `a baseline: one of ${names.map((n) => `'${n}'`).join(', ')}, a finite number or a tensor`,
  };
}

/** The integration paths' baselines: the kinds of core's `Baseline` a path may start from. */
export const pathBaselineRule = baselineRule('zeros', 'black', 'white', 'blur', 'uniform');

const numberOrList = (v: unknown): boolean =>
  (typeof v === 'number' && Number.isFinite(v)) ||
  (Array.isArray(v) && v.length > 0 && v.every((e) => typeof e === 'number' && Number.isFinite(e)));

/** `{ min, max }`, each a number or one per channel. */
export const boundsRule: OptionRule = {
  check: (v) =>
    typeof v === 'object' &&
    v !== null &&
    numberOrList((v as { min?: unknown }).min) &&
    numberOrList((v as { max?: unknown }).max)
      ? undefined
      : 'bounds { min, max } (numbers, or one per channel)',
};

/** NoiseGrad inside SmoothGrad/AdaptGrad: `{ models, sigma }`. */
export const weightNoiseRule: OptionRule = {
  check: (v) => {
    const w = v as { models?: unknown; sigma?: unknown } | null;
    return typeof w === 'object' &&
      w !== null &&
      Number.isSafeInteger(w.models) &&
      (w.models as number) >= 1 &&
      typeof w.sigma === 'number' &&
      w.sigma >= 0 &&
      Number.isFinite(w.sigma)
      ? undefined
      : 'weight noise { models: an integer >= 1, sigma: a number >= 0 }';
  },
};

/** A mask side, or [height, width]: whole numbers >= 1. */
export const maskSizeRule: OptionRule = {
  check: (v) => {
    const sides = Array.isArray(v) ? v : [v];
    return sides.length >= 1 &&
      sides.length <= 2 &&
      sides.every((s) => Number.isSafeInteger(s) && (s as number) >= 1)
      ? undefined
      : 'a mask size: an integer >= 1 or [height, width]';
  },
};
