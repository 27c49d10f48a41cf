// The JS kernels' perturb and upsample, and core's weighted mask sums, on their two engines, WebAssembly (core's
// wasm/blend.wat) and JavaScript, in one process: the same calls with `setBlendEngine('wasm')`
// and `setBlendEngine('js')` in turns, after checking that both give the same bits. The
// kernels on the fixtures' batches (RISE's, occlusion's, SmoothGrad's) and on a 224×224 image,
// and the fixture models' RISE, occlusion and SmoothGrad with the JS kernels (what a user of
// the library gets without the native addon, and in a browser).
//
//   node bench/kernels/blend-engines.mjs [--rounds 7] [--repeat 7] [--images 8] [--write docs/benchmarks/blend-loops.md]
//
// The rounds and the bit check: engine-rounds.mjs. Needs the built packages.
import { loadavg } from 'node:os';
import { addWeightedMaskSets, fillUniform, jsKernels, setBlendEngine } from '@xai/core';
import { writeReport } from '../write-report.mjs';
import { compareEngines, engineBenchSetup, engineTable, methodCases } from './engine-rounds.mjs';

const { rounds, repeat, n, writeTo, loadStart, x, target, plane } = engineBenchSetup();
const image = { data: x.data.subarray(0, plane), shape: [1, 28, 28] };
const uniform = (count, seed) => fillUniform(new Float32Array(count), seed, 0);
const cells = (count, seed) => uniform(count, seed).map((u) => (u < 0.5 ? 1 : 0));
const photo = { data: uniform(3 * 224 * 224, 3), shape: [3, 224, 224] };

// Inputs made once, so each case times the kernel alone.
const grids = { data: cells(500 * 49, 1), shape: [500, 7, 7] };
const riseMasks = { data: uniform(500 * plane, 2), shape: [500, 28, 28] };
const bigGrids = { data: cells(32 * 49, 5), shape: [32, 7, 7] };
const photoMasks = { data: uniform(32 * 224 * 224, 6), shape: [32, 224, 224] };
const ones = { data: new Float32Array(50).fill(1), shape: [50, 1, 1] };
const scores = Array.from({ length: 8 }, (_, b) => Float64Array.from(uniform(500, 10 + b)));
const cases = [
  {
    name: "upsample 500 RISE grids 7×7 to 32×32 (RISE's masks on the fixtures)",
    run: () => jsKernels.upsample({ masks: grids, height: 32, width: 32 }),
  },
  {
    name: 'perturb 500 full-size masks, baseline 0 (RISE on one 28×28 image)',
    run: () => jsKernels.perturb({ x: image, baseline: 0, masks: riseMasks }),
  },
  {
    name: 'perturb 500 masks 7×7, upsampled in the call',
    run: () => jsKernels.perturb({ x: image, baseline: 0, masks: grids }),
  },
  {
    name: "score-weighted sums of 500 masks 28×28 for 8 images (RISE's saliency)",
    run: () => {
      const sum = new Float64Array(8 * plane);
      addWeightedMaskSets(sum, scores, riseMasks.data, plane);
      return new Float32Array(sum.buffer); // its bits, for the engines' check
    },
  },
  {
    name: "perturb 50 rows, 1×1 masks + noise (SmoothGrad's batch)",
    run: () =>
      jsKernels.perturb({
        x: image,
        baseline: image,
        masks: ones,
        noise: { sigma: 0.2, seed: 1, stream: 3, offset: 0 },
      }),
  },
  {
    name: 'upsample 32 RISE grids 7×7 to 256×256 (RISE on 224×224)',
    run: () => jsKernels.upsample({ masks: bigGrids, height: 256, width: 256 }),
  },
  {
    name: 'perturb 32 full-size masks on a 3×224×224 image',
    run: () => jsKernels.perturb({ x: photo, baseline: 0, masks: photoMasks }),
  },
];
const methods = [
  ['rise', 'RISE (500 masks)', { masks: 500, gridSize: 7, probability: 0.5, baseline: 0 }],
  ['occlusion', 'occlusion (4×4, stride 2)', { window: 4, stride: 2, score: 'probability' }],
  ['smooth-grad', 'SmoothGrad (50 samples)', { samples: 50, noiseLevel: 0.2, inner: 'gradient' }],
];
cases.push(...(await methodCases(methods, { x, target })));

const rows = await compareEngines({ cases, setEngine: setBlendEngine, rounds, repeat });
writeReport(
  writeTo,
  `# Perturbation batches and mask upsampling: the WebAssembly loops against the JavaScript ones

${engineTable({ script: 'blend-engines.mjs', rounds, repeat, n, loadStart, loadEnd: loadavg(), rows })}

The engine runs the JS kernels' \`perturb\` blend, out = b + m·(x − b) (+ σ·z), and
\`upsample\`'s two bilinear passes, four values a step in SIMD lanes, and core's
\`addWeightedMaskSets\` (RISE's score-weighted sums of its masks, two float64 lanes a step,
the masks copied in once for all images) (packages/core/src/wasm/blend.wat): the same float64
operations in the same order as the JavaScript, rounded once to float32 where the output is
float32, so the same bits (docs/kernels.md, section 1). Rows pass through the module's
memory a slab of at most 8 MiB at a time, copied in and out; full-size masks are scanned there
for NaN, infinities and −0 in the pass that copies them. \`setBlendEngine('js')\` keeps the
loops in JavaScript; without WebAssembly SIMD they stay there. The methods' rows include the
model calls and the kernels' other work (the seeded draws run on WebAssembly on both sides).
`,
);
