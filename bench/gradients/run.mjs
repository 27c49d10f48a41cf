// Input gradients against PyTorch, and the Model wrapper against a plain onnxruntime
// session, on torchvision's ResNet-50 at 224x224, as ratios taken in one run (bench/README.md).
//
//   node bench/gradients/run.mjs [--model resnet50|mobilenet_v2|vit_b_16]
//                                [--batches 1,8,32] [--threads 2] [--repeat 3] [--rounds 2]
//                                [--forward-repeat 10] [--python /usr/bin/python3]
//                                [--write docs/benchmarks/gradients.md]
//
// Needs the built packages (`npm test` or `bash scripts/pnpm.sh exec turbo run build`) and
// Debian's torch (`apt-get install python3-torch python3-torchvision python3-onnx`, run by
// /usr/bin/python3). The model is exported once to bench/.models/resnet50.onnx from the
// same seeded torch model that is timed, so both sides hold the same weights. Every
// measurement runs in its own process (measure.mjs, torch_input_gradient.py), so peak
// memory is its own; the implementations alternate, `--rounds` times, and the median of
// the rounds is kept.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { option } from '../options.mjs';
import { writeReport } from '../write-report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const batches = option('--batches', '1,8,32').split(',').map(Number);
const threads = Number(option('--threads', String(cpus().length)));
const repeat = option('--repeat', '3');
// Forward passes are cheap and noisy at batch 1: time more of them.
const forwardRepeat = option('--forward-repeat', '10');
const rounds = Number(option('--rounds', '2'));
const writeTo = option('--write', undefined);
const python = option('--python', '/usr/bin/python3');
const modelName = option('--model', 'resnet50');
const titles = { resnet50: 'ResNet-50', mobilenet_v2: 'MobileNet V2', vit_b_16: 'ViT-B/16' };
if (!Object.hasOwn(titles, modelName)) {
  console.error(`--model: expected one of ${Object.keys(titles).join(', ')}, got '${modelName}'`);
  process.exit(2);
}
const title = titles[modelName];
const model = resolve(root, `bench/.models/${modelName}.onnx`);
const torchScript = resolve(here, 'torch_input_gradient.py');

if (!existsSync(model)) {
  console.error(`exporting ${title} with seeded random weights to`, model);
  execFileSync(python, [torchScript, '--model', modelName, '--export', model], {
    stdio: 'inherit',
  });
}

function measure(impl, batch) {
  const times = impl.endsWith('forward') ? forwardRepeat : repeat;
  const common = ['--batch', String(batch), '--threads', String(threads), '--repeat', times];
  const out =
    impl === 'torch'
      ? execFileSync(python, [torchScript, '--model', modelName, '--time', ...common], {
          encoding: 'utf8',
        })
      : execFileSync(
          process.execPath,
          [resolve(here, 'measure.mjs'), '--impl', impl, '--model', model, ...common],
          { encoding: 'utf8' },
        );
  const line = out.trim().split('\n').at(-1);
  const r = JSON.parse(line);
  console.error(`${impl} batch ${batch}: ${r.ms.toFixed(1)} ms, peak ${r.peakRssMB.toFixed(0)} MB`);
  return r;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
let torchVersion = '';
for (const batch of batches) {
  const runs = { torch: [], 'xai-vjp': [], 'ort-forward': [], 'xai-forward': [] };
  for (let r = 0; r < rounds; r++) {
    for (const impl of Object.keys(runs)) runs[impl].push(measure(impl, batch));
  }
  torchVersion = runs.torch[0].torch;
  const ms = (impl) => median(runs[impl].map((m) => m.ms));
  const peak = (impl) => Math.max(...runs[impl].map((m) => m.peakRssMB));
  rows.push({
    batch,
    torch: ms('torch'),
    vjp: ms('xai-vjp'),
    ort: ms('ort-forward'),
    forward: ms('xai-forward'),
    perRound: runs.torch.map((t, r) => ({
      gradient: t.ms / runs['xai-vjp'][r].ms,
      forward: runs['ort-forward'][r].ms / runs['xai-forward'][r].ms,
    })),
    peak: {
      torch: peak('torch'),
      vjp: peak('xai-vjp'),
      ort: peak('ort-forward'),
      forward: peak('xai-forward'),
    },
  });
}

const f1 = (v) => v.toFixed(1);
const f2 = (v) => v.toFixed(2);
const ips = (ms, batch) => ((1000 * batch) / ms).toFixed(1);
const last = rows.at(-1);
const report = `# Input gradients and the Model wrapper: ${title}

Made by \`node bench/gradients/run.mjs${modelName === 'resnet50' ? '' : ` --model ${modelName}`}${writeTo ? ` --write ${writeTo}` : ''}\` (see bench/README.md) on
${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB,
Node ${process.version}, torch ${torchVersion}, ${threads} thread(s) on both sides; median of
${rounds} alternating rounds, each the median of ${repeat} timed gradient calls (${forwardRepeat} forward
calls) after 2 warm-up calls, every measurement in a fresh process.
Model: torchvision ${title}, 224×224, random seeded weights (batch norm calibrated where it has
any), exported to ONNX opset 17 from the same torch model that is timed.

## Input gradient against PyTorch

One input gradient is the forward pass and the gradient of \`u · logits\` with respect to
the input (torch: \`autograd.grad\` with parameters frozen; xai: \`Model.vjp\`). A ratio above
1 means xai is faster.

| batch | PyTorch ms | xai vjp ms | PyTorch img/s | xai img/s | speed-up (PyTorch ms / xai ms) |
| ---: | ---: | ---: | ---: | ---: | ---: |
${rows.map((r) => `| ${r.batch} | ${f1(r.torch)} | ${f1(r.vjp)} | ${ips(r.torch, r.batch)} | ${ips(r.vjp, r.batch)} | ${f2(r.torch / r.vjp)} |`).join('\n')}

## Forward through the Model against a plain onnxruntime session

Same file, same threads and session options. A ratio of 1 means the wrapper costs nothing.

| batch | plain session ms | Model.forward ms | throughput ratio (session ms / Model ms) |
| ---: | ---: | ---: | ---: |
${rows.map((r) => `| ${r.batch} | ${f1(r.ort)} | ${f1(r.forward)} | ${f2(r.ort / r.forward)} |`).join('\n')}

## Peak memory at batch ${last.batch}

Peak resident memory of each measuring process (model, session, inputs and buffers).

| PyTorch gradient | xai vjp | plain session forward | Model.forward |
| ---: | ---: | ---: | ---: |
| ${f1(last.peak.torch)} MB | ${f1(last.peak.vjp)} MB | ${f1(last.peak.ort)} MB | ${f1(last.peak.forward)} MB |

## Round by round (same run)

Rounds alternate the implementations, so each round's ratio compares neighbours in time;
on a shared 2-core VM the same process timed twice differs by up to 15%.

| batch | gradient ratio per round (PyTorch / xai) | forward ratio per round (session / Model) |
| ---: | --- | --- |
${rows.map((r) => `| ${r.batch} | ${r.perRound.map((x) => f2(x.gradient)).join(', ')} | ${r.perRound.map((x) => f2(x.forward)).join(', ')} |`).join('\n')}

Both sides run with the same threads; ONNX Runtime's threads spin within a run and sleep
between runs (as \`loadOnnxModel\` sets them, docs/benchmarks/threads.md), for the plain
session too.
`;

writeReport(writeTo, report);
