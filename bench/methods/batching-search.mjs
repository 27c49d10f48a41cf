// Batching the rows of all samples in the iterative perturbation methods (issue #23): the
// time to explain 8 fixture images with one explain call over the batch (new: each step is one
// pass over the rows of all 8) against 8 explain calls of one image each (what a per-sample
// loop costs: 8 passes a step), on the fixture CNN and ResNet, in one process, the two
// alternating run by run, medians of the timed runs. Also the model passes of each (counted by
// core's meteredModel). That the batch gives each sample's own map, bitwise, is tested in
// packages/methods/src/perturbation/batched-rows.test.ts; here a lone image draws its noise as
// sample 0, so the two sides' maps differ by their draws and are not compared.
//
//   node bench/methods/batching-search.mjs [--repeat 5] [--threads 2] [--images 8]
//                                          [--models cnn,resnet] [--methods ...] [--max-batch-size b]
//                                          [--write docs/benchmarks/batching-search.md]
//
// Needs the built packages. Fewer steps than the papers' (listed in the output) keep a run to
// minutes on a loaded CPU; the number of steps scales both sides alike.
import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadOnnxModel } from '@xai/backend-onnx';
import { emptyMeter, meteredModel, sliceBatch } from '@xai/core';
import { fixtureModelPath, loadFixtureInputs } from '@xai/fixtures';
import { invariantPerturbation, meaningfulPerturbation } from '@xai/methods';
import { option } from '../options.mjs';
import { writeReport } from '../write-report.mjs';

const repeat = Number(option('--repeat', '5'));
const threads = Number(option('--threads', String(cpus().length)));
const images = Number(option('--images', '8'));
const writeTo = option('--write', undefined);
const maxBatchSize = option('--max-batch-size', undefined);
const modelNames = option('--models', 'cnn,resnet').split(',');
const methodNames = option('--methods', 'invariant-perturbation,meaningful-perturbation').split(
  ',',
);

const methods = {
  'invariant-perturbation': {
    settings: { steps: 20, upperBound: 3 }, // of 200 steps; M = 32
    method: invariantPerturbation,
  },
  'meaningful-perturbation': {
    settings: { iterations: 30 }, // of 300
    method: meaningfulPerturbation,
  },
};

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const load0 = loadavg()[0];
const rows = [];
for (const modelName of modelNames) {
  const onnx = await loadOnnxModel(fixtureModelPath(modelName), { threads });
  const x = sliceBatch(loadFixtureInputs(), 0, images);
  await onnx.vjp(x, {
    data: new Float32Array(images * onnx.numClasses).fill(1),
    shape: [images, onnx.numClasses],
  });
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
    // Passes, untimed (also the warm-up of both paths).
    const oldMeter = emptyMeter();
    const newMeter = emptyMeter();
    await perImage(meteredModel(onnx, oldMeter));
    await batched(meteredModel(onnx, newMeter));
    const oldMs = [];
    const newMs = [];
    for (let r = 0; r < repeat; r++) {
      let t0 = performance.now();
      await perImage(onnx);
      oldMs.push(performance.now() - t0);
      t0 = performance.now();
      await batched(onnx);
      newMs.push(performance.now() - t0);
    }
    const row = {
      model: modelName,
      method: name,
      settings: spec.settings,
      oldMs: median(oldMs),
      newMs: median(newMs),
      oldPasses: oldMeter,
      newPasses: newMeter,
    };
    rows.push(row);
    console.error(
      `${modelName} ${name}: per image ${row.oldMs.toFixed(0)} ms, batched ${row.newMs.toFixed(0)} ms, ` +
        `ratio ${(row.newMs / row.oldMs).toFixed(2)}`,
    );
  }
  await onnx.dispose?.();
}

const passes = (m) => `${m.forward.calls} (${m.forward.rows}) / ${m.vjp.calls} (${m.vjp.rows})`;
const setting = (s) =>
  Object.entries(s)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
const report = `# Batching the perturbation methods' rows across samples

Made by \`node bench/methods/batching-search.mjs --repeat ${repeat} --threads ${threads} --images ${images} --models ${modelNames.join(',')} --methods ${methodNames.join(',')}${maxBatchSize ? ` --max-batch-size ${maxBatchSize}` : ''}${writeTo ? ` --write ${writeTo}` : ''}\`
on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB,
Node ${process.version}, ${threads} onnxruntime thread(s); the machine was shared (load
average ${load0.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end), so the times are noisy;
the ratios come from runs alternating in one process.

${images} fixture images (1x28x28, 10 classes), target the predicted class, seed 1. "Per image"
is ${images} explain calls of one image each, what a loop over
the samples costs: one pass per sample and step. "Batched" is one call over the ${images} images:
each step is one pass over the rows of all of them (split only by the memory bound). Medians of
${repeat} timed runs of each, alternating, after an untimed run of each that also counts the
passes (calls (rows) of forward / vjp, by core's \`meteredModel\`). That the batch gives each
sample the map it gets alone, bitwise, is tested (\`batched-rows.test.ts\`, with each sample's
noise stream index); here a lone image draws as sample 0, so the maps are not compared. Fewer steps than
the papers' defaults (listed); the steps scale both sides alike.

Invariant perturbation's vjp carries only the rows whose hinge is active, so both sides do the
same vjp rows; the batched side saves calls, not rows. Meaningful perturbation does one forward
and one vjp of every row each iteration on both sides.

| model | method | settings | per image ms | batched ms | batched / per image | passes per image | passes batched |
| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |
${rows
  .map(
    (r) =>
      `| ${r.model} | ${r.method} | ${setting(r.settings)} | ${r.oldMs.toFixed(0)} | ${r.newMs.toFixed(0)} | ${(r.newMs / r.oldMs).toFixed(2)} | ${passes(r.oldPasses)} | ${passes(r.newPasses)} |`,
  )
  .join('\n')}
`;
writeReport(writeTo, report);
