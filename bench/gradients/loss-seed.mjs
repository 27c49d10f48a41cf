// What seeding the loss inside the gradient graph saves: core's `lossGradient` through
// `Model.lossVjp` (one session run for the logits, the loss's cotangent and the input
// gradient) against the forward + vjp path (the same model without `lossVjp`), alternating
// round by round in one process; then the per-image time of two methods that call
// `lossGradient` in their loops (I-GOS, meaningful perturbation) both ways.
//
//   node bench/gradients/loss-seed.mjs [--repeat 7] [--threads 2] [--images 4]
//        [--resnet50 bench/.models/resnet50.onnx] [--skip-resnet50] [--write docs/benchmarks/loss-seed.md]
//
// Each line: medians of each way, the median, min and max of the per-round ratios
// (new / old), the largest |difference| of the gradients, and the load average.
import { existsSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadOnnxModel } from '@xai/backend-onnx';
import { emptyMeter, jsKernels, lossGradient, meteredModel, sliceBatch } from '@xai/core';
import { fixtureModelPath, loadFixtureInputs } from '@xai/fixtures';
import { iGos, meaningfulPerturbation } from '@xai/methods';
import { option } from '../options.mjs';
import { writeReport } from '../write-report.mjs';

const repeat = Number(option('--repeat', '7'));
const threads = Number(option('--threads', '2'));
const images = Number(option('--images', '4'));
const resnet50 = option('--resnet50', 'bench/.models/resnet50.onnx');
const skipResnet50 = process.argv.includes('--skip-resnet50');
const writeTo = option('--write', undefined);

/** The model without `lossVjp`: `lossGradient`'s forward + vjp path. */
const plain = (m) => ({
  inputShape: m.inputShape,
  numClasses: m.numClasses,
  forward: (t) => m.forward(t),
  vjp: (t, u) => m.vjp(t, u),
  jvp: (t, v) => m.jvp(t, v),
});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function timed(call) {
  const t0 = performance.now();
  const out = await call();
  return [performance.now() - t0, out];
}
const maxDiff = (a, b) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
const passes = (m) => `${m.forward.calls} / ${m.vjp.calls}`;

/** Old and new alternating `repeat` rounds after one untimed (metered) call of each. */
async function compare(call, model) {
  const oldMeter = emptyMeter();
  const newMeter = emptyMeter();
  const oldOut = await call(meteredModel(plain(model), oldMeter));
  const newOut = await call(meteredModel(model, newMeter));
  const oldMs = [];
  const newMs = [];
  const ratios = [];
  for (let r = 0; r < repeat; r++) {
    const [o] = await timed(() => call(plain(model)));
    const [n] = await timed(() => call(model));
    oldMs.push(o);
    newMs.push(n);
    ratios.push(n / o);
  }
  return {
    oldMs: median(oldMs),
    newMs: median(newMs),
    ratio: median(ratios),
    minRatio: Math.min(...ratios),
    maxRatio: Math.max(...ratios),
    oldPasses: passes(oldMeter),
    newPasses: passes(newMeter),
    oldOut,
    newOut,
    load: loadavg()[0],
  };
}

const load0 = loadavg()[0];
const gradientRows = [];
const configs = [
  ...(skipResnet50 || !existsSync(resnet50)
    ? []
    : [
        { name: 'ResNet-50', path: resnet50, batch: 1 },
        { name: 'ResNet-50', path: resnet50, batch: 8 },
      ]),
  { name: 'fixture CNN', path: fixtureModelPath('cnn'), batch: 32 },
  { name: 'fixture ResNet', path: fixtureModelPath('resnet'), batch: 32 },
];
for (const c of configs) {
  const model = await loadOnnxModel(c.path, { threads });
  const x = c.path.includes('fixtures')
    ? sliceBatch(loadFixtureInputs(), 0, c.batch)
    : await jsKernels.random({
        distribution: 'uniform',
        shape: [c.batch, ...model.inputShape],
        seed: 7,
        stream: 0,
      });
  const targets = Int32Array.from({ length: c.batch }, (_, b) => (7 * b + 3) % model.numClasses);
  for (const loss of ['cross-entropy', 'probability']) {
    const r = await compare((m) => lossGradient(m, x, loss, targets), model);
    const row = {
      model: c.name,
      batch: c.batch,
      loss,
      ...r,
      gradDiff: maxDiff(r.newOut.grad.data, r.oldOut.grad.data),
      oldOut: undefined,
      newOut: undefined,
    };
    gradientRows.push(row);
    console.error(JSON.stringify(row));
  }
  await model.dispose();
}

