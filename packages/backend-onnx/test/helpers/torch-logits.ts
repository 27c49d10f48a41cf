import type { Classifier, Tensor } from '@xai/core';
import { type FixtureModelName, loadFixtureInputs, loadFixtureLogits } from '@xai/fixtures';
import { expect } from 'vitest';
import { maxAbsGap } from './gaps.js';

/**
 * The model's logits on the 100 fixture inputs, once checked against PyTorch's (the
 * fixtures' `.logits.npy`) within 1e-4.
 */
export async function expectTorchLogits(
  model: Classifier,
  name: FixtureModelName,
): Promise<Tensor> {
  const logits = await model.forward(loadFixtureInputs());
  expect(logits.shape).toEqual([100, 10]);
  expect(maxAbsGap(logits.data, loadFixtureLogits(name).data)).toBeLessThan(1e-4);
  return logits;
}
