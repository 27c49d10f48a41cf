/**
 * The input domain: how pixels in [0, 1] became model inputs, `(pixel - mean_c) / std_c`
 * per channel, and so where pixel 0 and 1 lie in model units. Set once where inputs are
 * made (the CLI's --preprocess, an evaluation, a benchmark) and passed to every method and
 * metric as `domain` in their context: the pixel-unit steps and clip range of BIG, AGI and
 * MFABA, the black and white baselines, AdaptGrad's bounds and the metrics' fills read it.
 */
import { XaiError } from './errors.js';
import type { OptionRule } from './options.js';

export interface InputDomain {
  /** Per-channel mean subtracted from pixels in [0, 1] (one value, or one per channel). */
  readonly mean: readonly number[];
  /** Per-channel std the centred pixels are divided by (positive). */
  readonly std: readonly number[];
}

/** The domain of inputs that are pixels in [0, 1] already. */
export const identityDomain: InputDomain = { mean: [0], std: [1] };

/** What is wrong with `value` as an InputDomain, or undefined when it is one. */
export function inputDomainProblem(value: unknown): string | undefined {
  const want =
    'an input domain { mean: number[], std: number[] } (finite means, positive stds, both of length 1 or the channel count)';
  if (typeof value !== 'object' || value === null) return want;
  const { mean, std } = value as Record<string, unknown>;
  const finite = (a: unknown) =>
    Array.isArray(a) && a.length > 0 && a.every((v) => typeof v === 'number' && Number.isFinite(v));
  if (!finite(mean) || !finite(std)) return want;
  if (!(std as number[]).every((s) => s > 0)) return want;
  return undefined;
}

/** The option rule of a domain-valued option (the deprecated `normalization`). */
export const inputDomainRule: OptionRule = { check: inputDomainProblem };

/** `value` as an InputDomain, or INVALID_ARGUMENT naming `where`. */
export function checkInputDomain(value: unknown, where: string): InputDomain {
  const problem = inputDomainProblem(value);
  if (problem) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected ${problem} for ${where} but received ${JSON.stringify(value) ?? String(value)}.`,
    );
  }
  return value as InputDomain;
}

/**
 * The domain of a method's or metric's resolved options: the context's `domain`, or the
 * deprecated per-method `normalization` (the same thing under its old name). Both given
 * and different is an error, not a silent choice.
 */
export function domainOf(o: {
  readonly domain?: InputDomain;
  readonly normalization?: InputDomain;
}): InputDomain | undefined {
  const { domain, normalization } = o;
  if (domain !== undefined) checkInputDomain(domain, 'the context domain');
  if (domain && normalization && !sameDomain(domain, normalization)) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected the deprecated option normalization to equal the context domain ${JSON.stringify(domain)} but received ${JSON.stringify(normalization)}; drop normalization and set the domain once.`,
    );
  }
  return domain ?? normalization;
}

function sameDomain(a: InputDomain, b: InputDomain): boolean {
  const eq = (u: readonly number[], v: readonly number[]) =>
    u.length === v.length && u.every((x, i) => x === v[i]);
  return eq(a.mean, b.mean) && eq(a.std, b.std);
}

/**
 * `o` with `normalization` set to its domain (`domainOf`), for the helpers that read the
 * domain under that name: the one place the context's domain reaches them.
 */
export function withDomain<
  T extends { readonly domain?: InputDomain; readonly normalization?: InputDomain },
>(o: T): T {
  const domain = domainOf(o);
  return domain ? { ...o, normalization: domain } : o;
}
