// The JS kernels before and after their rewrite for speed (same values, bit for bit), in one
// run: normal and uniform draws per second, the perturbation batches RISE, occlusion and
// SmoothGrad build, and the three MLP calls of docs/benchmarks/compare-captum.md with each set
// of kernels, with where their time goes (kernels, model, the rest).
//
//   node bench/kernels/js-normal.mjs [--rounds 5] [--repeat 5] [--images 8] [--write docs/benchmarks/js-kernels.md]
//
// The old kernels are bench/kernels/js-kernels-before.mjs (the code of commit 199fd4d) behind
// the library's own argument checks, so both sides pay the same checks. In each round every
// case runs `--repeat` times per side, the sides alternating and the first side swapped from
// round to round; the table keeps each side's median over all rounds, and the ratio's median
// and range over the rounds. Needs the built packages.
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadOnnxModel } from '@xai/backend-onnx';
import {
  checkPerturbArgs,
  checkRandomArgs,
  checkUpsampleArgs,
  fillNormal,
  fillUniform,
  jsKernels,
} from '@xai/core';
import { fixtureModelPath } from '@xai/fixtures';
import { getMethod } from '@xai/methods';
import { fixtureBatch } from '../fixture-batch.mjs';
import { option } from '../options.mjs';
import { writeReport } from '../write-report.mjs';
import { before } from './js-kernels-before.mjs';

const rounds = Number(option('--rounds', '5'));
const repeat = Number(option('--repeat', '5'));
const n = Number(option('--images', '8'));
const writeTo = option('--write', undefined);
const loadStart = loadavg();

const oldKernels = {
  ...jsKernels,
  name: 'js-before',
  async random(a) {
    checkRandomArgs(a);
    return before.random(a);
  },
  async upsample(a) {
    checkUpsampleArgs(a);
    return before.upsample(a);
  },
  async perturb(a) {
    checkPerturbArgs(a);
    return before.perturb(a);
  },
};

// The comparison's inputs: every sixth fixture image, its label as the target, one thread.
const { x, target, C, H, W, plane } = fixtureBatch(n);
const model = await loadOnnxModel(fixtureModelPath('mlp'), { threads: 1 });
const sample = { data: x.data.subarray(0, plane), shape: [C, H, W] };

// The batches the three methods build for one image, as they call the kernels.
const riseGrid = { data: fillUniform(new Float32Array(500 * 49), 1, 0), shape: [500, 7, 7] };
riseGrid.data.forEach((u, i) => {
  riseGrid.data[i] = u < 0.5 ? 1 : 0;
});
const riseMasks = { data: new Float32Array(500 * H * W), shape: [500, H, W] };
const up = await jsKernels.upsample({ masks: riseGrid, height: 32, width: 32 });
for (let i = 0; i < 500; i++)
  for (let y = 0; y < H; y++)
    riseMasks.data.set(up.data.subarray(i * 1024 + y * 32, i * 1024 + y * 32 + W), (i * H + y) * W);
const windows = [];
for (let top = 0; top + 4 <= H; top += 2)
  for (let left = 0; left + 4 <= W; left += 2) windows.push([top, left]);
const occlusionMasks = {
  data: new Float32Array(windows.length * H * W).fill(1),
  shape: [windows.length, H, W],
};
windows.forEach(([top, left], i) => {
  for (let y = top; y < top + 4; y++)
    occlusionMasks.data.fill(0, (i * H + y) * W + left, (i * H + y) * W + left + 4);
});
const smoothAlphas = { data: new Float32Array(50).fill(1), shape: [50, 1, 1] };
const flat = { data: sample.data, shape: [1, 1, plane] };

