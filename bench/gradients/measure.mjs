// One measurement of bench/gradients, in its own process so that its peak memory is its own:
//
//   node bench/gradients/measure.mjs --impl xai-vjp|xai-forward|ort-forward \
//     --model bench/.models/resnet50.onnx --batch 8 --threads 2 --repeat 5
//
// Prints one JSON line: the median milliseconds of one call on a batch (after two warm-up
// calls) and the process's peak resident memory. xai-vjp is the input gradient of
// `u . logits` through `Model.vjp`; xai-forward is `Model.forward`; ort-forward is a plain
// onnxruntime-node session on the same file, with the same threads and options.
import { createRequire } from 'node:module';
import { loadOnnxModel } from '@xai/backend-onnx';
import { jsKernels } from '@xai/core';
import { option } from '../options.mjs';
import { medianMs } from '../timing.mjs';

// The very runtime the backend runs on: onnxruntime-node as @xai/backend-onnx resolves it.
const ort = createRequire(new URL('../../packages/backend-onnx/package.json', import.meta.url))(
  'onnxruntime-node',
);

const impl = option('--impl', 'xai-vjp');
const modelPath = option('--model', 'bench/.models/resnet50.onnx');
const batch = Number(option('--batch', '1'));
const threads = Number(option('--threads', '2'));
const repeat = Number(option('--repeat', '5'));

const sample = [3, 224, 224];
const x = await jsKernels.random({
  distribution: 'normal',
  shape: [batch, ...sample],
  seed: 7,
  stream: 0,
});

let ms;
if (impl === 'ort-forward') {
  // The options Model's sessions get (threadingOptions in @xai/backend-onnx: the threads spin
  // within a run and sleep when it returns).
  const session = await ort.InferenceSession.create(modelPath, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    extra: { session: { intra_op: { allow_spinning: '1' }, force_spinning_stop: '1' } },
  });
  const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', x.data, x.shape) };
  ms = await medianMs(() => session.run(feeds), repeat);
  await session.release();
} else {
  const model = await loadOnnxModel(modelPath, {
    threads,
    gradients: impl === 'xai-vjp' ? 'required' : 'optional',
  });
  if (impl === 'xai-forward') ms = await medianMs(() => model.forward(x), repeat);
  else {
    const u = await jsKernels.random({
      distribution: 'normal',
      shape: [batch, model.numClasses],
      seed: 7,
      stream: 1,
    });
    ms = await medianMs(() => model.vjp(x, u), repeat);
  }
  await model.dispose();
}
const peakRssMB = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ impl, batch, threads, ms, peakRssMB }));
