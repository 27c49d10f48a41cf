// Loads an ONNX classifier and prints its prediction for one input.
// Run by the docs tests on the embedded Fashion-MNIST model.
import { loadOnnxModel } from '@xai/backend-onnx';
import { argmaxRows, softmaxRows, tensor } from '@xai/core';

export async function predict(modelPath: string, pixels: Float32Array) {
  // Reads and checks the file, then opens an ONNX Runtime session.
  const model = await loadOnnxModel(modelPath);
  try {
    // A batch of one sample, NCHW, normalised the way the model was trained.
    const x = tensor(pixels, [1, ...model.inputShape]);
    const logits = await model.forward(x); // [1, numClasses]
    const [predicted] = argmaxRows(logits.data, 1, model.numClasses);
    const probability = softmaxRows(logits.data, 1, model.numClasses)[predicted!]!;
    return {
      inputShape: model.inputShape,
      numClasses: model.numClasses,
      predicted: predicted!,
      probability,
    };
  } finally {
    await model.dispose();
  }
}