const draws = 50 * plane * n; // SmoothGrad's normals for the n images
const cases = [
  {
    name: `fillNormal, ${draws.toLocaleString('en')} values (SmoothGrad's draws)`,
    values: draws,
    run: (side) =>
      (side === 'old' ? before.fillNormal : fillNormal)(new Float32Array(draws), 1, 0, 1),
  },
  {
    name: `fillUniform, ${draws.toLocaleString('en')} values`,
    values: draws,
    run: (side) =>
      (side === 'old' ? before.fillUniform : fillUniform)(new Float32Array(draws), 1, 0, 1),
  },
  {
    name: 'SmoothGrad batch: perturb 50×784, 1×1 masks + noise',
    values: 50 * plane,
    run: (side) =>
      kernelsOf(side).perturb({
        x: flat,
        baseline: 0,
        masks: smoothAlphas,
        noise: { sigma: 0.2, seed: 1, stream: 3, offset: 0 },
      }),
  },
  {
    name: 'RISE masks: 500 7×7 grids upsampled to 32×32',
    values: 500 * 1024,
    run: (side) => kernelsOf(side).upsample({ masks: riseGrid, height: 32, width: 32 }),
  },
  {
    name: 'RISE batch: perturb 500×784, full-size masks',
    values: 500 * plane,
    run: (side) => kernelsOf(side).perturb({ x: sample, baseline: 0, masks: riseMasks }),
  },
  {
    name: `occlusion batch: perturb ${windows.length}×784, full-size masks`,
    values: windows.length * plane,
    run: (side) => kernelsOf(side).perturb({ x: sample, baseline: 0, masks: occlusionMasks }),
  },
];
const methods = [
  ['smooth-grad', { samples: 50, noiseLevel: 0.2, inner: 'gradient' }],
  ['rise', { masks: 500, gridSize: 7, probability: 0.5, baseline: 0, score: 'probability' }],
  ['occlusion', { window: 4, stride: 2, baseline: 0, score: 'probability' }],
];
for (const [method, options] of methods) {
  cases.push({
    name: `MLP ${method}, ${n} images`,
    method,
    run: (side, k = kernelsOf(side), m = model) =>
      getMethod(method).explain(m, x, { ...options, target, seed: 1, kernels: k }),
  });
}

function kernelsOf(side) {
  return side === 'old' ? oldKernels : jsKernels;
}

// Same outputs: every case's result, old against new, bit for bit.
const bitsOf = (t) => {
  const d = t instanceof Float32Array ? t : t.data;
  return new Uint32Array(d.buffer, d.byteOffset, d.length);
};
for (const c of cases) {
  const [a, b] = [bitsOf(await c.run('old')), bitsOf(await c.run('new'))];
  const same = a.length === b.length && a.every((v, i) => v === b[i]);
  if (!same) throw new Error(`${c.name}: the old and new kernels differ`);
}
console.log(`all ${cases.length} cases bit-identical between the old and new kernels`);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function time(f) {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

const results = cases.map(() => ({
  old: [],
  new: [],
  ratios: [],
  fastest: { old: Infinity, new: Infinity },
}));
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? ['old', 'new'] : ['new', 'old'];
  for (const [i, c] of cases.entries()) {
    for (const side of order) await c.run(side); // warm-up
    const t = { old: [], new: [] };
    for (let r = 0; r < repeat; r++)
      for (const side of order) t[side].push(await time(() => c.run(side)));
    const m = { old: median(t.old), new: median(t.new) };
    for (const side of order)
      results[i].fastest[side] = Math.min(results[i].fastest[side], ...t[side]);
    results[i].old.push(m.old);
    results[i].new.push(m.new);
    results[i].ratios.push(m.new / m.old);
    console.log(
      `round ${round + 1} ${c.name}: old ${m.old.toFixed(2)} ms, new ${m.new.toFixed(2)} ms, ${(m.new / m.old).toFixed(2)}`,
    );
  }
}

