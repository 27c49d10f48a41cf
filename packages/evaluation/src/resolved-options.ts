import { type OptionOwner, resolveOptions } from '@xai/core';

/**
 * A method's or metric's options as they will run, by core's resolver: its `defaults` with
 * the given values over them (`undefined` never wipes a default), unknown keys and values
 * out of range rejected before any work. Identities hash this, so spelling out a default or
 * leaving it out gives the same identity. The kernels core's resolver fills in are left out:
 * they are the runtime's, not the result's (the same maps on every backend for a seed).
 */
export function resolvedOptionsOf(
  descriptor: OptionOwner<object>,
  given: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> {
  const { kernels: _runtime, ...options } = resolveOptions(descriptor, given ?? {}) as Record<
    string,
    unknown
  >;
  return options;
}
