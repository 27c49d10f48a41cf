// The seeded fills on their two engines, WebAssembly (core's wasm/prng.wat) and JavaScript, in
// one process: the same calls with `setRandomEngine('wasm')` and `setRandomEngine('js')` in
// turns, after checking that both give the same bits. Normal and uniform draws, SmoothGrad's
// noisy batch, and the fixture models' SmoothGrad and RISE with the JS kernels (what a user of
// the library gets without the native addon, and in a browser).
//
//   node bench/kernels/random-engines.mjs [--rounds 7] [--repeat 7] [--images 8] [--write docs/benchmarks/random-draws.md]
//
// The rounds and the bit check: engine-rounds.mjs. Needs the built packages.
import { loadavg } from 'node:os';
import { fillNormal, fillUniform, jsKernels, setRandomEngine } from '@xai/core';
import { writeReport } from '../write-report.mjs';
import { compareEngines, engineBenchSetup, engineTable, methodCases } from './engine-rounds.mjs';

const { rounds, repeat, n, writeTo, loadStart, x, target, plane } = engineBenchSetup();

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
cases.push(...(await methodCases(methods, { x, target })));

const rows = await compareEngines({ cases, setEngine: setRandomEngine, rounds, repeat });
writeReport(
  writeTo,
  `# Seeded draws: the WebAssembly engine against the JavaScript one

${engineTable({ script: 'random-engines.mjs', rounds, repeat, n, loadStart, loadEnd: loadavg(), rows })}

The engine only makes the draws: Philox4x32-10 and Box–Muller as docs/rng.md specifies them
(packages/core/src/wasm/prng.wat). The WebAssembly module runs Philox on eight blocks at a time
(two groups of four SIMD lanes) with 64-bit products, and Box–Muller two pairs at a time: its radius
√(−2 ln u1) from a 5,794-entry table of logarithms and a fifth-degree series (within 8.9e-16 of
Math.log's over all 2²⁴ values of u1, measured by the test), cos θ and sin θ from the same
tables as the JavaScript engine, and the same guard: a value within 1e-12 of a float32 rounding
boundary is recomputed with Math.log, Math.cos and Math.sin. The methods' rows include the
model calls and the JS kernels' other work, which the engine does not change.
`,
);