// Where the MLP calls' time goes: time inside the kernels, inside the model, and the rest.
function meteredKernels(k, spent) {
  const out = { ...k };
  for (const name of ['random', 'upsample', 'perturb']) {
    out[name] = async (a) => {
      const t0 = performance.now();
      const r = await k[name](a);
      spent[name] = (spent[name] ?? 0) + performance.now() - t0;
      return r;
    };
  }
  return out;
}
function meteredModel(m, spent) {
  return new Proxy(m, {
    get(target, prop) {
      const v = Reflect.get(target, prop);
      if (typeof v !== 'function') return v;
      return (...args) => {
        const t0 = performance.now();
        const r = v.apply(target, args);
        if (!(r instanceof Promise)) return r;
        return r.then((value) => {
          spent.model = (spent.model ?? 0) + performance.now() - t0;
          return value;
        });
      };
    },
  });
}
const profiles = [];
for (const c of cases.filter((c) => c.method)) {
  const parts = { old: [], new: [] };
  for (let r = 0; r < repeat + 1; r++) {
    for (const side of r % 2 === 0 ? ['old', 'new'] : ['new', 'old']) {
      const spent = {};
      const total = await time(() =>
        c.run(side, meteredKernels(kernelsOf(side), spent), meteredModel(model, spent)),
      );
      const inside = (spent.random ?? 0) + (spent.upsample ?? 0) + (spent.perturb ?? 0);
      if (r > 0) parts[side].push({ total, ...spent, rest: total - inside - (spent.model ?? 0) });
    }
  }
  for (const side of ['old', 'new']) {
    const mid = {};
    for (const key of ['total', 'random', 'upsample', 'perturb', 'model', 'rest'])
      mid[key] = median(parts[side].map((p) => p[key] ?? 0));
    profiles.push({ name: c.method, side, ...mid });
  }
}
await model.dispose();
const loadEnd = loadavg();

const fmt = (v) => v.toFixed(1);
const rate = (c, ms) => (c.values ? `${(((c.values / ms) * 1e3) / 1e6).toFixed(1)} M/s` : '');
const rows = cases.map((c, i) => {
  const r = results[i];
  const [o, nw, ratio] = [median(r.old), median(r.new), median(r.ratios)];
  const lo = Math.min(...r.ratios);
  const hi = Math.max(...r.ratios);
  const speeds = c.values ? ` (${rate(c, o)} → ${rate(c, nw)})` : '';
  const f = r.fastest;
  return `| ${c.name}${speeds} | ${o.toFixed(2)} | ${nw.toFixed(2)} | **${ratio.toFixed(2)}** | ${lo.toFixed(2)}–${hi.toFixed(2)} | ${f.old.toFixed(2)} | ${f.new.toFixed(2)} | ${(f.new / f.old).toFixed(2)} |`;
});
const profileRows = profiles.map((p) => {
  return `| ${p.name} | ${p.side} | ${fmt(p.total)} | ${fmt(p.random)} | ${fmt(p.upsample)} | ${fmt(p.perturb)} | ${fmt(p.model)} | ${fmt(p.rest)} |`;
});
const load = (l) => l.map((v) => v.toFixed(1)).join(' / ');
const report = `# JS kernels: before and after the rewrite for speed

Made by \`node bench/kernels/js-normal.mjs --rounds ${rounds} --repeat ${repeat} --images ${n}\` on
${cpus()[0]?.model ?? 'an unknown CPU'} (${cpus().length} logical CPUs, shared), Node ${process.version};
load average ${load(loadStart)} at the start and ${load(loadEnd)} at the end (1 / 5 / 15 min).

"Old" is the JS kernels of commit 199fd4d (\`bench/kernels/js-kernels-before.mjs\`), "new" the
library's; both behind the same argument checks. Every case's output was checked bit for bit,
old against new, before timing. In each of ${rounds} rounds each case ran ${repeat} times per side
after a warm-up, the sides alternating and the first side swapped every round. Times are each
side's median over the rounds; the ratio is new / old, its median and range over the rounds.
On a loaded machine the fastest of all ${rounds * repeat} calls per side is the closest to the
time without contention; the last three columns compare those.
The MLP calls are those of \`docs/benchmarks/compare-captum.md\` (the fixture MLP, one thread,
${n} images, every sixth fixture image with its label as the target, seed 1); only the kernels
differ between the sides.

| case | old (ms) | new (ms) | new / old | over rounds | fastest old (ms) | fastest new (ms) | fastest new / old |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}

## Where the MLP calls' time goes

Medians of ${repeat} calls per side (alternating), each column on its own, in milliseconds: inside each kernel, inside
the model (forward and gradient passes, ONNX Runtime), and the rest (the method's own loops,
copies, targets, memory planning: each call's total less its parts).

| method | kernels | total | random | upsample | perturb | model | rest |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |
${profileRows.join('\n')}
`;
writeReport(writeTo, report);
