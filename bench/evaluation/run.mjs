// Throughput of an evaluation (insertion + deletion of a cheap and a paper method) run in
// one process, and on the BullMQ queue with 1 worker and with 2 workers (ONNX Runtime's
// threads split between them), and what the queue costs per job against the job's work.
//
//   bash scripts/ensure-redis.sh node bench/evaluation/run.mjs [--samples 12] [--rounds 2] \
//     [--write docs/benchmarks/evaluation.md]
//
// The model is the CIFAR-10 ResNet-20 of /work/shared/data/cifar10 (32x32): no ResNet-50
// ONNX is on this machine (bench/.models/resnet50.onnx is made by a torch export, see
// bench/methods/run.mjs), and at 224x224 one evaluation of this size takes hours on 2 cores.
// Every configuration runs the CLI as users do (`xai evaluate`, `xai worker`), each with its
// own seed so no result or job is reused; workers are started and ready before the clock.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { memoryStore } from '../../packages/evaluation/dist/index.js';
import { evaluateOnQueue, startWorker } from '../../packages/evaluation/dist/queue.js';
import { option } from '../options.mjs';
import { writeReport } from '../write-report.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const bin = join(root, 'apps/cli/dist/bin.js');
const data = resolve(root, option('--data', '../shared/data/cifar10'));
const samples = Number(option('--samples', '12'));
const rounds = Number(option('--rounds', '2'));
const threads = cpus().length;
const queue = process.env.XAI_REDIS_URL;
if (!queue) throw new Error('Expected XAI_REDIS_URL: run through bash scripts/ensure-redis.sh');
const methods = ['saliency', 'isa'];
let seed = 1000;

// Kill every worker if the script is stopped.
const started = [];
const stopAll = () => {
  for (const c of started) c.kill('SIGTERM');
};
process.on('exit', stopAll);
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    stopAll();
    process.exit(130);
  });

const evaluateArgs = (method, out, n = samples) => [
  'evaluate',
  '--model',
  join(data, 'resnet20.onnx'),
  '--input',
  join(data, 'inputs.npy'),
  '--labels',
  join(data, 'labels.npy'),
  '--methods',
  method,
  '--metrics',
  'insertion,deletion',
  '--samples',
  String(n),
  '--seed',
  String(seed++),
  '--out',
  out,
  '--json',
];

function run(args) {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    c.stdout.on('data', (d) => {
      out += d;
    });
    c.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
  });
}

