// Where xai's time goes on the methods slower than Captum (bench/compare/run.mjs): the
// parts timed alone on one fixture model, same images and threads as the comparison.
//
//   node bench/compare/profile.mjs [--model mlp] [--threads 1] [--images 16] [--repeat 7]
import { performance } from 'node:perf_hooks';
import { loadOnnxModel } from '@xai/backend-onnx';
import { jsKernels } from '@xai/core';
import { fixtureModelPath, loadFixtureInputs, loadFixtureLabels } from '@xai/fixtures';
import { getMethod } from '@xai/methods';
import { chooseKernels } from '../choose-kernels.mjs';
import { option } from '../options.mjs';

const name = option('--model', 'mlp');
const threads = Number(option('--threads', '1'));
const n = Number(option('--images', '16'));
const repeat = Number(option('--repeat', '7'));
const all = loadFixtureInputs();
const labels = loadFixtureLabels();
const [, C, H, W] = all.shape;
const plane = C * H * W;
const images = Array.from({ length: n }, (_, i) => (i * 6) % labels.length);
const x = {
  data: Float32Array.from(
    images.flatMap((i) => [...all.data.subarray(i * plane, (i + 1) * plane)]),
  ),
  shape: [n, C, H, W],
};
const target = images.map((i) => labels[i]);
const model = await loadOnnxModel(fixtureModelPath(name), { threads });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function time(label, f) {
  await f();
  const ts = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    await f();
    ts.push(performance.now() - t0);
  }
  console.log(`${label.padEnd(58)} ${median(ts).toFixed(2)} ms`);
}

const rows = (k) => ({ data: new Float32Array(k * plane).fill(0.1), shape: [k, C, H, W] });
const cot = (k, K) => ({ data: new Float32Array(k * K).fill(1), shape: [k, K] });
const K = (await model.forward(rows(1))).shape[1];
console.log(`${name}, ${n} images, ${threads} thread(s), median of ${repeat}`);
await time('forward, 1 row', () => model.forward(rows(1)));
await time(`forward, ${n} rows`, () => model.forward(rows(n)));
await time(`forward, ${n * 50} rows`, () => model.forward(rows(n * 50)));
await time(`vjp, ${n} rows`, () => model.vjp(rows(n), cot(n, K)));
await time(`vjp, ${n * 50} rows`, () => model.vjp(rows(n * 50), cot(n * 50, K)));
await time('withBackwardRules({ relu: guided }) + dispose', async () => {
  const v = await model.withBackwardRules({ relu: 'guided' });
  await v.dispose();
});
const guided = await model.withBackwardRules({ relu: 'guided' });
await time(`guided vjp on a kept variant, ${n} rows`, () => guided.vjp(rows(n), cot(n, K)));
await guided.dispose();
await time(`normal draws for SmoothGrad (${n * 50} x ${plane})`, () =>
  jsKernels.random({
    distribution: 'normal',
    shape: [n * 50, C, H, W],
    seed: 1,
    stream: 0,
    offset: 0,
  }),
);
const native = await chooseKernels('auto');
console.log(`kernels 'auto': ${native.description}`);
await time(`normal draws, ${native.kernels.name} kernels`, () =>
  native.kernels.random({
    distribution: 'normal',
    shape: [n * 50, C, H, W],
    seed: 1,
    stream: 0,
    offset: 0,
  }),
);
for (const [method, options] of [
  ['guided-backprop', {}],
  ['smooth-grad', { samples: 50, noiseLevel: 0.2 }],
  ['rise', { masks: 500, gridSize: 7 }],
  ['saliency', {}],
  ['occlusion', { window: 4, stride: 2, score: 'probability' }],
  ['integrated-gradients', { steps: 50, rule: 'gauss-legendre' }],
]) {
  await time(`explain ${method}`, () =>
    getMethod(method).explain(model, x, { ...options, target, seed: 1 }),
  );
  await time(`explain ${method}, ${native.kernels.name} kernels`, () =>
    getMethod(method).explain(model, x, { ...options, target, seed: 1, kernels: native.kernels }),
  );
}
await model.dispose();
