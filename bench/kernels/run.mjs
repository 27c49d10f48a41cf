// Native CPU kernels against jsKernels, in one run, as ratios (bench/README.md).
//
//   node bench/kernels/run.mjs [--repeat 7] [--rounds 3] [--write docs/benchmarks/kernels.md]
//   XAI_OUTPUT_CACHE_MB=0 node bench/kernels/run.mjs --append docs/benchmarks/kernels.md --title "…"
//
// Needs the built packages and addon: `bash scripts/pnpm.sh exec turbo run build
// --filter=@xai/backend-cuda...`. Each case runs twice to warm up, then --repeat times per
// implementation, alternating; a round keeps the medians, and the whole set of cases runs
// --rounds times: the table shows the median round's ratio and the range over rounds.
// XAI_NUM_THREADS sets the native threads.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { jsKernels } from '@xai/core';
import { option } from '../options.mjs';
import { writeAtomic } from '../write-report.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

// Each timed call starts after a full collection and a pause (untimed), so that neither
// implementation pays for collecting the other's garbage: that needs --expose-gc.
if (typeof globalThis.gc !== 'function') {
  const child = spawnSync(process.execPath, ['--expose-gc', ...process.argv.slice(1)], {
    stdio: 'inherit',
  });
  process.exit(child.status ?? 1);
}
// @xai/backend-cuda is not a dependency of the workspace root; import its build directly.
const { describeNativeBackend, loadNativeKernels } = await import(
  resolve(root, 'packages/backend-cuda/dist/index.js')
);

const repeat = Number(option('--repeat', '7'));
const rounds = Number(option('--rounds', '3'));
const writeTo = option('--write', undefined);
// Appends a titled table to an existing results file instead (e.g. a run with the cache off).
const appendTo = option('--append', undefined);
const appendTitle = option('--title', 'Another run');

const { kernels: native, device } = await loadNativeKernels({ device: 'cpu' });
const info = describeNativeBackend();

const uniform = (shape, stream) =>
  jsKernels.random({ distribution: 'uniform', shape, seed: 2026, stream });

const x = await uniform([3, 224, 224], 0);
const lowResMasks = await uniform([64, 7, 7], 1);
const ones = { data: new Float32Array(64).fill(1), shape: [64, 1, 1] };
const attribution = await uniform([224 * 224], 2);
const map3 = await uniform([3, 224, 224], 3);

/** Insertion and deletion curve inputs for one map: rank, 50 step masks each, blends, areas. */
async function curves(k) {
  const order = await k.argsortDescending(attribution);
  let area = 0;
  for (const mode of ['insertion', 'deletion']) {
    const masks = await k.rankMasks({ order, steps: 50, height: 224, width: 224, mode });
    const batch = await k.perturb({ x, baseline: 0, masks });
    // Stand-in scores (the model is not part of this benchmark): a mean per step.
    const S = masks.shape[0];
    const scores = new Float32Array(S);
    for (let s = 0; s < S; s++) scores[s] = batch.data[s * 3 * 224 * 224];
    const { auc } = await k.curveAreas({ data: scores, shape: [S] });
    area += auc.data[0];
  }
  return area;
}

const cases = [
  {
    name: 'perturb 64×3×224×224, 7×7 masks (RISE)',
    target: 5,
    run: (k) => k.perturb({ x, baseline: 0, masks: lowResMasks }),
  },
  {
    name: 'perturb 64×3×224×224, 1×1 masks + σ=0.15 noise (SmoothGrad)',
    target: 5,
    run: (k) =>
      k.perturb({ x, baseline: 0, masks: ones, noise: { sigma: 0.15, seed: 1, stream: 9 } }),
  },
  {
    name: 'argsortDescending of 150,528 values (one row)',
    target: 3,
    run: (k) => k.argsortDescending({ data: map3.data, shape: [150528] }),
  },
  {
    name: 'argsortDescending of 3×224×224 (672 rows of 224)',
    target: 3,
    run: (k) => k.argsortDescending(map3),
  },
  {
    name: 'insertion + deletion curve building, 224×224, 50 steps each',
    target: 5,
    run: curves,
  },
];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(k, run) {
  globalThis.gc();
  await new Promise((done) => setTimeout(done, 20)); // the collection's concurrent sweeping
  const t0 = performance.now();
  await run(k);
  return performance.now() - t0;
}

