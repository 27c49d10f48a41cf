// One measurement of bench/memory, in its own process so that its peak memory is its own:
//
//   node bench/memory/measure.mjs --model bench/.models/resnet50.onnx --method integrated-gradients
//        --memory 2GB [--images 2] [--threads 2] [--settings '{"masks":500}']
//
// Loads the model and runs one method (or `insertion-deletion`: both curves) on `--images`
// seeded images with the bound given to the model and to the method, as `xai --memory`
// does; `--method none` only loads the model and runs one forward. Prints one JSON line:
// the bound, the process's peak resident memory (VmHWM), what it held before loading the
// model (VmRSS; the bound covers what comes after), wall time.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadOnnxModel } from '@xai/backend-onnx';
import { jsKernels, parseMemorySize } from '@xai/core';
import { getMethod } from '@xai/methods';
import { deletion, insertion } from '@xai/metrics';
import { option } from '../options.mjs';

const modelPath = option('--model', 'bench/.models/resnet50.onnx');
const method = option('--method', 'integrated-gradients');
const bound = parseMemorySize(option('--memory', '2GB'), '--memory');
const images = Number(option('--images', '2'));
const threads = Number(option('--threads', '2'));
// The method's own options beyond the defaults (e.g. fewer RISE masks, to keep runs short).
const settings = JSON.parse(option('--settings', '{}'));

const statusMB = (field) => {
  const line = readFileSync('/proc/self/status', 'utf8').match(
    new RegExp(`${field}:\\s+(\\d+) kB`),
  );
  return Number(line?.[1] ?? Number.NaN) / 1024;
};
const peakMB = () => statusMB('VmHWM');
// What the process holds before the model: outside the bound (loadOnnxModel's rule).
const beforeLoadMB = statusMB('VmRSS');

const model = await loadOnnxModel(modelPath, { threads, memoryLimitBytes: bound });
const x = await jsKernels.random({
  distribution: 'normal',
  shape: [images, ...model.inputShape],
  seed: 7,
  stream: 0,
});
const loadedMB = peakMB();
const t0 = performance.now();
const common = { target: 'predicted', seed: 1, kernels: jsKernels, memoryLimitBytes: bound };
if (method === 'none') await model.forward(x);
else if (method === 'insertion-deletion') {
  const a = await getMethod('saliency').explain(model, x, common);
  const { seed: _, ...metricOptions } = common;
  for (const curve of [insertion, deletion]) await curve.evaluate(model, x, a, metricOptions);
} else await getMethod(method).explain(model, x, { ...common, ...settings });
const wallMs = performance.now() - t0;
console.log(
  JSON.stringify({
    model: modelPath,
    method,
    settings,
    images,
    boundMB: bound / 2 ** 20,
    beforeLoadMB,
    loadedMB,
    peakMB: peakMB(),
    wallMs,
  }),
);
await model.dispose();
