// The BatchNormalization fold (packages/backend-onnx/src/graph/fold-batch-norm.ts) on
// ResNet-50 exported with its 53 BatchNormalization nodes kept, in one process: the VJP
// graph built with the fold off (XAI_GRAPH=legacy-bn-fold while it is built) and on
// (XAI_GRAPH=bn-fold: the fold is off by default until the pins are remade), and the
// same weights exported by torch with the BatchNormalizations folded into the convolutions
// (bench/.models/resnet50.onnx) as the speed the fold should reach. Forward passes of both
// files too: the forward session runs the file's graph, where ONNX Runtime fuses Conv and
// BatchNormalization itself. Calls alternate in each round, their order rotating, so a
// shared machine's load weighs on all alike; medians and per-round ratios are printed.
//
//   /usr/bin/python3 bench/gradients/export_bn_model.py     # bench/.models/resnet50-bn.onnx
//   /usr/bin/python3 bench/gradients/torch_input_gradient.py --export bench/.models/resnet50.onnx
//   node bench/gradients/bn-fold.mjs [--batches 1,8] [--threads 2] [--repeat 5] [--dir bench/.models]
//
// Prints one JSON line per batch (times in ms) and the largest differences between the
// three models' logits and input gradients, relative to each one's largest magnitude.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadOnnxModel } from '@xai/backend-onnx';
import { jsKernels } from '@xai/core';
import { option } from '../options.mjs';

const batches = option('--batches', '1,8').split(',').map(Number);
const threads = Number(option('--threads', '2'));
const repeat = Number(option('--repeat', '5'));
// Where resnet50-bn.onnx and resnet50.onnx are.
const dir = option('--dir', 'bench/.models');
// Large, so that each call is one ONNX Runtime run.
const memoryLimitBytes = 8 * 2 ** 30;
const load = (path) => loadOnnxModel(path, { threads, memoryLimitBytes });

const off = await load(`${dir}/resnet50-bn.onnx`);
const on = await load(`${dir}/resnet50-bn.onnx`);
const torchFolded = await load(`${dir}/resnet50.onnx`);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Wall and CPU (user + system, all threads) milliseconds of one call. */
const timed = async (call) => {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await call();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
};
/** max |a - b| / max |b|. */
const relDiff = (a, b) => {
  let d = 0;
  let m = 0;
  for (let i = 0; i < b.data.length; i++) {
    d = Math.max(d, Math.abs(a.data[i] - b.data[i]));
    m = Math.max(m, Math.abs(b.data[i]));
  }
  return d / m;
};

for (const batch of batches) {
  const loadStart = loadavg()[0];
  const random = (shape, stream) =>
    jsKernels.random({ distribution: 'normal', shape, seed: 7, stream });
  const x = await random([batch, ...on.inputShape], 0);
  const u = await random([batch, on.numClasses], 1);
  // Untimed first calls build the graphs and sessions: the old one under the variable.
  process.env.XAI_GRAPH = 'legacy-bn-fold';
  const a = await off.vjp(x, u);
  process.env.XAI_GRAPH = 'bn-fold';
  const b = await on.vjp(x, u);
  delete process.env.XAI_GRAPH;
  const c = await torchFolded.vjp(x, u);
  await on.forward(x);
  await torchFolded.forward(x);
  const calls = {
    forwardBn: () => on.forward(x),
    forwardTorchFolded: () => torchFolded.forward(x),
    vjpOff: () => off.vjp(x, u),
    vjpOn: () => on.vjp(x, u),
    vjpTorchFolded: () => torchFolded.vjp(x, u),
  };
  const names = Object.keys(calls);
  const times = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < repeat; i++) {
    for (let k = 0; k < names.length; k++) {
      const n = names[(i + k) % names.length];
      times[n].push(await timed(calls[n]));
    }
  }
  // On a loaded machine wall time waits for the CPU; CPU time counts the work done.
  const stats = (kind) => {
    const ms = Object.fromEntries(names.map((n) => [n, median(times[n].map((t) => t[kind]))]));
    const perRound = (p, q) => times[p].map((t, i) => +(t[kind] / times[q][i][kind]).toFixed(3));
    return {
      ms,
      offOverOn: ms.vjpOff / ms.vjpOn,
      offOverOnPerRound: perRound('vjpOff', 'vjpOn'),
      onOverTorchFolded: ms.vjpOn / ms.vjpTorchFolded,
      onOverTorchFoldedPerRound: perRound('vjpOn', 'vjpTorchFolded'),
      offOverTorchFolded: ms.vjpOff / ms.vjpTorchFolded,
      forwardBnOverTorchFolded: ms.forwardBn / ms.forwardTorchFolded,
      vjpOnOverForward: ms.vjpOn / ms.forwardBn,
    };
  };
  console.log(
    JSON.stringify({
      model: 'resnet50-bn',
      batch,
      threads,
      repeat,
      wall: stats('wall'),
      cpu: stats('cpu'),
      differences: {
        logitsOnVsOff: relDiff(b.logits, a.logits),
        gradOnVsOff: relDiff(b.grad, a.grad),
        logitsOnVsTorchFolded: relDiff(b.logits, c.logits),
        gradOnVsTorchFolded: relDiff(b.grad, c.grad),
      },
      loadStart,
      load: loadavg()[0],
    }),
  );
}
await off.dispose();
await on.dispose();
await torchFolded.dispose();