const perRound = cases.map(() => []);
for (let round = 0; round < rounds; round++) {
  for (const [i, c] of cases.entries()) {
    for (let w = 0; w < 2; w++) {
      await time(jsKernels, c.run);
      await time(native, c.run);
    }
    const js = [];
    const cpu = [];
    for (let r = 0; r < repeat; r++) {
      js.push(await time(jsKernels, c.run));
      cpu.push(await time(native, c.run));
    }
    const m = { js: median(js), cpu: median(cpu) };
    perRound[i].push(m);
    console.log(
      `round ${round + 1}: ${c.name}: js ${m.js.toFixed(1)} ms, native cpu ${m.cpu.toFixed(1)} ms, ${(m.js / m.cpu).toFixed(1)}x (target ${c.target}x)`,
    );
  }
}
const rows = cases.map((c, i) => {
  const ratios = perRound[i].map((m) => m.js / m.cpu);
  const mid = perRound[i][ratios.indexOf(median(ratios))];
  return {
    name: c.name,
    target: c.target,
    js: mid.js,
    cpu: mid.cpu,
    ratio: mid.js / mid.cpu,
    low: Math.min(...ratios),
    high: Math.max(...ratios),
  };
});

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const load = loadavg()
  .map((l) => l.toFixed(1))
  .join(', ');
const machine =
  `${cpu}, ${info.threads} native thread(s) of ${cpus().length} logical CPU(s), ` +
  `${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; ${info.compiler}; ` +
  `CUDA devices: ${info.cudaDevices}; load average at the end ${load}`;
console.log(`\n${machine}\n${device.description}`);

const table = rows
  .map(
    (r) =>
      `| ${r.name} | ${r.js.toFixed(1)} | ${r.cpu.toFixed(1)} | **${r.ratio.toFixed(1)}×** | ${r.low.toFixed(1)}–${r.high.toFixed(1)}× | ${r.target}× | ${r.ratio >= r.target ? 'met' : 'not met'} |`,
  )
  .join('\n');
const header =
  '| case | jsKernels (ms) | native CPU (ms) | speed-up | over rounds | target | |\n|---|---:|---:|---:|---:|---:|---|';

if (appendTo) {
  const path = resolve(root, appendTo);
  writeAtomic(
    path,
    `${readFileSync(path, 'utf8')}\n## ${appendTitle}\n\nMachine: ${machine}.\n\n${header}\n${table}\n`,
  );
  console.log(`appended to ${appendTo}`);
}

if (writeTo) {
  const text = `# Kernel benchmarks: native CPU against jsKernels

Measured by \`node bench/kernels/run.mjs --repeat ${repeat} --rounds ${rounds} --write docs/benchmarks/kernels.md\`
(per round: the median of ${repeat} runs after 2 warm-up runs, the two implementations
alternating, in one process; the table keeps the median of ${rounds} rounds and shows the
range of the ratio over them). Times are wall-clock milliseconds per call, including the
argument checks, the collections the call's own garbage triggers and, for the native
kernels, the hop to a worker thread. Before every call a full collection and 20 ms of quiet
(untimed, for the collection's concurrent sweeping) let it start from the same state, so
neither implementation pays for collecting the other's outputs.

Machine: ${machine}.

${header}
${table}

Notes:

- The outputs are those the conformance suite checks (\`@xai/core/testing\`): uniforms,
  blends without noise, ranking and step masks bit-identical to jsKernels; normals within
  2 ulp (the native normals use a vectorised fdlibm-style \`log\`/\`sin\`/\`cos\`; over the
  4 million draws \`random_test\` compares they are bit-identical to glibc's and V8's).
- "Curve building" is what an insertion/deletion evaluation does apart from the model: one
  argsort of a 224×224 map, then for each of insertion and deletion 51 step masks
  (\`rankMasks\`), the 51×3×224×224 blend (\`perturb\`) and \`curveAreas\`; the model's scores
  are replaced by a stand-in. Full-resolution masks skip the interpolation's gathers (the
  same bits, signed zeros included, \`perturb_test\`), and the NaN scans of the 2.5 million
  mask values run in the addon, vectorised and across its threads, not in JavaScript on
  the main thread (\`@xai/core\`'s checks run without their value scans; a refused call
  still gets the reference's error).
- What is left between the native kernels and the memory they write is mostly the
  JavaScript engine: the 82 MB of outputs per curve-building run make V8 collect often
  (a mark-compact about every third large call), and each collection's threads share the
  two cores with the kernels. Without the quiet start before each call, a native run also
  collects the JavaScript run before it (about 7 ms of its 21 ms went to collections then,
  against 3.5 ms of 15 ms with native runs alone, measured with a \`gc\`
  PerformanceObserver), and curve building measured 4.4–4.8× over three rounds.
- Ranking of many short rows (672 rows of 224) is bound by per-row work; the flattened map,
  which insertion/deletion ranks, is one long row.
- Outputs of 1 MiB or more reuse memory that earlier outputs released once collected
  (\`native/README.md\`, "Outputs"); in a loop like this one, as in an evaluation, most
  calls hit that cache. \`XAI_OUTPUT_CACHE_MB=0\` turns it off (see below).
- Calls that touch fewer than 32,768 values run on the calling thread (no worker hop);
  every case here is larger.
- Not measured here: the CUDA kernels (no GPU on this machine; they compile, see
  \`native/README.md\`).
`;
  writeAtomic(resolve(root, writeTo), text);
  console.log(`wrote ${writeTo}`);
}
