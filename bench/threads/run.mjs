// ONNX Runtime's intra-op threads spinning between runs (`spinWait: true`) against sleeping
// (the default), as ratios taken in one run (bench/README.md):
//
//   node bench/threads/run.mjs [--threads 2] [--rounds 3] [--repeat 5]
//                              [--cases resnet50-forward:1,resnet50-vjp:1,...]
//                              [--write docs/benchmarks/threads.md]
//
// Needs the built packages and, for the ResNet-50 cases, bench/.models/resnet50.onnx (made by
// bench/gradients/run.mjs; those cases are skipped without it). Every measurement runs in
// its own process (measure.mjs); the two settings alternate, `--rounds` times, and the
// median of the rounds is kept.
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
const rounds = Number(option('--rounds', '3'));
const repeat = option('--repeat', '5');
const writeTo = option('--write', undefined);
const hasResNet = existsSync(resolve(root, 'bench/.models/resnet50.onnx'));
const defaultCases = [
  'resnet50-forward:1',
  'resnet50-vjp:1',
  'resnet50-both:1',
  'resnet50-forward:8',
  'resnet50-vjp:8',
  'resnet50-both:8',
  'fixture:caso:1',
  'fixture:i-gos:1',
  'fixture:isa:1',
  'fixture:smooth-grad:1',
];
const cases = option('--cases', defaultCases.join(','))
  .split(',')
  .map((c) => {
    const at = c.lastIndexOf(':');
    return { name: c.slice(0, at), batch: c.slice(at + 1) };
  })
  .filter((c) => {
    if (c.name.startsWith('resnet50') && !hasResNet) {
      console.error(`skipping ${c.name}: bench/.models/resnet50.onnx is missing`);
      return false;
    }
    return true;
  });

function measure(c, spin) {
  const out = execFileSync(
    process.execPath,
    [
      resolve(here, 'measure.mjs'),
      ...['--case', c.name, '--spin', spin, '--batch', c.batch],
      ...['--threads', threads, '--repeat', repeat],
    ],
    { encoding: 'utf8' },
  );
  const r = JSON.parse(out.trim().split('\n').at(-1));
  console.error(`${c.name} batch ${c.batch} spin ${spin}: ${r.ms.toFixed(1)} ms`);
  return r.ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
for (const c of cases) {
  const sleep = [];
  const spin = [];
  for (let r = 0; r < rounds; r++) {
    // Alternate which setting goes first, so drift in the machine's load hits both.
    if (r % 2 === 0) {
      sleep.push(measure(c, '0'));
      spin.push(measure(c, '1'));
    } else {
      spin.push(measure(c, '1'));
      sleep.push(measure(c, '0'));
    }
  }
  rows.push({
    c,
    sleep: median(sleep),
    spin: median(spin),
    ratios: spin.map((s, i) => s / sleep[i]),
  });
}

const what = (c) =>
  c.name.startsWith('fixture:')
    ? `${c.name.slice('fixture:'.length)}, one explanation on the fixture ResNet`
    : `ResNet-50 ${{ 'resnet50-forward': 'forward', 'resnet50-vjp': 'vjp', 'resnet50-both': 'forward then vjp' }[c.name]}, batch ${c.batch}`;
const table = rows.map(
  ({ c, sleep, spin, ratios }) =>
    `| ${what(c)} | ${sleep.toFixed(1)} | ${spin.toFixed(1)} | **${(spin / sleep).toFixed(2)}** | ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)} |`,
);
const report = `# ONNX Runtime's threads: sleeping against spinning

Made by \`node bench/threads/run.mjs${writeTo ? ` --write ${writeTo}` : ''}\`: each measurement in
its own process, the median of ${repeat} calls after two warm-up calls; the two settings
alternate over ${rounds} rounds and the table keeps the median round. ${threads} intra-op threads.

Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} logical CPU(s), ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.version}; load average at the end ${loadavg()
  .map((l) => l.toFixed(1))
  .join(', ')}.

| case | sleeping (default) ms | spinning ms | spinning / sleeping | range over rounds |
|---|---:|---:|---:|---:|
${table.join('\n')}

Spinning threads keep polling for work after each op and each run. A model has up to
three sessions (forward, vjp, jvp), each with threads of its own, so while one session
runs, the threads of the others spin on the same cores; on a small model the native
kernels' threads and the JavaScript between model calls need the cores too. Spinning can
win a little in a loop over one session on an idle machine (the single-session rows);
everywhere else it loses. \`loadOnnxModel(path, { spinWait: true })\` turns it back on.
`;
writeReport(writeTo, report);
