// Insertion and deletion on ResNet-50 at 224x224 with 224 steps each, under memory bounds:
// time outside the model (goal: at most 5%) and memory beyond the model's own needs (goal:
// at most the bound), written to docs/benchmarks/metrics.md.
//
//   node bench/metrics/run.mjs [--bounds-mb 16,64] [--kernels js,cpu] [--threads 2]
//                              [--write docs/benchmarks/metrics.md]
//
// Each measurement runs in its own process (bench/metrics/measure.mjs) so that its peak
// resident memory is its own. "The model's own needs" is the peak of a process that loads
// the model and runs `Model.forward` on one batch of the size the bound allows; the
// metric's memory is the evaluation's peak minus that. Needs the built packages and
// bench/.models/resnet50.onnx (see bench/gradients/run.mjs, which exports it).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeReport } from '../write-report.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
const bounds = option('--bounds-mb', '16,64').split(',').map(Number);
const kernelChoices = option('--kernels', 'js,cpu').split(',');
const threads = option('--threads', '2');
const writeTo = option('--write', undefined);
const model = resolve(root, 'bench/.models/resnet50.onnx');
if (!existsSync(model)) {
  throw new Error(
    `Expected ${model}; make it with /usr/bin/python3 bench/gradients/torch_input_gradient.py --export ${model}`,
  );
}

function measure(args) {
  const out = execFileSync(
    process.execPath,
    [resolve(root, 'bench/metrics/measure.mjs'), '--model', model, '--threads', threads, ...args],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const result = JSON.parse(out.trim().split('\n').at(-1));
  console.error(JSON.stringify(result));
  return result;
}

const rows = [];
for (const bound of bounds) {
  for (const k of kernelChoices) {
    const own = measure(['--impl', 'forward', '--bound-mb', String(bound), '--kernels', k]);
    const run = measure(['--impl', 'curves', '--bound-mb', String(bound), '--kernels', k]);
    rows.push({ bound, own, run });
  }
}

const f1 = (v) => v.toFixed(1);
const report = `# Insertion and deletion: time outside the model and memory

Made by \`node bench/metrics/run.mjs --bounds-mb ${bounds.join(',')} --kernels ${kernelChoices.join(',')}${writeTo ? ` --write ${writeTo}` : ''}\`
on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB,
Node ${process.version}, ${threads} onnxruntime threads; ResNet-50 (3×224×224, 1000 classes,
seeded random weights), one image, a random attribution map, insertion (blurred baseline)
then deletion (zeros), 224 pixels a step: 225 curve points each, 450 rows of forward passes.

"Outside" is the share of wall time not spent in the model's forward calls (goal: at most
5%): ranking, step masks, blending, softmax, curve areas. The metric's memory is the
evaluation's peak resident memory minus the peak of a process that only loads the model and
runs \`Model.forward\` on one batch of the size the bound allows, with the same kernels
loaded (the model's own needs);
the goal is at most the bound. Each figure comes from its own process.

| bound | batch | kernels | wall s | in model s | outside | forward calls (rows) | peak MB | model's own MB | metric's MB |
| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows
  .map(
    ({ bound, own, run }) =>
      `| ${bound} MB | ${run.batchSize} | ${run.kernels} | ${f1(run.wallMs / 1000)} | ${f1(run.insideMs / 1000)} | ${f1((100 * (run.wallMs - run.insideMs)) / run.wallMs)}% | ${run.forwardCalls} (${run.forwardRows}) | ${run.peakRssMB.toFixed(0)} | ${own.peakRssMB.toFixed(0)} | ${(run.peakRssMB - own.peakRssMB).toFixed(0)} |`,
  )
  .join('\n')}
`;

writeReport(writeTo, report);
