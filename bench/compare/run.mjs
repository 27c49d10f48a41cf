// xai against Captum on the fixture models: the same images, targets, settings and thread
// count on both sides, xai time / Captum time per method and model (goal: at most 0.8).
//
//   node bench/compare/run.mjs --captum-path DIR [--captum-commit 'at <sha>'] [--threads 1]
//        [--rounds 7] [--images 16] [--models cnn,resnet,mlp] [--write docs/benchmarks/compare-captum.md]
//
// The published page: `--rounds 7 --images 8` with Captum extracted from
// github.com/pytorch/captum at faac08773131888714b15709b28494ebeea7f6eb (`git archive`, so
// not a checkout: hence --captum-commit). xai runs with the JS kernels and with the CLI's
// `--kernels auto` choice; XAI_NUM_THREADS is set to --threads for the native kernels.
//
// DIR holds Captum's `captum/` package (a checkout of github.com/pytorch/captum; nothing of
// it is in this repository); Captum runs in bench/compare/captum_worker.py under Debian's
// /usr/bin/python3 (its torch), the models read from the same ONNX files by
// bench/compare/onnx_torch.py. Both sides stay loaded for the whole run; each round times
// every (model, method) once on each side, the side that goes first alternating, and the
// first round is a warm-up (not counted; it also checks that the two maps agree).
//
// With `GLIBC_TUNABLES=glibc.malloc.mmap_threshold=268435456:glibc.malloc.trim_threshold=1073741824`
// in the environment both processes keep freed memory for reuse (the Captum worker inherits it),
// which takes glibc's page faults out of the comparison; the page states which allocator ran.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { loadOnnxModel } from '@xai/backend-onnx';
import {
  fixtureDataDir,
  fixtureModelPath,
  loadFixtureInputs,
  loadFixtureLabels,
} from '@xai/fixtures';
import { getMethod } from '@xai/methods';
import { chooseKernels } from '../choose-kernels.mjs';
import { option } from '../options.mjs';
import { writeReport } from '../write-report.mjs';
import { agreement } from './agreement.mjs';
import { methodCases } from './cases.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const captumPath = option('--captum-path', undefined);
if (!captumPath) {
  console.error('Expected --captum-path DIR (the folder holding captum/) but none was given.');
  process.exit(2);
}
const threads = Number(option('--threads', '1'));
const rounds = Number(option('--rounds', '7'));
// glibc's allocator settings, inherited by the Captum worker: stated on the page.
const tunables = process.env.GLIBC_TUNABLES ?? '';
const imageCount = Number(option('--images', '16'));
const writeTo = option('--write', undefined);
const modelNames = (option('--models', 'cnn,resnet,mlp') ?? '').split(',');
// The native CPU kernels' threads (read when the addon starts): the same count as the models'.
process.env.XAI_NUM_THREADS = String(threads);
// xai runs twice: with the JS kernels (the library's default) and with what the CLI's
// `--kernels auto` picks (the native CPU kernels when the addon is built).
const sides = [
  { name: 'js', kernels: (await chooseKernels('js')).kernels },
  { name: 'auto', ...(await chooseKernels('auto')) },
];

// Every sixth image, so the classes vary (the fixtures are sorted by label).
const all = loadFixtureInputs();
const labels = loadFixtureLabels();
const images = Array.from({ length: imageCount }, (_, i) => (i * 6) % labels.length);
const [, C, H, W] = all.shape;
const plane = C * H * W;
const x = {
  data: Float32Array.from(
    images.flatMap((i) => [...all.data.subarray(i * plane, (i + 1) * plane)]),
  ),
  shape: [imageCount, C, H, W],
};
const targets = images.map((i) => labels[i]);

