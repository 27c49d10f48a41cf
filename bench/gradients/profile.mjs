// Where a gradient's time goes: ONNX Runtime's profiler on the forward model and on the
// VJP graph that Model.vjp runs, per op type, split into the VJP graph's forward part (the
// model's own nodes) and its backward part (the nodes the rules added); then the VJP's
// wall time under other session options (optimisation level, arena, memory pattern).
//
//   node bench/gradients/profile.mjs --model bench/.models/resnet50.onnx [--batch 8]
//        [--threads 2] [--repeat 3] [--options 1] [--keep 0] [--levels 1] [--pass vjp|jvp]
//
// `--pass jvp` profiles the JVP graph that Model.jvp runs instead (tangent shaped like the
// input; "vjp" in the printout then names that graph).
//
// `--save <file>` also writes the VJP (or JVP) graph there, for a look with onnx's tools.
// `--rules '<json>'` builds the VJP under those backward rules (a rule variant's graph), e.g.
// '{"linear":{"kind":"alpha-beta","alpha":1,"beta":0,"stabilizer":1e-9}}' (excitation backprop).
//
// `--levels 1` times the VJP under the levels 'all' and 'extended' alone, interleaved
// (`compareLevels` below), instead of profiling.
//
// It reads the backend's sources (the graph builder is internal), so it runs itself under
// vite-node. Prints a JSON line (per-op figures) after a human-readable table.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { rerunUnderViteNode } from '../vite-node.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const backend = join(root, 'packages/backend-onnx');

rerunUnderViteNode(import.meta.url, backend);

const { option } = await import('../options.mjs');
const src = (p) => import(join(backend, 'src', p));
const { readModelBytes } = await src('load/model-io.ts');
const { decodeOnnxModel } = await src('decode-model.ts');
const { describeOnnxModel } = await src('model-info.ts');
const { readGraph, FLOAT } = await src('graph/graph.ts');
const { findGradientPath } = await src('autodiff/path.ts');
const { probeShapes } = await src('autodiff/probe-shapes.ts');
const { buildJvpGraph, buildVjpGraph } = await src('autodiff/build.ts');
const { threadingOptions } = await src('session.ts');
const ort = createRequire(join(backend, 'package.json'))('onnxruntime-node');

const modelPath = resolve(root, option('--model', 'bench/.models/resnet50.onnx'));
const batch = Number(option('--batch', '1'));
const threads = Number(option('--threads', '2'));
const repeat = Number(option('--repeat', '3'));
const tryOptions = option('--options', '1') === '1';
// --keep 1 keeps ORT's profile (JSON, chrome://tracing) in the temporary folder.
const keepProfile = option('--keep', '0') === '1';
const levelsOnly = option('--levels', '0') === '1';

const bytes = await readModelBytes(modelPath);
const decoded = decodeOnnxModel(bytes, modelPath);
const info = describeOnnxModel(decoded);
const input = info.inputs[0];
const output = info.outputs[0];
const sample = input.shape.slice(1).map(Number);
const graph = readGraph(decoded);
const { path } = findGradientPath(graph, input.name, output.name);
const shapes = await probeShapes(graph, path, input.name, sample, { threads });
const classes = Number(output.shape.at(-1));
const forwardMode = option('--pass', 'vjp') === 'jvp';
const spec = {
  graph,
  path,
  input: input.name,
  output: output.name,
  floatType: FLOAT,
  inputShape: ['batch', ...sample],
  outputShape: ['batch', classes],
  shapes,
};
const backwardRules = JSON.parse(option('--rules', '{}'));
const vjp = forwardMode ? buildJvpGraph(spec) : buildVjpGraph(spec, backwardRules);
const savePath = option('--save', '');
if (savePath) writeFileSync(resolve(savePath), vjp.bytes);

const rand = (n, seed) => {
  const a = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    a[i] = s / 2147483648 - 0.5;
  }
  return a;
};
const x = new ort.Tensor('float32', rand(batch * sample.reduce((a, b) => a * b, 1), 7), [
  batch,
  ...sample,
]);
const u = forwardMode
  ? new ort.Tensor('float32', rand(x.data.length, 9), x.dims)
  : new ort.Tensor('float32', rand(batch * classes, 9), [batch, classes]);
const feedsOf = (isVjp) => (isVjp ? { [input.name]: x, [vjp.seed]: u } : { [input.name]: x });
const fetchesOf = (isVjp) => (isVjp ? [output.name, vjp.result] : [output.name]);
const base = {
  executionProviders: ['cpu'],
  graphOptimizationLevel: 'all',
  ...threadingOptions({ threads }),
};

