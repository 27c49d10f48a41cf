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
  createRng,
  emptyMeter,
  meteredModel,
  type Tensor,
} from '@xai/core';
import { describeOptionResolver, randomReluWeights } from '@xai/core/testing';
import { noisyReluNetwork } from '../test/noisy-relu-network.js';
import { methods } from './registry.js';

const shape = [3, 8, 8];
const x: Tensor = (() => {
  const rng = createRng(7, 1);
  return { data: Float32Array.from({ length: 192 }, () => rng.uniform()), shape: [1, ...shape] };
})();

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

describeOptionResolver<AttributionMethod>(methods, {
  async run(method, options) {
    const meter = emptyMeter();
    const model = meteredModel(noisyReluNetwork(shape, randomReluWeights(shape, 8, 3, 2)), meter);
    const passes = () => meter.forward.calls + meter.vjp.calls + meter.jvp.calls + meter.variants;
    try {
      const a = await method.explain(model as never, x, { target: 0, seed: 3, ...options });
      return { output: Array.from(a.data), passes: passes() };
    } catch (error) {
      return { error, passes: passes() };
    }
  },
  runsHere: (method) => !needsOnnx.has(method.name),
});
