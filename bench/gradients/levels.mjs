// The VJP graph's wall time under ONNX Runtime's optimisation levels 'all' (xai's) and
// 'extended' (no NCHWc layout), the two sessions' runs interleaved so that load falls on
// both; the ratio of medians, and the largest difference between their input gradients.
//
//   node bench/gradients/levels.mjs --model bench/.models/mobilenet_v2.onnx [--batch 8]
//        [--threads 2] [--repeat 9]
//
// It reads the backend's sources (the graph builder is internal), so it runs itself under
// vite-node. Prints one JSON line.
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { rerunUnderViteNode } from '../vite-node.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const backend = join(root, 'packages/backend-onnx');

rerunUnderViteNode(import.meta.url, backend);

const { option } = await import('../options.mjs');
const src = (p) => import(join(backend, 'src', p));
const { readModelBytes } = await src('load/model-io.ts');
const { decodeOnnxModel } = await src('decode-model.ts');
const { describeOnnxModel } = await src('model-info.ts');
const { readGraph, FLOAT } = await src('graph/graph.ts');
const { findGradientPath } = await src('autodiff/path.ts');
const { probeShapes } = await src('autodiff/probe-shapes.ts');
const { buildVjpGraph } = await src('autodiff/build.ts');
const { threadingOptions } = await src('session.ts');
const ort = createRequire(join(backend, 'package.json'))('onnxruntime-node');

const modelPath = resolve(root, option('--model', 'bench/.models/resnet50.onnx'));
const batch = Number(option('--batch', '1'));
const threads = Number(option('--threads', '2'));
const repeat = Number(option('--repeat', '9'));

const bytes = await readModelBytes(modelPath);
const decoded = decodeOnnxModel(bytes, modelPath);
const info = describeOnnxModel(decoded);
const input = info.inputs[0];
const output = info.outputs[0];
const sample = input.shape.slice(1).map(Number);
const graph = readGraph(decoded);
const { path } = findGradientPath(graph, input.name, output.name);
const shapes = await probeShapes(graph, path, input.name, sample, { threads });
const classes = Number(output.shape.at(-1));
const vjp = buildVjpGraph({
  graph,
  path,
  input: input.name,
  output: output.name,
  floatType: FLOAT,
  inputShape: ['batch', ...sample],
  outputShape: ['batch', classes],
  shapes,
});

const rand = (n, seed) => {
  const a = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    a[i] = s / 2147483648 - 0.5;
  }
  return a;
};
const x = new ort.Tensor('float32', rand(batch * sample.reduce((a, b) => a * b, 1), 7), [
  batch,
  ...sample,
]);
const u = new ort.Tensor('float32', rand(batch * classes, 9), [batch, classes]);
const feedsOf = (isVjp) => (isVjp ? { [input.name]: x, [vjp.seed]: u } : { [input.name]: x });
const fetchesOf = (isVjp) => (isVjp ? [output.name, vjp.result] : [output.name]);
const base = {
  executionProviders: ['cpu'],
  graphOptimizationLevel: 'all',
  ...threadingOptions({ threads }),
};

const levels = ['all', 'extended'];
const sessions = [];
for (const level of levels) {
  sessions.push(
    await ort.InferenceSession.create(vjp.bytes, { ...base, graphOptimizationLevel: level }),
  );
}
const times = levels.map(() => []);
const grads = [];
for (let i = 0; i < repeat + 2; i++) {
  for (let k = 0; k < sessions.length; k++) {
    const t0 = performance.now();
    const r = await sessions[k].run(feedsOf(true), fetchesOf(true));
    if (i >= 2) times[k].push(performance.now() - t0);
    if (i === 0) grads[k] = r[vjp.result].data;
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
let diff = 0;
let most = 0;
for (let i = 0; i < grads[0].length; i++) {
  diff = Math.max(diff, Math.abs(grads[0][i] - grads[1][i]));
  most = Math.max(most, Math.abs(grads[0][i]));
}
const [a, e] = times.map(median);
console.log(
  JSON.stringify({
    model: modelPath,
    batch,
    threads,
    allMs: a,
    extendedMs: e,
    extendedOverAll: e / a,
    maxDiffOfMax: diff / most,
  }),
);
