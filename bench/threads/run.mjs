// ONNX Runtime's intra-op threads: sleeping after every op (`spinWait: false`), spinning
// inside a run and sleeping between runs (`'within-run'`, the default), and spinning between
// runs too (`true`), as ratios taken in one run (bench/README.md):
//
//   node bench/threads/run.mjs [--threads 2] [--rounds 15]
//                              [--cases resnet50-vjp:1,fixture:isa:1,...]
//                              [--write docs/benchmarks/threads.md]
//
// Needs the built packages and, for the benchmark-model cases, bench/.models/<model>.onnx
// (made by bench/gradients/torch_input_gradient.py --export; those cases are skipped without
// it). Each case runs in two processes (measure.mjs): sleeping against within-run, then
// sleeping against always spinning, each pair alternating `--rounds` times in its process;
// the tables give the median of the per-round ratios and their range.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { option } from '../options.mjs';
import { writeReport } from '../write-report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const threads = option('--threads', String(cpus().length));
const rounds = option('--rounds', '15');
const writeTo = option('--write', undefined);
const defaultCases = [
  'resnet50-forward:1',
  'resnet50-vjp:1',
  'resnet50-both:1',
  'resnet50-vjp:8',
  'mobilenet_v2-forward:1',
  'mobilenet_v2-vjp:1',
  'mobilenet_v2-vjp:8',
  'vit_b_16-vjp:1',
  'fixture:caso:1',
  'fixture:i-gos:1',
  'fixture:isa:1',
  'fixture:smooth-grad:1',
  'fixture:occlusion:1',
  'fixture:rise:1',
];
const cases = option('--cases', defaultCases.join(','))
  .split(',')
  .map((c) => {
    const at = c.lastIndexOf(':');
    return { name: c.slice(0, at), batch: c.slice(at + 1) };
  })
  .filter((c) => {
    if (c.name.startsWith('fixture:')) return true;
    const model = `bench/.models/${c.name.slice(0, c.name.lastIndexOf('-'))}.onnx`;
    if (existsSync(resolve(root, model))) return true;
    console.error(`skipping ${c.name}: ${model} is missing`);
    return false;
  });

function measure(c, settings) {
  const out = execFileSync(
    process.execPath,
    [
      resolve(here, 'measure.mjs'),
      ...['--case', c.name, '--settings', settings, '--batch', c.batch],
      ...['--threads', threads, '--rounds', rounds],
    ],
    { encoding: 'utf8' },
  );
  const r = JSON.parse(out.trim().split('\n').at(-1));
  console.error(
    `${c.name} batch ${c.batch} ${settings}: ${r.ms.map((m) => m.toFixed(1)).join(' / ')} ms`,
  );
  return r;
}

const rows = cases.map((c) => ({
  c,
  run: measure(c, 'false,within-run'),
  always: measure(c, 'false,true'),
}));

const what = (c) => {
  if (c.name.startsWith('fixture:'))
    return `${c.name.slice('fixture:'.length)}, one explanation on the fixture ResNet`;
  const at = c.name.lastIndexOf('-');
  const model = { resnet50: 'ResNet-50', mobilenet_v2: 'MobileNet V2', vit_b_16: 'ViT-B/16' }[
    c.name.slice(0, at)
  ];
  const part = { forward: 'forward', vjp: 'vjp', both: 'forward then vjp' }[c.name.slice(at + 1)];
  return `${model ?? c.name.slice(0, at)} ${part}, batch ${c.batch}`;
};
const cell = (r) =>
  `${r.ms[1].toFixed(1)} | **${r.ratios[0].toFixed(2)}** (${r.ranges[0][0].toFixed(2)}–${r.ranges[0][1].toFixed(2)})`;
const table = rows.map(
  ({ c, run, always }) =>
    `| ${what(c)} | ${run.ms[0].toFixed(1)} | ${cell(run)} | ${always.ms[0].toFixed(1)} | ${cell(always)} |`,
);
const report = `# ONNX Runtime's threads: sleeping, spinning within a run, spinning always

Made by \`node bench/threads/run.mjs${writeTo ? ` --write ${writeTo}` : ''}\`: for each case two
processes, each loading the model once per setting and timing the same call on each in turns
(${rounds} rounds after two warm-up calls, the order rotating each round): sleeping against
spinning within a run, then sleeping against spinning always. Each ratio is the median of the
per-round ratios to sleeping in the same process (below 1: faster), with their range.
${threads} intra-op threads.

Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} logical CPU(s), ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.version}; load average at the end ${loadavg()
  .map((l) => l.toFixed(1))
  .join(', ')}.

| case | sleeping ms | within a run ms | within a run / sleeping | sleeping ms (second process) | spinning always ms | always / sleeping |
|---|---:|---:|---:|---:|---:|---:|
${table.join('\n')}

\`spinWait: false\` wakes a sleeping thread for every op that runs on two threads; a gradient
graph has hundreds of ops, many of them short on small batches, so the wake-ups add up.
\`'within-run'\` (the default) lets the threads spin between the ops of one run and stops
them as soon as it returns (ONNX Runtime's \`session.force_spinning_stop\`), so they never
hold a core while the model's other sessions, the native kernels' threads or the JavaScript
between model calls need it; \`spinWait: true\` spins between runs too (ONNX Runtime's own
default), which the three sessions of a model on the same cores pay for: in the second
process the always-spinning model's threads also spin while the sleeping model runs, which is
why that column's sleeping times are the higher ones (the cost a second model or session in
the same process pays). Several processes on the same cores (the evaluation queue's workers)
each spin within their own runs: give each \`--threads\` (\`threads\`) so that together they
fit the cores; with one thread a session has no pool, and nothing spins.
`;
writeReport(writeTo, report);
