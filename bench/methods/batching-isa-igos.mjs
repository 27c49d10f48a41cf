// Batching the rows of all samples in the search methods (issue #23): the time to explain 8
// fixture images with one explain call over the batch (new: each step is one pass over the rows
// of all 8: I-GOS's S integration points of every sample, ISA's every sample) against 8 explain
// calls of one image each (what a per-sample loop costs), on the fixture CNN and ResNet, in one
// process, the two alternating run by run, medians of the timed runs and the ratio of each
// round. Also the model passes of each (core's meteredModel), and the largest difference between
// the two sides' maps where they are the same computation: every image for ISA (it draws the same
// noise for every sample), image 0 for I-GOS (a lone image draws its noise as sample 0). Bitwise
// equality of a batch and its samples run alone at their batch index is tested on an analytic
// model in packages/methods/src/search/batched-rows.test.ts; onnxruntime may round a row
// differently in another batch size.
//
//   node bench/methods/batching-isa-igos.mjs [--repeat 5] [--threads 2] [--images 8]
//                                            [--models cnn,resnet] [--methods i-gos,isa]
//                                            [--max-batch-size b]
//                                            [--write docs/benchmarks/batching-isa-igos.md]
//
// Needs the built packages. Fewer iterations than the papers' (listed in the output) keep a
// run to minutes on a loaded CPU; they scale both sides alike.
import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadOnnxModel } from '@xai/backend-onnx';
import { emptyMeter, meteredModel, sliceBatch } from '@xai/core';
import { fixtureModelPath, loadFixtureInputs } from '@xai/fixtures';
import { iGos, isa } from '@xai/methods';
import { option } from '../options.mjs';
import { writeReport } from '../write-report.mjs';

const repeat = Number(option('--repeat', '5'));
const threads = Number(option('--threads', String(cpus().length)));
const images = Number(option('--images', '8'));
const writeTo = option('--write', undefined);
const modelNames = option('--models', 'cnn,resnet').split(',');
const maxBatchSize = option('--max-batch-size', undefined);
const methodNames = option('--methods', 'i-gos,isa').split(',');

const methods = {
  'i-gos': {
    settings: { maxIterations: 5, integrationSteps: 20 }, // of 15 iterations
    method: iGos,
    comparable: 1, // images whose noise is the same alone and in the batch
  },
  isa: {
    settings: { k: 100, ascentSteps: 4, descentSteps: 4 }, // 8 rounds of 8 + 8 steps
    method: isa,
    comparable: Number.POSITIVE_INFINITY,
  },
};

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const load0 = loadavg()[0];
const rows = [];
// The model alone: I-GOS's gradient passes of one iteration, 8 calls of S = 20 rows (per image)
// against 1 call of 160 (batched), alternating; tells the batch's own cost from the method's.
const probes = [];
async function probeVjp(modelName, onnx, x) {
  const S = 20;
  const per = x.data.length / images;
  const rowsOf = (n) => ({
    data: Float32Array.from({ length: n * per }, (_, i) => x.data[i % x.data.length]),
    shape: [n, ...x.shape.slice(1)],
  });
  const cot = (n) => ({
    data: new Float32Array(n * onnx.numClasses).fill(0.1),
    shape: [n, onnx.numClasses],
  });
  const one = [rowsOf(S), cot(S)];
  const all = [rowsOf(images * S), cot(images * S)];
  const perImage = async () => {
    for (let b = 0; b < images; b++) await onnx.vjp(...one);
  };
  const batched = () => onnx.vjp(...all);
  await perImage();
  await batched();
  const oldMs = [];
  const newMs = [];
  for (let r = 0; r < repeat; r++) {
    let t0 = performance.now();
    await perImage();
    oldMs.push(performance.now() - t0);
    t0 = performance.now();
    await batched();
    newMs.push(performance.now() - t0);
  }
  probes.push({
    model: modelName,
    rows: S,
    oldMs: median(oldMs),
    newMs: median(newMs),
    ratios: newMs.map((t, r) => t / oldMs[r]),
  });
}
for (const modelName of modelNames) {
  const onnx = await loadOnnxModel(fixtureModelPath(modelName), { threads });
  const x = sliceBatch(loadFixtureInputs(), 0, images);
  await probeVjp(modelName, onnx, x);
  for (const name of methodNames) {
    const spec = methods[name];
    const bound = maxBatchSize ? { maxBatchSize: Number(maxBatchSize) } : {};
    const o = { ...spec.settings, ...bound, target: 'predicted', seed: 1 };
    const perImage = async (model) => {
      const parts = [];
      for (let b = 0; b < images; b++)
        parts.push(await spec.method.explain(model, sliceBatch(x, b, b + 1), o));
      return parts;
    };
    const batched = (model) => spec.method.explain(model, x, o);
    // Passes and maps, untimed (also the warm-up of both sides).
    const oldMeter = emptyMeter();
    const newMeter = emptyMeter();
    let t0 = performance.now();
    const oldMaps = await perImage(meteredModel(onnx, oldMeter));
    const oldInside = oldMeter.insideMs / (performance.now() - t0);
    t0 = performance.now();
    const newMap = await batched(meteredModel(onnx, newMeter));
    const newInside = newMeter.insideMs / (performance.now() - t0);
    let diff = 0;
    let scale = 0;
    oldMaps.slice(0, spec.comparable).forEach((m, b) => {
      for (let i = 0; i < m.data.length; i++) {
        const v = newMap.data[b * m.data.length + i];
        diff = Math.max(diff, Math.abs(v - m.data[i]));
        scale = Math.max(scale, Math.abs(m.data[i]));
      }
    });
    const oldMs = [];
    const newMs = [];
    for (let r = 0; r < repeat; r++) {
      t0 = performance.now();
      await perImage(onnx);
      oldMs.push(performance.now() - t0);
      t0 = performance.now();
      await batched(onnx);
      newMs.push(performance.now() - t0);
    }
    const ratios = newMs.map((t, r) => t / oldMs[r]);
    const row = {
      model: modelName,
      method: name,
      settings: spec.settings,
      oldMs: median(oldMs),
      newMs: median(newMs),
      ratios,
      oldPasses: oldMeter,
      newPasses: newMeter,
      relativeDiff: scale > 0 ? diff / scale : diff,
      compared: Math.min(images, spec.comparable),
      inside: [oldInside, newInside],
    };
    rows.push(row);
    console.error(
      `${modelName} ${name}: per image ${row.oldMs.toFixed(0)} ms, batched ${row.newMs.toFixed(0)} ms, ` +
        `ratio ${(row.newMs / row.oldMs).toFixed(2)} (rounds ${ratios.map((v) => v.toFixed(2)).join(' ')}), ` +
        `map difference ${row.relativeDiff.toExponential(1)} of the max (load ${loadavg()[0].toFixed(1)})`,
    );
  }
  await onnx.dispose?.();
}