/** Median wall ms of `repeat` runs after 2 warm-ups (a session without the profiler). */
async function wallMs(modelBytes, isVjp, extra = {}) {
  const s = await ort.InferenceSession.create(modelBytes, { ...base, ...extra });
  const times = [];
  for (let i = 0; i < repeat + 2; i++) {
    const t0 = performance.now();
    await s.run(feedsOf(isVjp), fetchesOf(isVjp));
    if (i >= 2) times.push(performance.now() - t0);
  }
  await s.release();
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Per-op-type milliseconds of one run, averaged over the timed runs, from ORT's profile. */
async function profile(modelBytes, isVjp) {
  const prefix = join(tmpdir(), `xai-profile-${process.pid}-${isVjp ? 'vjp' : 'fwd'}`);
  const s = await ort.InferenceSession.create(modelBytes, {
    ...base,
    enableProfiling: true,
    profileFilePrefix: prefix,
  });
  for (let i = 0; i < repeat + 2; i++) await s.run(feedsOf(isVjp), fetchesOf(isVjp));
  s.endProfiling();
  await s.release();
  // onnxruntime-node does not return the file's name: the prefix plus a timestamp.
  const name = readdirSync(tmpdir()).find((f) => join(tmpdir(), f).startsWith(prefix));
  const file = join(tmpdir(), name);
  const events = JSON.parse(readFileSync(file, 'utf8'));
  if (keepProfile) console.error('profile', file);
  else rmSync(file, { force: true });
  const runs = events.filter((e) => e.name === 'model_run').slice(2);
  const inTimed = (e) => runs.some((r) => e.ts >= r.ts && e.ts <= r.ts + r.dur);
  const byOp = {};
  for (const e of events) {
    if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time') || !inTimed(e)) continue;
    const node = e.name.slice(0, -'_kernel_time'.length);
    // The rules' nodes are named 'xai/...'; ORT's layout changes 'Reorder...'; the rest
    // are the model's nodes (renamed by ORT's fusions, hence not looked up by name).
    const part = node.startsWith('xai/')
      ? 'backward'
      : node.startsWith('Reorder')
        ? 'layout'
        : 'forward';
    const key = `${part} ${e.args.op_name}`;
    byOp[key] = (byOp[key] ?? 0) + e.dur / 1000 / runs.length;
  }
  const runMs = runs.reduce((a, r) => a + r.dur / 1000, 0) / runs.length;
  return { runMs, byOp };
}

/**
 * `--levels 1`: the VJP graph under ONNX Runtime's optimisation levels 'all' (xai's) and
 * 'extended' (no NCHWc layout) alone, the two sessions' runs interleaved so that load falls
 * on both; prints the medians, their ratio and the largest difference between the two
 * sessions' input gradients (share of the largest value), then stops.
 */
async function compareLevels() {
  const levels = ['all', 'extended'];
  const sessions = [];
  for (const level of levels) {
    sessions.push(
      await ort.InferenceSession.create(vjp.bytes, { ...base, graphOptimizationLevel: level }),
    );
  }
  const times = levels.map(() => []);
  const grads = [];
  for (let i = 0; i < repeat + 2; i++) {
    for (let k = 0; k < sessions.length; k++) {
      const t0 = performance.now();
      const r = await sessions[k].run(feedsOf(true), fetchesOf(true));
      if (i >= 2) times[k].push(performance.now() - t0);
      if (i === 0) grads[k] = r[vjp.result].data;
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  let diff = 0;
  let most = 0;
  for (let i = 0; i < grads[0].length; i++) {
    diff = Math.max(diff, Math.abs(grads[0][i] - grads[1][i]));
    most = Math.max(most, Math.abs(grads[0][i]));
  }
  const [a, e] = times.map(median);
  console.log(
    JSON.stringify({
      model: modelPath,
      batch,
      threads,
      allMs: a,
      extendedMs: e,
      extendedOverAll: e / a,
      maxDiffOfMax: diff / most,
    }),
  );
}

if (levelsOnly) {
  await compareLevels();
  process.exit(0);
}
const fwd = await profile(bytes, false);
const grad = await profile(vjp.bytes, true);
const sum = (o, part) =>
  Object.entries(o)
    .filter(([k]) => k.startsWith(part))
    .reduce((a, [, v]) => a + v, 0);
const result = {
  model: modelPath,
  batch,
  threads,
  forwardMs: fwd.runMs,
  vjpMs: grad.runMs,
  vjpForwardPartMs: sum(grad.byOp, 'forward'),
  vjpBackwardPartMs: sum(grad.byOp, 'backward'),
  vjpLayoutMs: sum(grad.byOp, 'layout'),
  forwardLayoutMs: sum(fwd.byOp, 'layout'),
  forwardOps: fwd.byOp,
  vjpOps: grad.byOp,
};
if (tryOptions) {
  // Wall times without the profiler, one session each, same run.
  result.wall = {
    forward: await wallMs(bytes, false),
    vjp: await wallMs(vjp.bytes, true),
    'vjp extended': await wallMs(vjp.bytes, true, { graphOptimizationLevel: 'extended' }),
    'vjp basic': await wallMs(vjp.bytes, true, { graphOptimizationLevel: 'basic' }),
    'vjp no arena': await wallMs(vjp.bytes, true, { enableCpuMemArena: false }),
    'vjp no mem pattern': await wallMs(vjp.bytes, true, { enableMemPattern: false }),
    'vjp spinning': await wallMs(vjp.bytes, true, threadingOptions({ threads, spinWait: true })),
  };
}

const top = (o) =>
  Object.entries(o)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 14)
    .map(([k, v]) => `  ${k.padEnd(40)} ${v.toFixed(1)} ms`)
    .join('\n');
console.error(
  `${modelPath} batch ${batch}, ${threads} threads: forward ${fwd.runMs.toFixed(1)} ms, vjp ${grad.runMs.toFixed(1)} ms (${(grad.runMs / fwd.runMs).toFixed(2)}x; forward part ${result.vjpForwardPartMs.toFixed(1)}, backward part ${result.vjpBackwardPartMs.toFixed(1)}, layout ${result.vjpLayoutMs.toFixed(1)})\nforward model:\n${top(fwd.byOp)}\nvjp graph:\n${top(grad.byOp)}`,
);
if (result.wall) console.error(result.wall);
console.log(JSON.stringify(result));
