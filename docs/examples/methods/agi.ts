// AGI on a batch of images, as the method page shows it; run by the docs
// tests on a fixture image. `images` is [B, ...model.inputShape], in model units.
import { loadOnnxModel } from '@xai/backend-onnx';
import type { Tensor } from '@xai/core';
import { agi } from '@xai/methods';

export async function explain(modelPath: string, images: Tensor): Promise<Tensor> {
  const model = await loadOnnxModel(modelPath);
  try {
    return await agi.explain(model, images, {
      target: 'predicted', // a class index, 'predicted', or one index per sample
      seed: 1, // same seed, same map, on every backend
      domain: { mean: [0.286], std: [0.353] }, // how pixels in [0, 1] became inputs (here the fixtures')
      k: 3, // false classes (20 in the ISA repository's runs and the AGI paper's, 1 in MFABA's)
    }); // attributions shaped like images
  } finally {
    await model.dispose();
  }
}
