// The smoothing methods compose over any attribution method (the noise tunnel): SmoothGrad,
// AdaptGrad, NoiseGrad and FusionGrad take an `inner` method's descriptor and its own
// options in `innerOptions`; `composeSmoothing` names a combination as one method. Run by
// the docs tests on fixture images. `images` is [B, ...model.inputShape], in model units.
import { loadOnnxModel } from '@xai/backend-onnx';
import type { Tensor } from '@xai/core';
import {
  adaptGrad,
  composeSmoothing,
  gradCam,
  gradientXInput,
  guidedBackprop,
  integratedGradients,
  noiseGrad,
  smoothGrad,
} from '@xai/methods';

/** The AdaptGrad paper's S-GI and A-IG(B) as methods of their own. */
export const sGi = composeSmoothing(smoothGrad, gradientXInput);
export const aIgBlack = composeSmoothing(adaptGrad, integratedGradients, {
  baseline: 'black',
  steps: 16,
});

export async function explainCompositions(
  modelPath: string,
  images: Tensor,
): Promise<Record<string, Tensor>> {
  const model = await loadOnnxModel(modelPath);
  const run = { target: 'predicted', seed: 1 } as const;
  try {
    return {
      // SmoothGrad over guided backpropagation, 10 noisy copies, VarGrad's reduction.
      smoothGuided: await smoothGrad.explain(model, images, {
        ...run,
        inner: guidedBackprop,
        samples: 10,
        reduction: 'variance',
      }),
      // NoiseGrad over Grad-CAM: 4 models with weight noise.
      noisyGradCam: await noiseGrad.explain(model, images, {
        ...run,
        inner: gradCam,
        innerOptions: { relu: true },
        models: 4,
      }),
      sGi: await sGi.explain(model, images, { ...run, samples: 10 }),
      aIgBlack: await aIgBlack.explain(model, images, { ...run, samples: 4 }),
    };
  } finally {
    await model.dispose();
  }
}
