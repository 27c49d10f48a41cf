import { type InputDomain, jsKernels, sliceBatch, type Tensor, XaiError } from '@xai/core';
import {
  type FixtureModelName,
  fixtureManifest,
  fixtureModelNames,
  fixtureModelPath,
  loadFixtureInputs,
} from '@xai/fixtures';
import type { Preprocess } from '@xai/images';
import { inputDomain, loadInputs } from '@xai/images';

/** `--model`: an embedded fixture by name (`cnn`, `resnet`) or an ONNX file. */
export function benchModelPath(flag: string): { path: string; fixture: boolean } {
  if ((fixtureModelNames as readonly string[]).includes(flag))
    return { path: fixtureModelPath(flag as FixtureModelName), fixture: true };
  return { path: flag, fixture: false };
}

/**
 * The batch to time: the first `samples` of `--input`; without it, the fixture images for
 * a fixture model, else seeded normal noise shaped like the model input (a benchmark
 * needs the model's shape, not meaningful pixels). `domain` is how those inputs were made
 * from pixels: `--preprocess` for files, the fixtures' normalisation, none for noise.
 */
export async function benchInputs(
  input: string | undefined,
  fixture: boolean,
  inputShape: readonly number[],
  samples: number,
  preprocess: Preprocess,
): Promise<{ x: Tensor; source: string; domain?: InputDomain }> {
  let all: Tensor;
  let source: string;
  let domain: InputDomain | undefined;
  if (input !== undefined) {
    all = (await loadInputs(input, inputShape, preprocess)).x;
    source = input;
    domain = inputDomain(preprocess);
  } else if (fixture) {
    all = loadFixtureInputs();
    source = 'the fixture images';
    const { mean, std } = fixtureManifest().normalisation;
    domain = { mean: [mean], std: [std] };
  } else {
    all = await jsKernels.random({
      distribution: 'normal',
      shape: [samples, ...inputShape],
      seed: 7,
      stream: 0,
    });
    source = 'seeded normal noise';
  }
  if (all.shape[0]! < samples) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected at least ${samples} samples (--samples) in ${source} but received ${all.shape[0]}.`,
    );
  }
  return { x: sliceBatch(all, 0, samples), source, ...(domain ? { domain } : {}) };
}
