/**
 * The option resolver, for every method in the registry (generated from it, not listed by
 * hand): a misspelt key is rejected with the right suggestion, every value its rule
 * forbids (null included) is rejected, both before the model's first pass, and undefined
 * values keep the defaults (the same map as no options at all). The analytic model has no
 * modified backward rules or inner layers, so for the seven methods that need them
 * (guided backprop, deconvnet, Grad-CAM, Guided Grad-CAM, LRP, excitation backprop,
 * DeepLIFT) the last check compares the errors, not maps.
 */
import {
  type AttributionMethod,
  checkRule,
  createRng,
  emptyMeter,
  type ModelMeter,
  meteredModel,
  type OptionRule,
  type Tensor,
  XaiError,
} from '@xai/core';
import { invalidValues, misspelt, randomReluWeights } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { noisyReluNetwork } from '../test/noisy-relu-network.js';
import { methods } from './registry.js';

const shape = [3, 8, 8];
const x: Tensor = (() => {
  const rng = createRng(7, 1);
  return { data: Float32Array.from({ length: 192 }, () => rng.uniform()), shape: [1, ...shape] };
})();

function metered(): { model: ReturnType<typeof meteredModel>; meter: ModelMeter } {
  const meter = emptyMeter();
  return {
    model: meteredModel(noisyReluNetwork(shape, randomReluWeights(shape, 8, 3, 2)), meter),
    meter,
  };
}
const passes = (m: ModelMeter) => m.forward.calls + m.vjp.calls + m.jvp.calls + m.variants;

async function rejection(
  method: AttributionMethod<object, never>,
  options: Record<string, unknown>,
): Promise<{ error: XaiError; passes: number }> {
  const { model, meter } = metered();
  try {
    await (method as AttributionMethod).explain(model as never, x, { target: 0, ...options });
  } catch (e) {
    if (!XaiError.isInstance(e)) throw e;
    return { error: e, passes: passes(meter) };
  }
  throw new Error(`${method.name} accepted ${JSON.stringify(options)}`);
}

async function outcome(method: AttributionMethod, options: Record<string, unknown>) {
  const { model } = metered();
  try {
    const a = await method.explain(model as never, x, { target: 0, seed: 3, ...options });
    return { data: Array.from(a.data) };
  } catch (e) {
    return { error: String(e) };
  }
}

/** Methods whose capabilities the analytic model lacks. */
const needsOnnx = new Set([
  'guided-backprop',
  'deconvnet',
  'grad-cam',
  'guided-grad-cam',
  'lrp',
  'excitation-backprop',
  'deep-lift',
]);

describe.each(methods.map((m) => [m.name, m] as const))('options of %s', (_, method) => {
  const keys = Object.keys(method.defaults);
  const rules = (method.rules ?? {}) as Record<string, OptionRule>;

  it('declares a rule for every option, and its defaults (and presets) pass them', () => {
    expect(Object.keys(rules).sort()).toEqual([...keys].sort());
    const sets = [method.defaults, ...Object.values(method.presets ?? {})] as Record<
      string,
      unknown
    >[];
    for (const set of sets)
      for (const [k, v] of Object.entries(set)) {
        if (v !== undefined) expect(checkRule(v, rules[k]), `${method.name}.${k}`).toBeUndefined();
      }
  });

  it('rejects a misspelt key with the key it meant, before any model pass', async () => {
    const key = keys.find((k) => k.length >= 4) ?? keys[0];
    const typo = key ? misspelt(key) : 'notAnOption';
    const { error, passes } = await rejection(method, { [typo]: 1 });
    expect(error.code).toBe('UNKNOWN_OPTION');
    expect(error.message).toContain(`'${typo}'`);
    if (key) expect(error.message).toContain(`did you mean '${key}'?`);
    expect(passes).toBe(0);
  });

  it('rejects every value an option rule forbids, before any model pass', async () => {
    for (const key of keys) {
      for (const value of invalidValues(rules[key])) {
        const { error, passes } = await rejection(method, { [key]: value });
        expect(error.code, `${key}=${String(value)}`).toBe('INVALID_ARGUMENT');
        expect(error.message).toContain(`option '${key}' of '${method.name}'`);
        expect(passes).toBe(0);
      }
    }
  });

  it('keeps every default when the options are undefined', async () => {
    const undefinedOptions = Object.fromEntries(keys.map((k) => [k, undefined]));
    const plain = await outcome(method, {});
    if (!needsOnnx.has(method.name)) expect(plain.error).toBeUndefined();
    expect(await outcome(method, undefinedOptions)).toEqual(plain);
  });
});
