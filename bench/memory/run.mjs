// Peak resident memory against the bound (`--memory`, `memoryLimitBytes`) for integrated
// gradients, SmoothGrad, RISE and insertion/deletion on the fixture ResNet, ResNet-50 and ViT-B/16,
// each run in its own process (measure.mjs), next to a process that only loads the model
// and runs one forward (what the process holds before any method's work).
//
//   node bench/memory/run.mjs [--write docs/benchmarks/memory.md] [--threads 2] [--only resnet50]
//   node bench/memory/run.mjs --only vit_b_16 --write docs/benchmarks/memory-vit-b-16.md
//
// Each child runs with XAI_MEMORY_LOG=1: the largest batch the planner gave a forward and a
// gradient pass, and the per-row estimate it used, go in the table beside the peak.
// Needs bench/.models/resnet50.onnx and vit_b_16.onnx (bench/gradients/run.mjs [--model vit_b_16]
// exports them).
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { option } from '../options.mjs';
import { writeReport } from '../write-report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const writeTo = option('--write', undefined);
const threads = option('--threads', '2');
const only = option('--only', '');

const allCases = [
  {
    model: 'packages/fixtures/data/resnet.onnx',
    name: 'fixture ResNet 28×28',
    bounds: ['64MiB', '256MiB'],
    images: 8,
  },
  { model: 'bench/.models/resnet50.onnx', name: 'ResNet-50 224×224', bounds: ['2GB'], images: 2 },
  // 330 MB of weights, held by the forward and by the gradient session each.
  { model: 'bench/.models/vit_b_16.onnx', name: 'ViT-B/16 224×224', bounds: ['3GB'], images: 2 },
];
const cases = allCases.filter((c) => c.model.includes(only));
const methods = [
  { method: 'none' },
  { method: 'integrated-gradients', settings: { steps: 32 } },
  { method: 'smooth-grad' },
  { method: 'rise', settings: { masks: 500 } },
  { method: 'insertion-deletion' },
];

const rows = [];
const load0 = loadavg()[0];
for (const c of cases) {
  for (const bound of c.bounds) {
    for (const m of methods) {
      const args = [
        resolve(here, 'measure.mjs'),
        '--model',
        resolve(root, c.model),
        '--method',
        m.method,
      ];
      args.push('--memory', bound, '--images', String(c.images), '--threads', threads);
      if (m.settings) args.push('--settings', JSON.stringify(m.settings));
      const child = spawnSync(process.execPath, args, {
        encoding: 'utf8',
        cwd: root,
        env: { ...process.env, XAI_MEMORY_LOG: '1' },
        maxBuffer: 2 ** 28,
      });
      if (child.status !== 0) throw new Error(`measure.mjs failed: ${child.stderr}`);
      const r = JSON.parse(child.stdout.trim().split('\n').at(-1));
      r.plans = largestPlans(child.stderr);
      console.error(`${c.name} ${bound} ${m.method}: peak ${r.peakMB.toFixed(0)} MB`);
      rows.push({ ...r, name: c.name, bound });
    }
  }
}

/** The largest batch per kind of pass in a child's XAI_MEMORY_LOG lines, with its row estimate. */
function largestPlans(stderr) {
  const plans = {};
  for (const line of stderr.split('\n')) {
    if (!line.startsWith('xai-memory ')) continue;
    const p = JSON.parse(line.slice('xai-memory '.length));
    if (!plans[p.pass] || p.batch > plans[p.pass].batch) plans[p.pass] = p;
  }
  return plans;
}

const planText = (p) =>
  p ? `${p.batch} × ${p.rowMB.toFixed(1)} (held ${p.heldMB.toFixed(0)})` : '–';
const f0 = (v) => v.toFixed(0);
const table = rows
  .map((r) => {
    const base = rows.find((b) => b.name === r.name && b.bound === r.bound && b.method === 'none');
    const above = r.peakMB - base.peakMB;
    const settings = Object.keys(r.settings ?? {}).length ? ` ${JSON.stringify(r.settings)}` : '';
    const covered = r.peakMB - r.beforeLoadMB;
    const within = (v) => (v <= r.boundMB ? 'yes' : `no (+${f0(v - r.boundMB)})`);
    return `| ${r.name} | ${r.images} | ${r.bound} (${f0(r.boundMB)} MiB) | ${r.method}${settings} | ${f0(r.peakMB)} | ${within(r.peakMB)} | ${f0(covered)} | ${within(covered)} | ${r.method === 'none' ? '' : f0(above)} | ${planText(r.plans.forward)} | ${planText(r.plans.gradient)} | ${(r.wallMs / 1000).toFixed(1)} |`;
  })
  .join('\n');
const report = `# Peak memory against the bound

Made by \`node bench/memory/run.mjs${only ? ` --only ${only}` : ''}${writeTo ? ` --write ${writeTo}` : ''}\` on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'},
${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${threads} ONNX Runtime threads, load average ${load0.toFixed(1)} at the start
(the machine is shared). Each row is its own process: the bound goes to \`loadOnnxModel\` and to the
method, as \`--memory\` does; peak is the process's VmHWM (/proc/self/status); "above load" is
the peak less that of a process that loads the same model and runs one forward on the same
images (Node, ONNX Runtime, the weights).

The two "largest batch" columns are the planner's largest batch for a forward and for a
gradient pass: rows × the estimate a row (MiB), with what the model held when it planned.

"peak" is the whole process; "after load" is the peak less what the process held before
\`loadOnnxModel\` (Node and the bench's modules, 55-65 MiB): what the bound covers.

| model | images | bound | method | peak MiB | peak within | after load MiB | after load within | above load + forward MiB | largest forward batch | largest gradient batch | s |
| --- | ---: | --- | --- | ---: | --- | ---: | --- | ---: | --- | --- | ---: |
${table}
`;
writeReport(writeTo, report);
