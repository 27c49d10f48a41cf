// Insertion and deletion on ResNet-50 at 224x224 with 224 steps each, under memory bounds:
// time outside the model (goal: at most 5%) and memory beyond the model's own needs (goal:
// at most the bound), written to docs/benchmarks/metrics.md.
//
//   node bench/metrics/run.mjs [--bounds-mb 16,64] [--kernels js,cpu,cpu-no-cache] [--threads 2]
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
import { option } from '../options.mjs';
import { writeReport } from '../write-report.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bounds = option('--bounds-mb', '16,64').split(',').map(Number);
const kernelChoices = option('--kernels', 'js,cpu,cpu-no-cache').split(',');
const threads = option('--threads', '2');
const writeTo = option('--write', undefined);
const model = resolve(root, 'bench/.models/resnet50.onnx');
if (!existsSync(model)) {
  throw new Error(
    `Expected ${model}; make it with /usr/bin/python3 bench/gradients/torch_input_gradient.py --export ${model}`,
  );
}

// 'cpu-no-cache' is the native CPU kernels with their output cache off
// (XAI_OUTPUT_CACHE_MB=0): the cache keeps released outputs for reuse, up to 512 MB by
// default, which is memory the kernels hold beyond the metric's bound.
const kernelRuns = {
  js: { kernels: 'js', env: {}, label: 'js' },
  cpu: { kernels: 'cpu', env: {}, label: 'native CPU' },
  'cpu-no-cache': {
    kernels: 'cpu',
    env: { XAI_OUTPUT_CACHE_MB: '0' },
    label: 'native CPU, output cache off',
  },
};

function measure(args, env) {
  const out = execFileSync(
    process.execPath,
    [resolve(root, 'bench/metrics/measure.mjs'), '--model', model, '--threads', threads, ...args],
    {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...env },
    },
  );
  const result = JSON.parse(out.trim().split('\n').at(-1));
  console.error(JSON.stringify(result));
  return result;
}

const rows = [];
for (const bound of bounds) {
  for (const choice of kernelChoices) {
    const k = kernelRuns[choice];
    if (!k) throw new Error(`Expected --kernels among ${Object.keys(kernelRuns).join(', ')}.`);
    const args = ['--bound-mb', String(bound), '--kernels', k.kernels];
    const own = measure(['--impl', 'forward', ...args], k.env);
    const run = measure(['--impl', 'curves', ...args], k.env);
    rows.push({ bound, own, run, label: k.label });
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
the goal is at most the bound. Each figure comes from its own process; peak resident
memory moves by a few tens of MB between otherwise equal processes (the allocator, ONNX
Runtime's arena), so a small or negative difference means "within that noise". The native
kernels keep released outputs for reuse (up to \`XAI_OUTPUT_CACHE_MB\`, 512 MB by default),
memory they hold beyond the metric's bound: the "output cache off" rows leave it out.

| bound | batch | kernels | wall s | in model s | outside | forward calls (rows) | peak MB | model's own MB | metric's MB |
| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows
  .map(
    ({ bound, own, run, label }) =>
      `| ${bound} MB | ${run.batchSize} | ${label} | ${f1(run.wallMs / 1000)} | ${f1(run.insideMs / 1000)} | ${f1((100 * (run.wallMs - run.insideMs)) / run.wallMs)}% | ${run.forwardCalls} (${run.forwardRows}) | ${run.peakRssMB.toFixed(0)} | ${own.peakRssMB.toFixed(0)} | ${(run.peakRssMB - own.peakRssMB).toFixed(0)} |`,
  )
  .join('\n')}
`;

writeReport(writeTo, report);
