// One comparison of bench/threads, in its own process:
//
//   node bench/threads/measure.mjs --case <model>-forward|<model>-vjp|<model>-both|fixture:<method> \
//     --settings false,within-run [--batch 1] [--threads 2] [--rounds 15]
//
// Loads the model once per `spinWait` setting (false, within-run, true) and times the same
// call on each in turns, `--rounds` times after two warm-up calls each, the order rotating
// each round so that drift in the machine's load falls on every setting alike. Prints one
// JSON line: each setting's median milliseconds and, for each setting after the first, the
// median of its per-round ratios to the first (below 1: faster).
//
// <model> is a benchmark model of bench/.models (resnet50, mobilenet_v2, vit_b_16): forward,
// vjp, or both one after the other (two sessions, as most methods use them) on a batch of
// seeded normal inputs. A fixture case is one explanation of the first fixture images by the
// method on the fixture ResNet (native kernels when built), whose model calls are short
// enough that what happens between them shows.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadOnnxModel } from '@xai/backend-onnx';
import { jsKernels, sliceBatch } from '@xai/core';
import { fixtureModelPath, loadFixtureInputs } from '@xai/fixtures';
import { getMethod } from '@xai/methods';
import { option } from '../options.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const which = option('--case', 'resnet50-vjp');
const settings = option('--settings', 'false,within-run')
  .split(',')
  .map((s) => (s === 'true' ? true : s === 'false' ? false : s));
const batch = Number(option('--batch', '1'));
const threads = Number(option('--threads', '2'));
const rounds = Number(option('--rounds', '15'));

/** The native CPU kernels when the addon is built, as `--kernels auto` would pick. */
async function kernels() {
  const built = resolve(root, 'packages/backend-cuda/dist/index.js');
  if (!existsSync(built)) return jsKernels;
  const { selectKernels } = await import(built);
  return (await selectKernels('auto')).kernels;
}

const fixture = which.startsWith('fixture:');
const path = fixture
  ? fixtureModelPath('resnet')
  : resolve(root, `bench/.models/${which.slice(0, which.lastIndexOf('-'))}.onnx`);
const models = [];
for (const spinWait of settings) models.push(await loadOnnxModel(path, { threads, spinWait }));
let call;
if (fixture) {
  const method = getMethod(which.slice('fixture:'.length));
  const x = sliceBatch(loadFixtureInputs(), 0, batch);
  const k = await kernels();
  call = (model) => method.explain(model, x, { target: 'predicted', seed: 1, kernels: k });
} else {
  const x = await jsKernels.random({
    distribution: 'normal',
    shape: [batch, ...models[0].inputShape],
    seed: 7,
    stream: 0,
  });
  const u = await jsKernels.random({
    distribution: 'normal',
    shape: [batch, models[0].numClasses],
    seed: 7,
    stream: 1,
  });
  const part = which.slice(which.lastIndexOf('-') + 1);
  call =
    part === 'forward'
      ? (model) => model.forward(x)
      : part === 'vjp'
        ? (model) => model.vjp(x, u)
        : async (model) => {
            await model.forward(x);
            await model.vjp(x, u);
          };
}
for (const model of models) for (let i = 0; i < 2; i++) await call(model);
const times = models.map(() => []);
for (let r = 0; r < rounds; r++) {
  for (let j = 0; j < models.length; j++) {
    const k = (j + r) % models.length;
    const t0 = performance.now();
    await call(models[k]);
    times[k].push(performance.now() - t0);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  JSON.stringify({
    case: which,
    batch,
    settings,
    ms: times.map(median),
    ratios: times.slice(1).map((ts) => median(ts.map((t, r) => t / times[0][r]))),
    ranges: times
      .slice(1)
      .map((ts) => [
        Math.min(...ts.map((t, r) => t / times[0][r])),
        Math.max(...ts.map((t, r) => t / times[0][r])),
      ]),
  }),
);
for (const model of models) await model.dispose();
