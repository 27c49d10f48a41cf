import { describe, expect, it } from 'vitest';
import { domainOf, withDomain } from './domain.js';
import { XaiError } from './errors.js';
import { jsKernels } from './js-kernels/index.js';
import { checkRule, nearestKey, resolveOptions, rule } from './options.js';

interface Opts {
  steps: number;
  rule: 'left' | 'right';
  pixelsPerStep: number | undefined;
  fill: number | 'gray';
  preset: 'paper' | 'code';
}

const owner = {
  name: 'toy',
  defaults: { steps: 50, rule: 'right', pixelsPerStep: undefined, fill: 'gray', preset: 'paper' },
  rules: {
    steps: rule.integer(),
    rule: rule.oneOf('left', 'right'),
    pixelsPerStep: rule.integer(),
    fill: { type: 'number', min: 0, max: 1, oneOf: ['gray'] },
    preset: rule.oneOf('paper', 'code'),
  },
  presets: { paper: {}, code: { steps: 8 } },
} as const satisfies Parameters<typeof resolveOptions<Opts, object>>[0];

function caught(f: () => unknown): XaiError {
  try {
    f();
  } catch (e) {
    if (XaiError.isInstance(e)) return e;
    throw e;
  }
  throw new Error('expected an XaiError');
}

describe('resolveOptions', () => {
  it('merges the defaults once, an undefined value never wiping one', () => {
    expect(resolveOptions(owner, {})).toEqual({ ...owner.defaults, kernels: jsKernels });
    expect(resolveOptions(owner, { steps: undefined, rule: 'left' })).toEqual({
      ...owner.defaults,
      rule: 'left',
      kernels: jsKernels,
    });
    expect(resolveOptions(owner, { pixelsPerStep: 4 }).pixelsPerStep).toBe(4);
  });

  it('defaults the kernels once, to jsKernels, and keeps given ones', () => {
    expect(resolveOptions(owner, {}).kernels).toBe(jsKernels);
    const mine = { ...jsKernels, name: 'mine' };
    expect(resolveOptions(owner, { kernels: mine }).kernels).toBe(mine);
  });

  it('passes the context keys through unchecked', () => {
    const signal = new AbortController().signal;
    const o = resolveOptions(owner, {
      target: 3,
      seed: 1,
      signal,
      domain: { mean: [0], std: [1] },
    });
    expect(o.target).toBe(3);
    expect(o.signal).toBe(signal);
  });

  it('rejects an unknown key with the valid keys and the nearest one', () => {
    const e = caught(() => resolveOptions(owner, { stpes: 3 }));
    expect(e.code).toBe('UNKNOWN_OPTION');
    expect(e.message).toBe(
      "Expected an option of 'toy' among steps, rule, pixelsPerStep, fill, preset but received 'stpes'; did you mean 'steps'?",
    );
    expect(caught(() => resolveOptions(owner, { pixelsPerStepp: 5 })).message).toMatch(
      /did you mean 'pixelsPerStep'\?$/,
    );
    // Nothing near: no suggestion.
    expect(caught(() => resolveOptions(owner, { qqqqqqqqqqqq: 1 })).message).toMatch(
      /received 'qqqqqqqqqqqq'\.$/,
    );
  });

  it('range-checks values, null included, naming the option and the owner', () => {
    const e = caught(() => resolveOptions(owner, { steps: 1e12 }));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toBe(
      "Expected an integer >= 1 and <= 1000000 for option 'steps' of 'toy' but received 1000000000000.",
    );
    expect(caught(() => resolveOptions(owner, { steps: 2.5 })).code).toBe('INVALID_ARGUMENT');
    expect(caught(() => resolveOptions(owner, { steps: null })).message).toMatch(/received null/);
    expect(caught(() => resolveOptions(owner, { rule: 'middle' })).message).toMatch(
      /one of 'left', 'right' for option 'rule'/,
    );
    expect(caught(() => resolveOptions(owner, { fill: 2 })).message).toMatch(
      /a number >= 0 and <= 1 or one of 'gray'/,
    );
    expect(resolveOptions(owner, { fill: 0.5 }).fill).toBe(0.5);
  });

  it('applies a preset between the defaults and the options given', () => {
    expect(resolveOptions(owner, { preset: 'code' }).steps).toBe(8);
    expect(resolveOptions(owner, { preset: 'code', steps: 3 }).steps).toBe(3);
    expect(caught(() => resolveOptions(owner, { preset: 'other' })).code).toBe('INVALID_ARGUMENT');
  });
});

describe('option rules', () => {
  it('describe what was expected', () => {
    expect(checkRule(-1, rule.positive)).toBe('a number > 0');
    expect(checkRule(Number.NaN, rule.finite)).toBe('a number');
    expect(checkRule([0.1, 2], rule.numbers(0, 1))).toBe(
      'a non-empty list of finite numbers in [0, 1]',
    );
    expect(checkRule([0.1, 1], rule.numbers(0, 1))).toBeUndefined();
    expect(checkRule(null, undefined)).toBe('a value (not null)');
    expect(checkRule('yes', rule.boolean)).toBe('a boolean');
  });

  it('suggest the nearest key by edit distance, swaps counting once', () => {
    expect(nearestKey('stpes', ['steps', 'samples'])).toBe('steps');
    expect(nearestKey('Sigma', ['sigma', 'samples'])).toBe('sigma');
    expect(nearestKey('zzz', ['steps'])).toBeUndefined();
  });
});

describe('input domain', () => {
  const imagenet = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

  it('comes from the context, or the deprecated normalization, never two different ones', () => {
    expect(domainOf({ domain: imagenet })).toBe(imagenet);
    expect(domainOf({ normalization: imagenet })).toBe(imagenet);
    expect(domainOf({ domain: imagenet, normalization: { ...imagenet } })).toBe(imagenet);
    expect(() => domainOf({ domain: imagenet, normalization: { mean: [0], std: [1] } })).toThrow(
      /drop normalization and set the domain once/,
    );
    expect(withDomain({ domain: imagenet, steps: 3 })).toEqual({
      domain: imagenet,
      steps: 3,
      normalization: imagenet,
    });
  });

  it('rejects a domain that is not one', () => {
    const bad = { mean: [0.5], std: [0] };
    expect(() => domainOf({ domain: bad })).toThrow(/positive stds.*context domain/);
  });
});
