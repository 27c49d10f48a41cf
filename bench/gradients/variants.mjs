// What a modified-backward variant (guided backprop, deconvnet, LRP, excitation backprop)
// costs against the plain gradient, called as the methods call it (backend-onnx's
// `withBackwardRules`, one VJP, dispose: methods/src/backward/backward-rules.ts), in one
// process: plain, then each variant cached (the default) and rebuilt per call
// (XAI_GRAPH=legacy-variants), interleaved round by round.
//
//   node bench/gradients/variants.mjs [--model packages/fixtures/data/resnet.onnx]
//        [--images 32] [--threads 2] [--repeat 7]
//
// Prints one JSON line per variant: the medians and minima of each, their ratios to the plain
// gradient, and the load average.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadOnnxModel } from '@xai/backend-onnx';
import { jsKernels } from '@xai/core';
import { option } from '../options.mjs';

const path = option('--model', 'packages/fixtures/data/resnet.onnx');
const images = Number(option('--images', '32'));
const threads = Number(option('--threads', '2'));
const repeat = Number(option('--repeat', '7'));

const variants = {
  'guided backprop': { relu: 'guided' },
  deconvnet: { relu: 'deconvnet' },
  'LRP epsilon': { linear: { kind: 'epsilon', epsilon: 1e-6 } },
  'excitation backprop': { linear: { kind: 'alpha-beta', alpha: 1, beta: 0, stabilizer: 1e-9 } },
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const min = (xs) => Math.min(...xs);
async function timed(call) {
  const t0 = performance.now();
  await call();
  return performance.now() - t0;
}
async function once(model, rules) {
  const v = await model.withBackwardRules(rules);
  try {
    await v.vjp(x, u);
  } finally {
    await v.dispose();
  }
}

const model = await loadOnnxModel(path, { threads });
const x = await jsKernels.random({
  distribution: 'uniform',
  shape: [images, ...model.inputShape],
  seed: 7,
  stream: 0,
});
const u = await jsKernels.random({
  distribution: 'normal',
  shape: [images, model.numClasses],
  seed: 7,
  stream: 1,
});
await model.vjp(x, u);
for (const [name, rules] of Object.entries(variants)) {
  await once(model, rules);
  const plain = [];
  const cached = [];
  const rebuilt = [];
  for (let i = 0; i < repeat; i++) {
    plain.push(await timed(() => model.vjp(x, u)));
    cached.push(await timed(() => once(model, rules)));
    process.env.XAI_GRAPH = 'legacy-variants';
    rebuilt.push(await timed(() => once(model, rules)));
    delete process.env.XAI_GRAPH;
  }
  console.log(
    JSON.stringify({
      variant: name,
      model: path,
      images,
      plainMs: median(plain),
      cachedMs: median(cached),
      rebuiltMs: median(rebuilt),
      cachedOverPlain: median(cached) / median(plain),
      rebuiltOverPlain: median(rebuilt) / median(plain),
      minCachedOverPlain: min(cached) / min(plain),
      minRebuiltOverPlain: min(rebuilt) / min(plain),
      load: loadavg()[0],
    }),
  );
}
await model.dispose();