const methods = {
  'i-gos': { method: iGos, settings: { maxIterations: 5 } },
  'meaningful-perturbation': { method: meaningfulPerturbation, settings: { iterations: 30 } },
};
const methodRows = [];
{
  const model = await loadOnnxModel(fixtureModelPath('cnn'), { threads });
  const x = sliceBatch(loadFixtureInputs(), 0, images);
  for (const [name, { method, settings }] of Object.entries(methods)) {
    const o = { ...settings, target: 'predicted', seed: 1 };
    const r = await compare((m) => method.explain(m, x, o), model);
    const row = {
      method: name,
      settings,
      ...r,
      oldMs: r.oldMs / images,
      newMs: r.newMs / images,
      mapDiff: maxDiff(r.newOut.data, r.oldOut.data),
      mapMax: r.oldOut.data.reduce((m, v) => Math.max(m, Math.abs(v)), 0),
      oldOut: undefined,
      newOut: undefined,
    };
    methodRows.push(row);
    console.error(JSON.stringify(row));
  }
  await model.dispose();
}

const f = (v, d = 1) => v.toFixed(d);
const setting = (s) =>
  Object.entries(s)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
const report = `# Seeding the loss inside the gradient graph

Made by \`node bench/gradients/loss-seed.mjs --repeat ${repeat} --threads ${threads} --images ${images}${skipResnet50 ? ' --skip-resnet50' : ''}${writeTo ? ` --write ${writeTo}` : ''}\`
on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB,
Node ${process.version}, ${threads} onnxruntime thread(s). The machine was shared (load
average ${f(load0)} at the start, ${f(loadavg()[0])} at the end; each row gives it at its end), so
the times are noisy: the ratios come from old and new alternating round by round in one
process.

**Old**: core's \`lossGradient\` on the model without \`lossVjp\`: per chunk a forward for the
logits, the loss's cotangent in JavaScript, then a \`vjp\` (whose graph runs the forward
again). **New**: the model's \`lossVjp\`: one session run of a graph that computes the
logits, the cotangent (float64, from int64 targets) and the input gradient
(\`backend-onnx/src/autodiff/loss-seed.ts\`). Passes are forward / vjp calls counted by
core's \`meteredModel\` in an untimed first call of each. "Ratio" is the median of the
per-round ratios new / old (min-max in brackets); the times are medians of ${repeat} rounds.

## \`lossGradient\`

Given targets; ResNet-50 on uniform random inputs at 224×224, the fixtures on their first
test images. "|Δ grad|" is the largest difference between the two ways' input gradients.

| model | batch | loss | old ms | new ms | ratio (min-max) | passes old → new | \\|Δ grad\\| | load |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${gradientRows
  .map(
    (r) =>
      `| ${r.model} | ${r.batch} | ${r.loss} | ${f(r.oldMs)} | ${f(r.newMs)} | ${f(r.ratio, 3)} (${f(r.minRatio, 3)}-${f(r.maxRatio, 3)}) | ${r.oldPasses} → ${r.newPasses} | ${r.gradDiff} | ${f(r.load)} |`,
  )
  .join('\n')}

## Methods

The fixture CNN, ${images} images in one call, target the predicted class, seed 1; per-image
milliseconds (the call's time / ${images}). "|Δ map|" is the largest difference between the
two ways' maps (of a largest |value| given).

| method | settings | old ms / image | new ms / image | ratio (min-max) | passes old → new | \\|Δ map\\| (max) | load |
| --- | --- | --- | --- | --- | --- | --- | --- |
${methodRows
  .map(
    (r) =>
      `| ${r.method} | ${setting(r.settings)} | ${f(r.oldMs)} | ${f(r.newMs)} | ${f(r.ratio, 3)} (${f(r.minRatio, 3)}-${f(r.maxRatio, 3)}) | ${r.oldPasses} → ${r.newPasses} | ${r.mapDiff} (${f(r.mapMax, 3)}) | ${f(r.load)} |`,
  )
  .join('\n')}
`;
writeReport(writeTo, report);
