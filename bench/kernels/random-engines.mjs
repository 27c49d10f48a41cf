// The seeded fills on their two engines, WebAssembly (core's wasm/prng.wat) and JavaScript, in
// one process: the same calls with `setRandomEngine('wasm')` and `setRandomEngine('js')` in
// turns, after checking that both give the same bits. Normal and uniform draws, SmoothGrad's
// noisy batch, and the fixture models' SmoothGrad and RISE with the JS kernels (what a user of
// the library gets without the native addon, and in a browser).
//
//   node bench/kernels/random-engines.mjs [--rounds 7] [--repeat 7] [--images 8] [--write docs/benchmarks/random-draws.md]
//
// In each round every case runs `--repeat` times per engine, the engines alternating and the
// first one swapped from round to round; the table keeps each engine's median over all rounds
// and the ratio's median and range over the rounds. Needs the built packages.
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadOnnxModel } from '@xai/backend-onnx';
import { fillNormal, fillUniform, jsKernels, setRandomEngine } from '@xai/core';
import { fixtureModelPath } from '@xai/fixtures';
import { getMethod } from '@xai/methods';
import { fixtureBatch } from '../fixture-batch.mjs';
import { option } from '../options.mjs';
import { writeReport } from '../write-report.mjs';

const rounds = Number(option('--rounds', '7'));
const repeat = Number(option('--repeat', '7'));
const n = Number(option('--images', '8'));
const writeTo = option('--write', undefined);
const loadStart = loadavg();

// Every sixth fixture image, its label as the target, one thread (compare-captum.md's inputs).
const { x, target, plane } = fixtureBatch(n);
const models = {};
for (const name of ['mlp', 'cnn']) {
  models[name] = await loadOnnxModel(fixtureModelPath(name), { threads: 1 });
}

const draws = 50 * plane * n; // SmoothGrad's normals for the n images
const cases = [
  {
    name: `fillNormal, ${draws.toLocaleString('en')} values (SmoothGrad's draws)`,
    run: () => fillNormal(new Float32Array(draws), 1, 0, 1),
  },
  {
    name: `fillUniform, ${draws.toLocaleString('en')} values`,
    run: () => fillUniform(new Float32Array(draws), 1, 0, 1),
  },
  {
    name: 'SmoothGrad batch: perturb 50×784, 1×1 masks + noise',
    run: () =>
      jsKernels.perturb({
        x: { data: x.data.subarray(0, plane), shape: [1, 1, plane] },
        baseline: 0,
        masks: { data: new Float32Array(50).fill(1), shape: [50, 1, 1] },
        noise: { sigma: 0.2, seed: 1, stream: 3, offset: 0 },
      }),
  },
];
const methods = [
  ['smooth-grad', 'SmoothGrad (50 samples)', { samples: 50, noiseLevel: 0.2, inner: 'gradient' }],
  ['rise', 'RISE (500 masks)', { masks: 500, gridSize: 7, probability: 0.5, baseline: 0 }],
];
for (const model of Object.keys(models)) {
  for (const [method, label, options] of methods) {
    cases.push({
      name: `${model.toUpperCase()} ${label}, ${n} images, JS kernels`,
      run: () =>
        getMethod(method).explain(models[model], x, {
          ...options,
          target,
          seed: 1,
          kernels: jsKernels,
        }),
    });
  }
}

async function on(engine, f) {
  setRandomEngine(engine);
  try {
    return await f();
  } finally {
    setRandomEngine('auto');
  }
}

// Same outputs: every case's result, one engine against the other, bit for bit.
const bitsOf = (t) => {
  const d = t instanceof Float32Array ? t : t.data;
  return new Uint32Array(d.buffer, d.byteOffset, d.length);
};
for (const c of cases) {
  const [a, b] = [bitsOf(await on('js', c.run)), bitsOf(await on('wasm', c.run))];
  if (a.length !== b.length || !a.every((v, i) => v === b[i])) {
    throw new Error(`${c.name}: the engines differ`);
  }
}
console.error(`all ${cases.length} cases bit-identical on both engines`);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = cases.map(() => ({ js: [], wasm: [], ratios: [] }));
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? ['js', 'wasm'] : ['wasm', 'js'];
  for (const [i, c] of cases.entries()) {
    for (const engine of order) await on(engine, c.run); // warm-up
    const t = { js: [], wasm: [] };
    for (let r = 0; r < repeat; r++) {
      for (const engine of order) {
        const t0 = performance.now();
        await on(engine, c.run);
        t[engine].push(performance.now() - t0);
      }
    }
    const m = { js: median(t.js), wasm: median(t.wasm) };
    results[i].js.push(m.js);
    results[i].wasm.push(m.wasm);
    results[i].ratios.push(m.wasm / m.js);
    console.error(
      `round ${round + 1} ${c.name}: js ${m.js.toFixed(2)} ms, wasm ${m.wasm.toFixed(2)} ms`,
    );
  }
}

const loadEnd = loadavg();
const rows = cases.map((c, i) => {
  const r = results[i];
  const ratios = [...r.ratios].sort((a, b) => a - b);
  return `| ${c.name} | ${median(r.js).toFixed(2)} | ${median(r.wasm).toFixed(2)} | **${median(r.ratios).toFixed(2)}** | ${ratios[0].toFixed(2)}–${ratios.at(-1).toFixed(2)} |`;
});
writeReport(
  writeTo,
  `# Seeded draws: the WebAssembly engine against the JavaScript one

Made by \`node bench/kernels/random-engines.mjs --rounds ${rounds} --repeat ${repeat} --images ${n}\`
on ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, one ONNX Runtime
thread, load average ${loadStart[0].toFixed(1)} at the start and ${loadEnd[0].toFixed(1)} at the
end. Both engines give the same bits on every case (checked before timing). Times are the
median of each engine's per-round medians (${repeat} calls per round, the engines alternating);
"wasm / js" is the median of the rounds' ratios (below 1: WebAssembly faster) and its range.

| case | JavaScript ms | WebAssembly ms | wasm / js | range |
| --- | ---: | ---: | ---: | --- |
${rows.join('\n')}

The engine only makes the draws: Philox4x32-10 and Box–Muller as docs/rng.md specifies them
(packages/core/src/wasm/prng.wat). The WebAssembly module runs Philox on four blocks at a time
in SIMD lanes with 64-bit products, and Box–Muller two pairs at a time: its radius
√(−2 ln u1) from a 5,794-entry table of logarithms and a fifth-degree series (within 8.9e-16 of
Math.log's over all 2²⁴ values of u1, measured by the test), cos θ and sin θ from the same
tables as the JavaScript engine, and the same guard: a value within 1e-12 of a float32 rounding
boundary is recomputed with Math.log, Math.cos and Math.sin. The methods' rows include the
model calls and the JS kernels' other work, which the engine does not change.
`,
);
