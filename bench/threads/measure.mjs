// One measurement of bench/threads, in its own process:
//
//   node bench/threads/measure.mjs --case resnet50-forward|resnet50-vjp|resnet50-both|fixture:<method> \
//     --spin 0|1 [--batch 1] [--threads 2] [--repeat 5]
//
// Prints one JSON line: the median milliseconds of one call (after two warm-up calls). A
// ResNet-50 case times Model.forward, Model.vjp, or both one after the other (two sessions,
// as most methods use them) on a batch; a fixture case times one
// explanation of the first fixture image by the method (native kernels when built), whose
// model calls are short enough that what happens between them shows.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadOnnxModel } from '@xai/backend-onnx';
import { jsKernels, sliceBatch } from '@xai/core';
import { fixtureModelPath, loadFixtureInputs } from '@xai/fixtures';
import { getMethod } from '@xai/methods';
import { option } from '../options.mjs';
import { medianMs } from '../timing.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const which = option('--case', 'resnet50-forward');
const spinWait = option('--spin', '0') === '1';
const batch = Number(option('--batch', '1'));
const threads = Number(option('--threads', '2'));
const repeat = Number(option('--repeat', '5'));

/** The native CPU kernels when the addon is built, as `--kernels auto` would pick. */
async function kernels() {
  const built = resolve(root, 'packages/backend-cuda/dist/index.js');
  if (!existsSync(built)) return jsKernels;
  const { selectKernels } = await import(built);
  return (await selectKernels('auto')).kernels;
}

let ms;
if (which.startsWith('fixture:')) {
  const method = getMethod(which.slice('fixture:'.length));
  const model = await loadOnnxModel(fixtureModelPath('resnet'), { threads, spinWait });
  const x = sliceBatch(loadFixtureInputs(), 0, 1);
  const k = await kernels();
  ms = await medianMs(
    () => method.explain(model, x, { target: 'predicted', seed: 1, kernels: k }),
    repeat,
  );
} else {
  const model = await loadOnnxModel(resolve(root, 'bench/.models/resnet50.onnx'), {
    threads,
    spinWait,
  });
  const x = await jsKernels.random({
    distribution: 'normal',
    shape: [batch, 3, 224, 224],
    seed: 7,
    stream: 0,
  });
  const logits = await model.forward(x);
  const u = { data: new Float32Array(logits.data.length).fill(1e-3), shape: logits.shape };
  if (which === 'resnet50-forward') ms = await medianMs(() => model.forward(x), repeat);
  else if (which === 'resnet50-vjp') ms = await medianMs(() => model.vjp(x, u), repeat);
  else {
    ms = await medianMs(async () => {
      await model.forward(x);
      await model.vjp(x, u);
    }, repeat);
  }
}
console.log(JSON.stringify({ case: which, spinWait, batch, ms }));
