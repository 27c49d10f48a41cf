/**
 * The `inner` option of the smoothing methods: any attribution method's descriptor (its own
 * options in `innerOptions`), or one of the three names the papers combine (S-GI, S-IG,
 * A-IG, ...), which take the smoothing method's `objective` and, for integrated gradients,
 * its `baseline`, `steps` and `rule`.
 */
import { type AttributionMethod, type OptionRule, XaiError } from '@xai/core';
import { gradient } from '../gradient/gradient.js';
import { gradientXInput } from '../gradient/gradient-x-input.js';
import { integratedGradients } from '../path/integrated-gradients.js';

/** The inner maps named by the papers' combinations. */
export type InnerMethodName = 'gradient' | 'gradient-x-input' | 'integrated-gradients';

/** A named inner map, or any method's descriptor. */
// biome-ignore lint/suspicious/noExplicitAny: any method composes, whatever its options.
export type InnerMethod = InnerMethodName | AttributionMethod<any, any>;

const named = {
  gradient,
  'gradient-x-input': gradientXInput,
  'integrated-gradients': integratedGradients,
} as const;

export const innerMethodNames = Object.keys(named) as InnerMethodName[];

const isDescriptor = (v: unknown): v is AttributionMethod =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as { explain?: unknown }).explain === 'function' &&
  typeof (v as { name?: unknown }).name === 'string';

export const innerRule: OptionRule = {
  check: (v) =>
    (typeof v === 'string' && Object.hasOwn(named, v)) || isDescriptor(v)
      ? undefined
      : `one of ${innerMethodNames.map((n) => `'${n}'`).join(', ')} or a method's descriptor (e.g. guidedBackprop from @xai/methods)`,
};

/** `{ ... }`: the inner method's own options. */
export const innerOptionsRule: OptionRule = {
  check: (v) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? undefined
      : "an object of the inner method's options",
};

/** The smoothing method's options that configure a named inner map. */
export interface NamedInnerOptions {
  readonly objective: string;
  readonly baseline?: unknown;
  readonly steps?: number;
  readonly rule?: string;
}

const integrationKeys = ['baseline', 'steps', 'rule'] as const;

/**
 * The inner descriptor and its options. `given` holds the caller's options as passed (not
 * resolved): with a descriptor, the named inners' fields there are an error (they would be
 * ignored) pointing to `innerOptions`.
 */
export function innerOf(
  o: NamedInnerOptions & {
    readonly inner: InnerMethod;
    readonly innerOptions?: object;
  },
  given: object,
  method: string,
  // biome-ignore lint/suspicious/noExplicitAny: any method composes, whatever its options.
): { inner: AttributionMethod<any, any>; innerOptions: object } {
  const extra = o.innerOptions ?? {};
  if (typeof o.inner === 'string') {
    const inner = named[o.inner];
    const own: Record<string, unknown> = { objective: o.objective };
    if (inner === integratedGradients) {
      for (const key of integrationKeys) if (o[key] !== undefined) own[key] = o[key];
    }
    return { inner, innerOptions: { ...own, ...extra } };
  }
  const misplaced = ['objective', ...integrationKeys].filter(
    (key) => (given as Record<string, unknown>)[key] !== undefined,
  );
  if (misplaced.length > 0) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected the options of the inner method '${o.inner.name}' of ${method} in innerOptions but received ${misplaced.join(', ')} beside it; pass innerOptions: { ${misplaced.join(', ')} }.`,
    );
  }
  return { inner: o.inner, innerOptions: extra };
}
