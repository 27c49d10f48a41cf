/**
 * The one option resolver of methods and metrics. A descriptor's `defaults` names every
 * option key it accepts (value `undefined` where there is no default) and its `rules`
 * say what each value may be; `resolveOptions` merges the caller's options over the
 * defaults once, with `undefined` never wiping a default, rejects unknown keys (naming the
 * valid ones and the nearest) and checks every value, all before any model pass.
 */
import { XaiError } from './errors.js';
import { jsKernels } from './js-kernels/index.js';
import type { Kernels } from './kernels.js';

/**
 * What one option's value may be. A value passes when it is one of `oneOf`, or when it
 * has `type` and lies in the range; with neither `type` nor `oneOf`, anything but `null`.
 */
export interface OptionRule {
  readonly type?: 'number' | 'integer' | 'boolean' | 'string' | 'object' | 'function';
  /** Inclusive bounds (numbers and integers). */
  readonly min?: number;
  readonly max?: number;
  /** Exclusive lower bound (numbers): `greaterThan: 0` is "positive". */
  readonly greaterThan?: number;
  /** Exclusive upper bound (numbers). */
  readonly lessThan?: number;
  /** The values allowed besides (or, without `type`, instead of) those of `type`. */
  readonly oneOf?: readonly (string | number | boolean)[];
  /** A check of its own: returns what was expected when `value` fails, else undefined. */
  readonly check?: (value: unknown) => string | undefined;
}

/** The rules of a descriptor's options, by key. */
export type OptionRules<O> = { readonly [K in keyof O]?: OptionRule };

/** What the resolver needs of a method or metric descriptor. */
export interface OptionOwner<O extends object> {
  readonly name: string;
  readonly defaults: Readonly<O>;
  readonly rules?: OptionRules<O>;
  /**
   * Named sets of defaults chosen by the option `preset` (a paper's constants, the
   * authors' code's): defaults, then the preset's, then the caller's options.
   */
  readonly presets?: Readonly<Record<string, Partial<O>>>;
}

/**
 * Keys of the context every method and metric takes besides its own options
 * (`ExplainContext`, `MetricContext`, `RunOptions`): passed through unchecked here.
 */
export const contextKeys: ReadonlySet<string> = new Set([
  'target',
  'seed',
  'kernels',
  'domain',
  'explain',
  'onProgress',
  'signal',
  'maxBatchSize',
  'memoryLimitBytes',
  'dataset',
]);

/**
 * `owner.defaults` overlaid with the defined values of `given`, every key known to
 * `owner` (or a context key) and every value within its rule; else an XaiError
 * (`UNKNOWN_OPTION` for a key, `INVALID_ARGUMENT` for a value) naming the option.
 * The kernels are defaulted here, once, to `jsKernels` when none are given.
 */