/** Captum's side: one long-lived python process answering a JSON line per request. */
function captumWorker() {
  const child = spawn(
    '/usr/bin/python3',
    [
      resolve(here, 'captum_worker.py'),
      '--captum-path',
      captumPath,
      '--threads',
      String(threads),
      '--data',
      fixtureDataDir(),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    async run(request) {
      child.stdin.write(`${JSON.stringify(request)}\n`);
      const { value, done } = await lines.next();
      if (done) throw new Error('the Captum worker exited; see its error above');
      return JSON.parse(value);
    },
    close: () => child.stdin.end(),
  };
}

/** The Captum checkout's commit, when DIR is (inside) a git checkout; otherwise its path. */
function captumCommit() {
  try {
    return `at ${execFileSync('git', ['-C', captumPath, 'rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()}`;
  } catch {
    return option('--captum-commit', `from ${captumPath}`);
  }
}
const torchVersion = () =>
  execFileSync('/usr/bin/python3', ['-c', 'import torch; print(torch.__version__)'], {
    encoding: 'utf8',
  }).trim();
/** The profile's findings, written by hand beside this script (kept when the table is remade). */
const findings = () => {
  const f = resolve(here, 'captum-findings.md');
  return existsSync(f) ? `\n${readFileSync(f, 'utf8')}` : '';
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const worker = captumWorker();
const load0 = loadavg();
const results = [];
for (const name of modelNames) {
  const model = await loadOnnxModel(fixtureModelPath(name), { threads });
  const cases = methodCases({ H, W, layer: model.lastConvLayer }).filter(
    (c) => !c.needsConv || model.lastConvLayer,
  );
  const times = cases.map(() => ({ js: [], auto: [], captum: [] }));
  const checks = [];
  for (let r = 0; r <= rounds; r++) {
    for (const [k, c] of cases.entries()) {
      const method = getMethod(c.method);
      const xaiRun = async (kernels) => {
        const t0 = performance.now();
        const map = await method.explain(model, x, { ...c.xai, target: targets, seed: 1, kernels });
        return { ms: performance.now() - t0, map };
      };
      const xaiBoth = async () => {
        const out = {};
        for (const side of sides) out[side.name] = await xaiRun(side.kernels);
        return out;
      };
      const request = {
        model: name,
        method: c.method,
        images,
        targets,
        options: c.captum,
        layer: model.lastConvLayer,
        map: r === 0,
      };
      const xaiFirst = (r + k) % 2 === 0;
      const a = xaiFirst ? await xaiBoth() : undefined;
      const b = await worker.run(request);
      const a2 = a ?? (await xaiBoth());
      if (r === 0) {
        const theirs = new Float32Array(Buffer.from(b.map, 'base64').buffer.slice(0));
        checks[k] = agreement(a2.auto.map.data, theirs);
      } else {
        for (const side of sides) times[k][side.name].push(a2[side.name].ms);
        times[k].captum.push(b.ms);
      }
    }
    console.error(`${name}: round ${r} of ${rounds} done`);
  }
  for (const [k, c] of cases.entries()) {
    const row = {
      model: name,
      label: c.label,
      js: median(times[k].js),
      auto: median(times[k].auto),
      captum: median(times[k].captum),
      check: checks[k],
      deterministic: c.deterministic,
    };
    results.push(row);
    console.error(JSON.stringify(row));
  }
  await model.dispose();
}
worker.close();
const load1 = loadavg();

const f = (v) => v.toFixed(1);
const table = results
  .map((r) => {
    const ratio = (v) =>
      v / r.captum <= 0.8 ? `**${(v / r.captum).toFixed(2)}**` : (v / r.captum).toFixed(2);
    const agree = r.deterministic
      ? `max diff ${r.check.relMax.toExponential(1)} of max`
      : `Pearson ${r.check.pearson.toFixed(3)}`;
    return `| ${r.model} | ${r.label} | ${f(r.captum)} | ${f(r.js)} | ${f(r.auto)} | ${ratio(r.js)} | ${ratio(r.auto)} | ${agree} |`;
  })
  .join('\n');
writeReport(
  writeTo,
  `# xai against Captum on the fixtures

Made by \`${tunables ? `GLIBC_TUNABLES=${tunables} ` : ''}node bench/compare/run.mjs --captum-path DIR --threads ${threads} --rounds ${rounds} --images ${imageCount}${writeTo ? ` --write ${writeTo}` : ''}\`
on this machine (${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}); load average ${load0.map((v) => v.toFixed(1)).join(' / ')} at the start and ${load1.map((v) => v.toFixed(1)).join(' / ')} at the end (1 / 5 / 15 min).

Captum ${captumCommit()} (github.com/pytorch/captum, run from a checkout outside this
repository) on Debian's torch ${torchVersion()}, against xai on onnxruntime-node, all at
${threads} thread${threads > 1 ? 's' : ''} (\`torch.set_num_threads(${threads})\`, \`loadOnnxModel(path, { threads: ${threads} })\`,
\`XAI_NUM_THREADS=${threads}\` for the native kernels). xai runs twice: with the JS kernels
(the library's default: noise, masks and perturbation batches made in JavaScript) and with
what the CLI's \`--kernels auto\` picks here (${sides[1].description}).
The three fixture models (28x28 Fashion-MNIST, packages/fixtures/data) are read by both
sides from the same ONNX files (torch through bench/compare/onnx_torch.py, one module per
node, logits within 1.3e-5 of the fixtures' PyTorch logits); ${imageCount} images (every sixth
fixture image), their labels as targets, the same settings on both sides (below). Each
time is the attribution call alone (Captum's \`attribute\`, xai's \`explain\`; models,
inputs and targets ready before the clock starts), median of ${rounds} rounds after a warm-up
round; in each round every method runs once on each side, and which side goes first
alternates, so a burst of load from the other engineers' builds falls on both. The last
column checks that the two sides computed the same thing (the warm-up round's maps): for
deterministic methods the largest difference as a share of Captum's largest value, for
the random ones (their noise or masks are drawn differently) Pearson's r between the maps.
Ratios below 0.8 (the goal) are in bold. glibc's allocator ran ${
    tunables
      ? `with \`GLIBC_TUNABLES=${tunables}\` in both processes: freed memory is kept for reuse instead of being returned to the system, so neither side pays fresh page faults for its buffers at each call`
      : 'with its defaults in both processes: large buffers are mapped fresh and returned at each free, and on this virtual machine the page faults that costs weigh on both sides, on torch most (the findings below)'
  }.

| model | method | Captum (ms) | xai, JS kernels (ms) | xai, ${sides[1].description.split(',')[0]} kernels (ms) | JS / Captum | ${sides[1].description.split(',')[0]} / Captum | the two maps |
| --- | --- | --- | --- | --- | --- | --- | --- |
${table}
${findings()}`,
);