const perImageCalls = (m) =>
  `${(m.forward.calls / images).toFixed(1)} / ${(m.vjp.calls / images).toFixed(1)}`;
const passes = (m) => `${m.forward.calls} (${m.forward.rows}) / ${m.vjp.calls} (${m.vjp.rows})`;
const setting = (s) =>
  Object.entries(s)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
const report = `# Batching the search methods' rows across samples (I-GOS, ISA)

Made by \`node bench/methods/batching-isa-igos.mjs --repeat ${repeat} --threads ${threads} --images ${images} --models ${modelNames.join(',')} --methods ${methodNames.join(',')}${maxBatchSize ? ` --max-batch-size ${maxBatchSize}` : ''}${writeTo ? ` --write ${writeTo}` : ''}\`
on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB,
Node ${process.version}, ${threads} onnxruntime thread(s); the machine was shared (load
average ${load0.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end), so the times are noisy;
the ratios come from runs alternating in one process.

${images} fixture images (1x28x28, 10 classes), target the predicted class, seed 1, default
(\`'paper'\`) presets. "Per image" is ${images} explain calls of one image each, what a loop over
the samples costs. "Batched" is one call over the ${images} images: each step is one pass over the
rows of all of them (split only by the memory bound). Medians of ${repeat} timed runs of each,
alternating, and the ratio batched / per image of each round, after an untimed run of each that
also counts the passes (calls (rows) of forward / vjp, by core's \`meteredModel\`, with the
share of that run's wall time spent inside model calls) and compares
the maps where both sides compute the same one ("map diff": the largest difference over the
largest value, on the images counted in brackets): every image for ISA, which draws the same
noise for every sample, only image 0 for I-GOS, whose lone images draw their noise as sample 0
(a batch's maps equal its samples' run alone at their batch index, bitwise, on an analytic
model: \`packages/methods/src/search/batched-rows.test.ts\`). Fewer iterations than the
papers' defaults (listed); they scale both sides alike.

| model | method | settings | per image ms | batched ms | batched / per image (median) | per round | calls per image, alone (forward / vjp) | calls per image, batched | passes per image | passes batched | share in the model, per image / batched | map diff |
| --- | --- | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |
${rows
  .map(
    (r) =>
      `| ${r.model} | ${r.method} | ${setting(r.settings)} | ${r.oldMs.toFixed(0)} | ${r.newMs.toFixed(0)} | ${(r.newMs / r.oldMs).toFixed(2)} | ${r.ratios.map((v) => v.toFixed(2)).join(' ')} | ${perImageCalls(r.oldPasses)} | ${perImageCalls(r.newPasses)} | ${passes(r.oldPasses)} | ${passes(r.newPasses)} | ${r.inside.map((v) => `${(100 * v).toFixed(0)}%`).join(' / ')} | ${r.relativeDiff.toExponential(1)} (${r.compared}) |`,
  )
  .join('\n')}

The model alone, the gradient passes of one I-GOS iteration: ${images} vjp calls of 20 rows
against one of ${images * 20} rows (medians of ${repeat}, alternating, and the ratio of each round).

| model | ${images} × 20 rows ms | 1 × ${images * 20} rows ms | ratio (median) | per round |
| --- | ---: | ---: | ---: | --- |
${probes
  .map(
    (p) =>
      `| ${p.model} | ${p.oldMs.toFixed(1)} | ${p.newMs.toFixed(1)} | ${(p.newMs / p.oldMs).toFixed(2)} | ${p.ratios.map((v) => v.toFixed(2)).join(' ')} |`,
  )
  .join('\n')}
`;
writeReport(writeTo, report);
