// AGI, BIG and MFABA on a batch of images: one explain call over the batch (each attack
// step one pass over the rows of every sample still running) against one call per image
// (the per-sample cost), on the fixture CNN and ResNet, in one process.
//
//   node bench/methods/batching-path.mjs [--images 8] [--repeat 5] [--threads 2]
//                                        [--write docs/benchmarks/batching-path.md]
//
// Needs the built packages. The two ways alternate within each repeat (per image, then
// batched), so a change in the machine's load hits both; the table gives the medians, the
// ratio of the medians, and the model passes of one run of each, counted by core's
// meteredModel. The maps of the two ways are compared too (largest absolute difference).
import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadOnnxModel } from '@xai/backend-onnx';
import { emptyMeter, meteredModel, sliceBatch } from '@xai/core';
import { fixtureManifest, fixtureModelPath, loadFixtureInputs } from '@xai/fixtures';
import { getMethod } from '@xai/methods';
import { option } from '../options.mjs';
import { writeReport } from '../write-report.mjs';

const images = Number(option('--images', '8'));
const repeat = Number(option('--repeat', '5'));
const threads = Number(option('--threads', String(cpus().length)));
const writeTo = option('--write', undefined);

const { mean, std } = fixtureManifest().normalisation;
const normalization = { mean: [mean], std: [std] };
// The defaults of each method, pixel steps through the fixture's normalisation. AGI walks
// toward its 3 top-scoring other classes: its default random classes are drawn from stream b
// for the batch's sample b, so one image alone (always sample 0) would walk other classes.
const methods = [
  ['agi', { normalization, classes: 'top', k: 3 }],
  ['big', { normalization }],
  ['mfaba', { normalization }],
];
const models = ['cnn', 'resnet'];

const x = sliceBatch(loadFixtureInputs(), 0, images);
const options = { target: 'predicted', seed: 1 };

/** Runs `call` on a metered copy of `model`: its result, wall ms and passes. */
async function timed(model, call) {
  const meter = emptyMeter();
  const m = meteredModel(model, meter);
  const t0 = performance.now();
  const out = await call(m);
  return { out, ms: performance.now() - t0, meter };
}

const perImage = (method, o) => async (m) => {
  const data = new Float32Array(x.data.length);
  const D = x.data.length / images;
  for (let b = 0; b < images; b++) {
    data.set((await method.explain(m, sliceBatch(x, b, b + 1), o)).data, b * D);
  }
  return data;
};
const batched = (method, o) => async (m) => (await method.explain(m, x, o)).data;

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const passes = (meter) =>
  `${meter.forward.calls + meter.vjp.calls} (${meter.forward.rows + meter.vjp.rows})`;

const load0 = loadavg();
const rows = [];
for (const name of models) {
  const model = await loadOnnxModel(fixtureModelPath(name), { threads });
  for (const [methodName, settings] of methods) {
    const method = getMethod(methodName);
    const o = { ...options, ...settings };
    // Warm-up: sessions, JIT.
    await perImage(method, o)(model);
    await batched(method, o)(model);
    const oldMs = [];
    const newMs = [];
    let oldRun;
    let newRun;
    for (let i = 0; i < repeat; i++) {
      oldRun = await timed(model, perImage(method, o));
      newRun = await timed(model, batched(method, o));
      oldMs.push(oldRun.ms);
      newMs.push(newRun.ms);
    }
    let diff = 0;
    let top = 0;
    for (let i = 0; i < oldRun.out.length; i++) {
      diff = Math.max(diff, Math.abs(oldRun.out[i] - newRun.out[i]));
      top = Math.max(top, Math.abs(oldRun.out[i]));
    }
    const row = {
      model: name,
      method: methodName,
      oldMs: median(oldMs),
      newMs: median(newMs),
      oldPasses: passes(oldRun.meter),
      newPasses: passes(newRun.meter),
      diff: diff / top,
    };
    rows.push(row);
    console.error(JSON.stringify(row));
  }
  await model.dispose?.();
}
const load1 = loadavg();

const fmt = (v) => v.toFixed(0);
const report = [
  '# Batching the path methods: AGI, BIG, MFABA',
  '',
  `Made by \`node bench/methods/batching-path.mjs --images ${images} --repeat ${repeat} --threads ${threads}${writeTo ? ` --write ${writeTo}` : ''}\``,
  `on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version},`,
  `${threads} onnxruntime thread(s); load average ${load0[0].toFixed(1)} at the start and ${load1[0].toFixed(1)} at the end (a shared machine:`,
  'compare the two columns of a row, which ran alternately, not rows or runs).',
  '',
  `${images} fixture images (the first ${images}), target the predicted class, seed 1, each method's defaults with the`,
  "fixture's normalisation (AGI: its 3 top-scoring other classes, `classes: 'top', k: 3`). *Per image*: one explain call per image; *batched*: one call on",
  `the batch of ${images}. Medians of ${repeat} alternating runs after one warm-up of each. Passes:`,
  'forward + vjp calls (rows) of one run. Map difference: the largest absolute difference',
  "between the two ways' maps over the largest absolute value.",
  '',
  '| model | method | per image ms | batched ms | speed-up | passes per image | passes batched | map difference |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map(
    (r) =>
      `| ${r.model} | ${r.method} | ${fmt(r.oldMs)} | ${fmt(r.newMs)} | ${(r.oldMs / r.newMs).toFixed(2)}x | ${r.oldPasses} | ${r.newPasses} | ${r.diff.toExponential(1)} |`,
  ),
  '',
  'Batched, each attack or path step is one pass over the rows of every sample still running',
  '(and, for AGI, every false class; for BIG, every radius), split only by the memory bound:',
  'the calls fall to those of the slowest sample while the rows stay the same, and the maps',
  'are the same. Wall time falls less than the calls: on these 28x28 models most of a pass',
  'is per-row work inside onnxruntime, not the per-call overhead that batching removes.',
  'The tests behind the equality: `packages/methods/test/path-batching.test.ts`.',
  '',
].join('\n');
writeReport(writeTo, report);