export function resolveOptions<O extends object, G extends object>(
  owner: OptionOwner<O>,
  given: G,
): O & G & { readonly kernels: Kernels } {
  const valid = Object.keys(owner.defaults);
  const known = new Set(valid);
  const defined: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(given ?? {})) {
    if (!known.has(key) && !contextKeys.has(key)) {
      const near = nearestKey(key, valid);
      throw new XaiError(
        'UNKNOWN_OPTION',
        `Expected an option of '${owner.name}' among ${valid.length ? valid.join(', ') : '(none)'} but received '${key}'${near ? `; did you mean '${near}'?` : '.'}`,
      );
    }
    if (value !== undefined) defined[key] = value;
  }
  const base = owner.defaults as Record<string, unknown>;
  const presetName = defined.preset ?? base.preset;
  const preset =
    owner.presets && typeof presetName === 'string' && Object.hasOwn(owner.presets, presetName)
      ? owner.presets[presetName]
      : undefined;
  const out: Record<string, unknown> = { ...base, ...preset, ...defined };
  const rules = (owner.rules ?? {}) as Record<string, OptionRule | undefined>;
  for (const key of valid) {
    const value = out[key];
    // An option left at an undefined default is absent: the method picks its own.
    if (value === undefined) continue;
    const failed = checkRule(value, rules[key]);
    if (failed) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected ${failed} for option '${key}' of '${owner.name}' but received ${show(value)}.`,
      );
    }
  }
  out.kernels ??= jsKernels;
  return out as O & G & { readonly kernels: Kernels };
}

/** What `value` should have been under `rule`, or undefined when it passes. */
export function checkRule(value: unknown, rule: OptionRule | undefined): string | undefined {
  if (rule?.oneOf?.includes(value as string | number | boolean)) return undefined;
  if (rule?.type === undefined && rule?.oneOf === undefined) {
    // No declared type: only the custom check, and null is never an option's value.
    if (value === null) return rule?.check?.(null) ?? 'a value (not null)';
    return rule?.check?.(value);
  }
  const expected = describeRule(rule);
  if (rule.type === undefined || !hasType(value, rule.type)) return expected;
  if (typeof value === 'number') {
    if (rule.min !== undefined && !(value >= rule.min)) return expected;
    if (rule.max !== undefined && !(value <= rule.max)) return expected;
    if (rule.greaterThan !== undefined && !(value > rule.greaterThan)) return expected;
    if (rule.lessThan !== undefined && !(value < rule.lessThan)) return expected;
  }
  return rule.check?.(value);
}

function hasType(value: unknown, type: NonNullable<OptionRule['type']>): boolean {
  switch (type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'object':
      return typeof value === 'object' && value !== null;
    default:
      return typeof value === type;
  }
}

/** "an integer in [1, 1000000]", "a number > 0 or 'gray'", "one of 'a', 'b'". */
export function describeRule(rule: OptionRule): string {
  const parts: string[] = [];
  if (rule.type) {
    const noun =
      rule.type === 'integer'
        ? 'an integer'
        : rule.type === 'object'
          ? 'an object'
          : `a ${rule.type}`;
    const range: string[] = [];
    if (rule.min !== undefined) range.push(`>= ${rule.min}`);
    if (rule.greaterThan !== undefined) range.push(`> ${rule.greaterThan}`);
    if (rule.max !== undefined) range.push(`<= ${rule.max}`);
    if (rule.lessThan !== undefined) range.push(`< ${rule.lessThan}`);
    parts.push(range.length ? `${noun} ${range.join(' and ')}` : noun);
  }
  if (rule.oneOf?.length) {
    const values = rule.oneOf.map((v) => (typeof v === 'string' ? `'${v}'` : String(v)));
    parts.push(`one of ${values.join(', ')}`);
  }
  return parts.join(' or ');
}

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || value == null)
    return String(value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) {
    const s = `[${value.join(', ')}]`;
    return s.length > 60 ? `${s.slice(0, 57)}...]` : s;
  }
  try {
    const s = JSON.stringify(value);
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** The valid key closest to `key` by edit distance (case-insensitive), if one is close. */
export function nearestKey(key: string, valid: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const v of valid) {
    const d = editDistance(key.toLowerCase(), v.toLowerCase());
    if (d < bestDistance) {
      best = v;
      bestDistance = d;
    }
  }
  // Farther than half the key is a guess, not a suggestion.
  return bestDistance <= Math.max(2, Math.ceil(key.length / 2)) ? best : undefined;
}

/** Levenshtein distance, with an adjacent swap counting as one edit ('stpes' -> 'steps'). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      }
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** Counts of work (steps, samples, masks) above this are typos, not requests. */
export const MAX_COUNT = 1_000_000;

/** Rules the descriptors share, so each reads as one line. */
export const rule = {
  /** A whole number in [min, max] (a count of steps, samples, iterations by default). */
  integer: (min = 1, max = MAX_COUNT): OptionRule => ({ type: 'integer', min, max }),
  /** A finite number > 0. */
  positive: { type: 'number', greaterThan: 0 } as OptionRule,
  /** A finite number >= 0. */
  nonNegative: { type: 'number', min: 0 } as OptionRule,
  /** A finite number in [min, max]. */
  between: (min: number, max: number): OptionRule => ({ type: 'number', min, max }),
  /** Any finite number. */
  finite: { type: 'number' } as OptionRule,
  boolean: { type: 'boolean' } as OptionRule,
  string: { type: 'string' } as OptionRule,
  /** One of the values listed. */
  oneOf: (...values: readonly (string | number | boolean)[]): OptionRule => ({ oneOf: values }),
  /** A non-empty list of finite numbers, each in [min, max]. */
  numbers: (min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY): OptionRule => ({
    check: (v) =>
      Array.isArray(v) &&
      v.length > 0 &&
      v.every((e) => typeof e === 'number' && Number.isFinite(e) && e >= min && e <= max)
        ? undefined
        : `a non-empty list of finite numbers${Number.isFinite(min) || Number.isFinite(max) ? ` in [${min}, ${max}]` : ''}`,
  }),
  /** A list (possibly empty) of the values named: the `authorsBugs` of the presets. */
  subsetOf: (...values: readonly string[]): OptionRule => ({
    check: (v) =>
      Array.isArray(v) && v.every((e) => values.includes(e))
        ? undefined
        : `a list of ${values.map((e) => `'${e}'`).join(', ')} (or [])`,
  }),
} as const;
