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
import { performance } from 'node:perf_hooks';
import { loadOnnxModel } from '@xai/backend-onnx';
import { jsKernels } from '@xai/core';

// The very runtime the backend runs on: onnxruntime-node as @xai/backend-onnx resolves it.
const ort = createRequire(new URL('../../packages/backend-onnx/package.json', import.meta.url))(
  'onnxruntime-node',
);

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
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

async function timed(call) {
  const times = [];
  for (let i = 0; i < repeat + 2; i++) {
    const t0 = performance.now();
    await call();
    if (i >= 2) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

let ms;
if (impl === 'ort-forward') {
  // The options Model's sessions get (threadingOptions in @xai/backend-onnx: threads sleep).
  const session = await ort.InferenceSession.create(modelPath, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  });
  const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', x.data, x.shape) };
  ms = await timed(() => session.run(feeds));
  await session.release();
} else {
  const model = await loadOnnxModel(modelPath, {
    threads,
    gradients: impl === 'xai-vjp' ? 'required' : 'optional',
  });
  if (impl === 'xai-forward') ms = await timed(() => model.forward(x));
  else {
    const u = await jsKernels.random({
      distribution: 'normal',
      shape: [batch, model.numClasses],
      seed: 7,
      stream: 1,
    });
    ms = await timed(() => model.vjp(x, u));
  }
  await model.dispose();
}
const peakRssMB = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ impl, batch, threads, ms, peakRssMB }));
