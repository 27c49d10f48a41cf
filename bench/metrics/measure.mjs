// One measurement of bench/metrics, in its own process so that its peak memory is its own:
//
//   node bench/metrics/measure.mjs --impl curves|forward --bound-mb 64 [--kernels js|cpu]
//     [--model bench/.models/resnet50.onnx] [--threads 2]
//
// curves: insertion and deletion of one 3x224x224 image with 224 steps each (224 pixels a
// step, Petsiuk et al.'s setting), under `memoryLimitBytes`, through a metered model:
// wall time, time inside the model, forward calls and rows, peak resident memory.
// forward: the model's own needs at the batch size the bound allows: `Model.forward` on
// that batch (twice) with the same kernels loaded, and the peak resident memory of doing
// only that.
// Prints one JSON line.
import { performance } from 'node:perf_hooks';
import { loadOnnxModel } from '@xai/backend-onnx';
import { emptyMeter, jsKernels, meteredModel, planBatches } from '@xai/core';
import { deletion, insertion } from '@xai/metrics';
import { option } from '../options.mjs';

const impl = option('--impl', 'curves');
const boundBytes = Number(option('--bound-mb', '64')) * 2 ** 20;
const kernelsChoice = option('--kernels', 'js');
const modelPath = option('--model', 'bench/.models/resnet50.onnx');
const threads = Number(option('--threads', '2'));

const [C, H, W] = [3, 224, 224];
// What perturbationCurves charges a step: its perturbed image and its mask.
const stepBytes = (C * H * W + H * W) * 4;
const steps = (H * W) / W; // 224 pixels a step
const batch = planBatches(steps + 1, stepBytes, { memoryLimitBytes: boundBytes })[0];
const batchSize = batch[1] - batch[0];

async function kernelsFor(choice) {
  if (choice === 'js') return jsKernels;
  // @xai/backend-cuda is not a dependency of the workspace root; import its build directly.
  const url = new URL('../../packages/backend-cuda/dist/index.js', import.meta.url);
  const { selectKernels } = await import(url.href);
  return (await selectKernels(choice)).kernels;
}

const model = await loadOnnxModel(modelPath, { threads });
const x = await jsKernels.random({
  distribution: 'normal',
  shape: [1, C, H, W],
  seed: 7,
  stream: 0,
});
const kernels = await kernelsFor(kernelsChoice);
const result = { impl, boundMB: boundBytes / 2 ** 20, batchSize, threads, kernels: kernels.name };
if (impl === 'forward') {
  // The kernels' library is loaded and used once, so its code and pools count as the
  // reference's own, as they do in the evaluation.
  await kernels.curveAreas({ data: new Float32Array([0, 1]), shape: [2] });
  const big = await jsKernels.random({
    distribution: 'normal',
    shape: [batchSize, C, H, W],
    seed: 7,
    stream: 1,
  });
  for (let i = 0; i < 2; i++) await model.forward(big);
} else {
  const map = await jsKernels.random({
    distribution: 'normal',
    shape: [1, C, H, W],
    seed: 8,
    stream: 0,
  });
  const meter = emptyMeter();
  const metered = meteredModel(model, meter);
  const options = { target: 0, kernels, memoryLimitBytes: boundBytes }; // each metric's defaults
  const t0 = performance.now();
  const ins = await insertion.evaluate(metered, x, map, options);
  const del = await deletion.evaluate(metered, x, map, options);
  const wallMs = performance.now() - t0;
  Object.assign(result, {
    wallMs,
    insideMs: meter.insideMs,
    forwardCalls: meter.forward.calls,
    forwardRows: meter.forward.rows,
    insertion: ins.scores[0],
    deletion: del.scores[0],
  });
}
await model.dispose();
result.peakRssMB = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify(result));
