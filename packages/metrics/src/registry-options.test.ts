/**
 * The option resolver, for every metric in the registry (generated from it, not listed by
 * hand): a misspelt key is rejected with the right suggestion, every value its rule
 * forbids (null included) is rejected, both before the model's first pass and before the
 * method is re-run, and undefined values keep the defaults (the same scores as none).
 */
import {
  type AttributionMetric,
  checkRule,
  createRng,
  emptyMeter,
  type ModelMeter,
  meteredModel,
  type OptionRule,
  type Tensor,
  XaiError,
} from '@xai/core';
import { invalidValues, misspelt, randomReluNetwork } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { metrics } from './registry.js';

const shape = [3, 16, 16];
const random = (n: number, seed: number) => {
  const rng = createRng(seed, 1);
  return Float32Array.from({ length: n }, () => rng.uniform());
};
const x: Tensor = { data: random(768, 7), shape: [1, ...shape] };
const attributions: Tensor = { data: random(768, 8), shape: [1, ...shape] };

/** A metered model and an `explain` that counts its calls as passes too. */
function harness() {
  const meter = emptyMeter();
  const model = meteredModel(randomReluNetwork(shape, 8, 3, 2), meter);
  let explained = 0;
  const explain = async (xs: Tensor) => {
    explained++;
    return { data: xs.data.map((v) => v * 0.5), shape: [...xs.shape] };
  };
  const passes = () => passCount(meter) + explained;
  return { model, explain, passes };
}
const passCount = (m: ModelMeter) => m.forward.calls + m.vjp.calls + m.jvp.calls + m.variants;

/** A mask for the localisation metrics that need one (the left half), and a k that fits. */
const masks: Tensor = {
  data: Float32Array.from({ length: 256 }, (_, i) => (i % 16 < 8 ? 1 : 0)),
  shape: [1, 1, 16, 16],
};
const needs: Record<string, Record<string, unknown>> = {
  auc: { masks },
  'relevance-mass-accuracy': { masks },
  'relevance-rank-accuracy': { masks },
  'attribution-localisation': { masks },
  'top-k-intersection': { masks, k: 50 },
  // Their defaults cost tens of seconds here; fewer samples keep the test short.
  'monotonicity-correlation': { samples: 3 },
  'non-sensitivity': { samples: 3 },
};

async function run(metric: AttributionMetric, options: Record<string, unknown>) {
  const h = harness();
  try {
    const r = await metric.evaluate(h.model, x, attributions, {
      target: [0],
      seed: 3,
      explain: h.explain,
      ...needs[metric.name],
      ...options,
    });
    return { scores: Array.from(r.scores), passes: h.passes() };
  } catch (e) {
    if (!XaiError.isInstance(e)) throw e;
    return { error: e, passes: h.passes() };
  }
}

/**
 * Metrics that cannot score on this harness: no boxes; no layers to randomise; no inner
 * layer to read (their errors are still the same with undefined options).
 */
const cannotRun = new Set([
  'pointing-game',
  'model-randomization',
  'efficient-mprt',
  'smooth-mprt',
  'relative-representation-stability',
]);

describe.each(metrics.map((m) => [m.name, m] as const))('options of %s', (_, metric) => {
  const keys = Object.keys(metric.defaults);
  const rules = (metric.rules ?? {}) as Record<string, OptionRule>;

  it('declares a rule for every option, and its defaults pass them', () => {
    expect(Object.keys(rules).sort()).toEqual([...keys].sort());
    for (const [k, v] of Object.entries(metric.defaults as Record<string, unknown>)) {
      if (v !== undefined) expect(checkRule(v, rules[k]), `${metric.name}.${k}`).toBeUndefined();
    }
  });

  it('rejects a misspelt key with the key it meant, before any model pass', async () => {
    const key = keys.find((k) => k.length >= 4) ?? keys[0];
    const typo = key ? misspelt(key) : 'notAnOption';
    const r = await run(metric, { [typo]: 1 });
    expect(r.error?.code).toBe('UNKNOWN_OPTION');
    if (key) expect(r.error?.message).toContain(`did you mean '${key}'?`);
    expect(r.passes).toBe(0);
  });

  it('rejects every value an option rule forbids, before any model pass', async () => {
    for (const key of keys) {
      for (const value of invalidValues(rules[key])) {
        const r = await run(metric, { [key]: value });
        expect(r.error?.code, `${key}=${String(value)}`).toBe('INVALID_ARGUMENT');
        expect(r.error?.message).toContain(`option '${key}' of '${metric.name}'`);
        expect(r.passes).toBe(0);
      }
    }
  });

  it('keeps every default when the options are undefined', async () => {
    const plain = await run(metric, {});
    if (!cannotRun.has(metric.name)) expect(plain.error).toBeUndefined();
    // Keys the harness must set (masks) stay set; every other option is undefined.
    const undefinedOptions = Object.fromEntries(
      keys.filter((k) => !(k in (needs[metric.name] ?? {}))).map((k) => [k, undefined]),
    );
    expect(await run(metric, undefinedOptions)).toEqual(plain);
  });
});