async function startWorkers(n, perWorker) {
  const ws = [];
  for (let i = 0; i < n; i++) {
    const c = spawn(
      process.execPath,
      [bin, 'worker', '--queue', queue, '--threads', String(perWorker)],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    await new Promise((r) => {
      let err = '';
      c.stderr.on('data', (d) => {
        err += d;
        if (err.includes('worker ready')) r();
      });
    });
    ws.push(c);
    started.push(c);
  }
  return ws;
}

/**
 * Seconds of the evaluation itself, as \`xai evaluate --json\` reports them: after loading
 * the model and the inputs, before writing the tables (so the start of Node and of ONNX
 * Runtime, the same in every configuration and very noisy on a shared machine, is left out).
 */
async function timed(method, config) {
  const out = mkdtempSync(join(tmpdir(), 'xai-bench-eval-'));
  let workers = [];
  if (config.workers) {
    workers = await startWorkers(config.workers, threads / config.workers);
    // Warm: each worker opens the model and inputs at its first job.
    await run([
      ...evaluateArgs(method, mkdtempSync(join(tmpdir(), 'xai-bench-warm-')), 2 * config.workers),
      '--queue',
      queue,
    ]);
  }
  const r = JSON.parse(
    await run([
      ...evaluateArgs(method, out),
      ...(config.workers ? ['--queue', queue] : ['--threads', String(threads)]),
    ]),
  );
  for (const w of workers) w.kill('SIGTERM');
  await Promise.all(workers.map((w) => new Promise((r) => w.on('exit', r))));
  if (r.computed !== samples * 2)
    throw new Error(`expected ${samples * 2} computed, got ${r.computed}`);
  return r.seconds / samples;
}

const configs = [
  { name: 'one process', workers: 0 },
  { name: 'queue, 1 worker', workers: 1 },
  { name: 'queue, 2 workers', workers: 2 },
];
const perJob = {}; // method -> config -> seconds per job, one per round
for (let round = 0; round < rounds; round++) {
  for (const method of methods) {
    for (const c of configs) {
      const s = await timed(method, c);
      ((perJob[method] ??= {})[c.name] ??= []).push(s);
      console.error(`${method} ${c.name}: ${(s * 1000).toFixed(0)} ms per job`);
    }
  }
}
const best = (xs) => Math.min(...xs);
const rows = methods.flatMap((method) => {
  const base = best(perJob[method]['one process']);
  return configs.map((c) => {
    const t = best(perJob[method][c.name]);
    return `| ${method} | ${c.name} | ${(t * 1000).toFixed(0)} | ${(1 / t).toFixed(2)} | **${(base / t).toFixed(2)}** | ${perJob[method][c.name].map((x) => (x * 1000).toFixed(0)).join(', ')} |`;
  });
});
/**
 * The queue's own cost per job: jobs whose work is nothing (a method that returns its input,
 * metrics that return 0, a result the size of an insertion record with its 101-point
 * curve) through the coordinator and one worker, both in this process, over Redis.
 */
async function queueCostPerJob(n) {
  const noop = { name: 'noop', requires: 'forward', defaults: {}, explain: async (_m, x) => x };
  const zero = (name) => ({
    name,
    family: 'faithfulness',
    higherIsBetter: true,
    defaults: {},
    evaluate: async () => ({ scores: Float64Array.of(0), higherIsBetter: true }),
  });
  const curve = new Array(101).fill(0.5);
  const worker = await startWorker({
    queue,
    process: async (job) =>
      job.results.map((r) => ({
        id: r.id,
        explanation: job.explanation,
        sample: job.sample,
        source: job.source,
        method: job.method,
        metric: r.metric,
        target: job.target,
        score: 0,
        seconds: 0,
        curve,
      })),
  });
  const t0 = performance.now();
  await evaluateOnQueue({
    queue,
    store: memoryStore(),
    files: { modelPath: '-', inputPath: '-', inputSpec: {} },
    modelHash: `queue-cost-${Date.now()}`,
    inputs: { data: Float32Array.from({ length: n * 4 }, (_, i) => i), shape: [n, 1, 2, 2] },
    targets: new Array(n).fill(0),
    methods: [noop],
    metrics: [zero('insertion'), zero('deletion')],
  });
  const seconds = (performance.now() - t0) / 1000;
  await worker.close();
  return seconds / n;
}
const costJobs = 200;
const costs = [];
for (let round = 0; round < rounds; round++) costs.push(await queueCostPerJob(costJobs));
const cost = best(costs);
console.error(`queue cost: ${costs.map((c) => (c * 1000).toFixed(1)).join(', ')} ms per job`);
const costRows = methods.map((method) => {
  const work = best(perJob[method]['one process']);
  return `| ${method} | ${(work * 1000).toFixed(0)} | ${(cost * 1000).toFixed(1)} | **${(cost / work).toFixed(3)}** |`;
});
writeReport(
  option('--write'),
  `# Evaluation throughput: one process, and the queue with 1 and 2 workers

Made by \`bash scripts/ensure-redis.sh node bench/evaluation/run.mjs --write docs/benchmarks/evaluation.md\`:
insertion and deletion of CIFAR-10 test images on the ResNet-20 of
\`/work/shared/data/cifar10\` (32x32; no ResNet-50 ONNX was on this machine), for a cheap
method (saliency) and a paper method (ISA at its defaults). Each configuration is the CLI as
users run it: \`xai evaluate\` alone with ${threads} ONNX Runtime threads, or \`xai evaluate --queue\`
with 1 worker of ${threads} threads or 2 workers of ${threads / 2} each (started, and warmed by a
small evaluation of their own, before the clock; Redis on loopback). A job is one image: its
map and both metrics. The time is the evaluation's own, as \`xai evaluate --json\` reports it
(\`seconds\`: from the plan to the last result stored, without starting Node and loading the
model, which every configuration pays alike), over ${samples} images. Best of ${rounds} rounds;
all rounds listed.

Machine: ${cpus()[0]?.model}, ${cpus().length} logical CPU(s); Node ${process.version}; **shared with other
engineers' builds and tests while it ran** (load average at the end ${loadavg()
    .map((v) => v.toFixed(1))
    .join(', ')}), so
read the ratios, not the seconds.

| method | configuration | ms per job | jobs / s | speed-up over one process | rounds (ms per job) |
|---|---|---:|---:|---:|---|
${rows.join('\n')}

What the queue itself costs per job: ${costJobs} jobs that do no work (a method that returns
its input, metrics that return 0, results the size of insertion's and deletion's records with
their curves) through the coordinator and one worker over the same Redis: ${costs.map((c) => (c * 1000).toFixed(1)).join(', ')} ms
per job in the ${rounds} rounds, against the work of one job in one process.

| method | one job's work in one process, ms | the queue's cost per job (best round), ms | cost / work |
|---|---:|---:|---:|
${costRows.join('\n')}

A job is a few Redis round trips (add, fetch with its lock, result, the coordinator's read)
and the coordinator's poll every 250 ms, which puts up to that much after the last job; the
worker keeps the model and inputs open between jobs and hashes each file once.

Reading the throughput table: the one process pays ONNX Runtime's first runs and the JIT
warm-up inside its ${samples} jobs, while the workers were warmed before the clock, which is why a
single worker can come out ahead; and on 2 cores, 2 workers of 1 thread compete with each
other, the coordinator and everything else on the machine, so the speed-up is bounded by
the cores, not by the queue. On k machines each worker brings its own cores: with the
queue's cost a small fraction of a job, the throughput grows with k until Redis or the
coordinator's polling (a few round trips per job) is the limit.
`,
);
