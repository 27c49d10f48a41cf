// vjp / forward through Model on the benchmark models at several batches, in one process:
// the two calls alternate (forward, vjp, forward, vjp, ...) so that a shared machine's load
// weighs on both alike, and the ratio of their medians is reported.
//
//   node bench/gradients/ratio.mjs [--models resnet50,mobilenet_v2,vit_b_16] [--batches 1,8,32]
//        [--threads 2] [--repeat 3] [--memory 8GiB] [--legacy [clip|strided]] [--torch 1]
//        [--python /usr/bin/python3]
//
// `--legacy` also times the VJP graph as built before #23's speed-ups (XAI_GRAPH=legacy,
// packages/backend-onnx/src/rules/legacy-graphs.ts) on a second copy of the model, in the
// same rounds: forward, old vjp, new vjp, ...; `oldOverNew` is the ratio of their medians.
//
// `--torch 1` then times PyTorch's own forward and input gradient on the same weights, threads
// and batch in a fresh process (torch_input_gradient.py --ratio, the two alternating there):
// `torchRatio` is the vjp / forward that PyTorch's own backward kernels reach on this CPU, the
// reference for how near xai's ratio is to what the hardware allows; `overTorch` is PyTorch's
// gradient time over xai's. The two processes run one after the other, never at once.
//
// The models come from bench/gradients/torch_input_gradient.py --export (bench/.models/).
// `--memory` is the model's bound: large by default, so that each call is one ORT run.
// Prints one JSON line per model and batch.
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadOnnxModel } from '@xai/backend-onnx';
import { jsKernels, parseMemorySize } from '@xai/core';
import { option } from '../options.mjs';

const models = option('--models', 'resnet50,mobilenet_v2,vit_b_16').split(',');
const batches = option('--batches', '1,8,32').split(',').map(Number);
const threads = Number(option('--threads', '2'));
const repeat = Number(option('--repeat', '3'));
const memoryLimitBytes = parseMemorySize(option('--memory', '8GiB'), '--memory');
// `--legacy` alone: every change; `--legacy clip` or `--legacy strided`: that one.
const legacyAt = process.argv.indexOf('--legacy');
const legacyPart = process.argv[legacyAt + 1];
const legacy =
  legacyAt < 0
    ? undefined
    : legacyPart && !legacyPart.startsWith('--')
      ? `legacy-${legacyPart}`
      : 'legacy';
const withTorch = option('--torch', '0') === '1';
const python = option('--python', '/usr/bin/python3');
const torchScript = new URL('./torch_input_gradient.py', import.meta.url).pathname;

/** PyTorch's forward and gradient medians on `name` at `batch` (see the header). */
function torchRatio(name, batch) {
  const args = ['--model', name, '--ratio', '--batch', String(batch), '--threads', String(threads)];
  const out = execFileSync(python, [torchScript, ...args, '--repeat', String(repeat)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const r = JSON.parse(out.trim().split('\n').pop());
  return { torchForwardMs: r.forwardMs, torchVjpMs: r.vjpMs, torchRatio: r.ratio, torch: r.torch };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function timed(call) {
  const t0 = performance.now();
  await call();
  return performance.now() - t0;
}

for (const name of models) {
  const path = `bench/.models/${name}.onnx`;
  const model = await loadOnnxModel(path, { threads, memoryLimitBytes });
  const old = legacy ? await loadOnnxModel(path, { threads, memoryLimitBytes }) : undefined;
  for (const batch of batches) {
    const x = await jsKernels.random({
      distribution: 'normal',
      shape: [batch, ...model.inputShape],
      seed: 7,
      stream: 0,
    });
    const u = await jsKernels.random({
      distribution: 'normal',
      shape: [batch, model.numClasses],
      seed: 7,
      stream: 1,
    });
    // One untimed call of each first (session creation, the arena's first growth).
    await model.forward(x);
    await model.vjp(x, u);
    if (old) {
      // The graph is built at the first call: build the old one under the variable.
      process.env.XAI_GRAPH = legacy;
      await old.vjp(x, u);
      delete process.env.XAI_GRAPH;
    }
    const forward = [];
    const vjp = [];
    const oldVjp = [];
    for (let i = 0; i < repeat; i++) {
      forward.push(await timed(() => model.forward(x)));
      // Old and new take turns at going first, so neither always follows the forward.
      if (old && i % 2 === 0) oldVjp.push(await timed(() => old.vjp(x, u)));
      vjp.push(await timed(() => model.vjp(x, u)));
      if (old && i % 2 === 1) oldVjp.push(await timed(() => old.vjp(x, u)));
    }
    const f = median(forward);
    const v = median(vjp);
    const extra = old
      ? {
          oldVjpMs: median(oldVjp),
          oldRatio: median(oldVjp) / f,
          oldOverNew: median(oldVjp) / v,
          // On a loaded machine the fastest round is the least disturbed one.
          minOldOverNew: Math.min(...oldVjp) / Math.min(...vjp),
        }
      : {};
    const reference = withTorch ? torchRatio(name, batch) : undefined;
    const torchPart = reference ? { ...reference, overTorch: reference.torchVjpMs / v } : {};
    console.log(
      JSON.stringify({
        model: name,
        batch,
        threads,
        forwardMs: f,
        vjpMs: v,
        ratio: v / f,
        perRound: vjp.map((t, i) => t / forward[i]),
        minRatio: Math.min(...vjp) / Math.min(...forward),
        ...extra,
        ...torchPart,
        ...(legacy ? { legacy } : {}),
        load: loadavg()[0],
      }),
    );
  }
  await model.dispose();
  await old?.dispose();
}
