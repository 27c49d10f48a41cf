// The addon's CUDA kernels against its CPU kernels, through the binding (argument
// conversion, the worker thread, output buffers and the residency of kept outputs), on
// seeded random shapes: uniforms, blends, ranking, masks and curves bit-identical, normals
// within 2 ulp. Needs a GPU: skipped without one, unless XAI_EXPECT_CUDA_DEVICES=1.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const addonPath = fileURLToPath(new URL('../build/Release/xai_native.node', import.meta.url));
const expectGpu = Number(process.env.XAI_EXPECT_CUDA_DEVICES ?? 0) > 0;
const addon = existsSync(addonPath) ? createRequire(import.meta.url)(addonPath) : undefined;
const d = addon?.describe();
const usable = d?.cudaCompiled === true && d.cudaDevices > 0;
const skip =
  !usable &&
  !expectGpu &&
  `no usable CUDA device (${d === undefined ? 'addon not built' : (d.cudaError ?? 'not compiled')})`;

/** A small deterministic generator for shapes (the values come from the addon's random). */
function shapes(seed) {
  let s = seed >>> 0;
  return (lo, hi) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return lo + (s % (hi - lo + 1));
  };
}

const bits = (a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
function ulps(a, b) {
  const ia = new Int32Array(a.buffer, a.byteOffset, a.length);
  const ib = new Int32Array(b.buffer, b.byteOffset, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const x = ia[i] < 0 ? 0x80000000 - ia[i] : ia[i];
    const y = ib[i] < 0 ? 0x80000000 - ib[i] : ib[i];
    worst = Math.max(worst, Math.abs(x - y));
  }
  return worst;
}

test('the addon sees the GPU', { skip: !expectGpu && skip }, () => {
  assert.ok(usable, `expected a usable CUDA device: ${JSON.stringify(d)}`);
});

test('every kernel on CUDA equals the CPU kernel on 30 random shapes', { skip }, async () => {
  const a = addon;
  const next = shapes(2026);
  for (let trial = 0; trial < 30; trial++) {
    const C = next(1, 3);
    const H = next(1, 64);
    const W = next(1, 64);
    const N = next(1, 9);
    const h = next(1, H);
    const w = next(1, W);
    const size = C * H * W;
    const x = await a.random('uniform', size, trial, 0, 0, 'cpu');
    const masks = await a.random('uniform', N * h * w, trial, 1, 0, 'cpu');
    for (const dist of ['uniform', 'normal']) {
      const n = next(1, 5000);
      const offset = next(0, 7);
      const [c, g] = await Promise.all([
        a.random(dist, n, trial, 3, offset, 'cpu'),
        a.random(dist, n, trial, 3, offset, 'cuda'),
      ]);
      assert.ok(ulps(c, g) <= (dist === 'normal' ? 2 : 0), `random ${dist}, trial ${trial}`);
    }
    const up = [masks, N, h, w, H, W];
    assert.ok(
      bits(await a.upsample(...up, 'cpu')).equals(bits(await a.upsample(...up, 'cuda'))),
      `upsample, trial ${trial}`,
    );
    const baseline = trial % 2 === 0 ? 0.25 : await a.random('uniform', size, trial, 4, 0, 'cpu');
    const plain = [x, C, H, W, baseline, masks, N, h, w, undefined];
    assert.ok(
      bits(await a.perturb(...plain, 'cpu')).equals(bits(await a.perturb(...plain, 'cuda'))),
      `perturb, trial ${trial}`,
    );
    const sigma = trial % 3 === 0 ? 0.15 : await a.random('uniform', size, trial, 5, 0, 'cpu');
    const noisy = [
      x,
      C,
      H,
      W,
      baseline,
      masks,
      N,
      h,
      w,
      { sigma, seed: trial, stream: 6, offset: 3 },
    ];
    assert.ok(
      ulps(await a.perturb(...noisy, 'cpu'), await a.perturb(...noisy, 'cuda')) <= 2,
      `perturb with noise, trial ${trial}`,
    );
    const rows = next(1, 4);
    const n = next(2, 3000);
    const values = await a.random('normal', rows * n, trial, 7, 0, 'cpu');
    // Ties and signed zeros, broken by index.
    for (let i = 0; i < values.length; i += 5) values[i] = Math.round(values[i] * 4) / 4;
    values[0] = -0;
    const keep = next(1, n);
    const order = await a.argsort(values, rows, n, n, 'cpu');
    assert.deepEqual(await a.argsort(values, rows, n, n, 'cuda'), order, `argsort, trial ${trial}`);
    assert.deepEqual(
      await a.argsort(values, rows, n, keep, 'cuda'),
      await a.argsort(values, rows, n, keep, 'cpu'),
      `argsort top ${keep}, trial ${trial}`,
    );
    const steps = next(1, 40);
    const perStep = Math.ceil(n / steps);
    const first = next(0, steps);
    const count = next(1, steps + 1 - first);
    for (const deletion of [false, true]) {
      const args = [order, rows, n, steps, perStep, first, count, deletion];
      assert.ok(
        bits(await a.rankMasks(...args, 'cpu')).equals(bits(await a.rankMasks(...args, 'cuda'))),
        `rankMasks, trial ${trial}`,
      );
    }
    const curves = await a.random('uniform', rows * (steps + 1), trial, 8, 0, 'cpu');
    const cpu = await a.curveAreas(curves, rows, steps + 1, 'cpu');
    const gpu = await a.curveAreas(curves, rows, steps + 1, 'cuda');
    assert.ok(bits(cpu.auc).equals(bits(gpu.auc)) && bits(cpu.mean).equals(bits(gpu.mean)));
    const B = next(1, 5);
    const K = next(1, 1000);
    const p = await a.random('uniform', B * K, trial, 9, 0, 'cpu');
    const u = await a.random('normal', B * K, trial, 10, 0, 'cpu');
    assert.ok(
      bits(await a.softmaxHvp(p, u, B, K, 'cpu')).equals(
        bits(await a.softmaxHvp(p, u, B, K, 'cuda')),
      ),
    );
    assert.ok(
      bits(await a.centralDifference(p, u, 1e-3, 'cpu')).equals(
        bits(await a.centralDifference(p, u, 1e-3, 'cuda')),
      ),
    );
  }
});

test("with 'cuda-keep', step masks go into perturb without an upload, same bits", {
  skip,
}, async () => {
  const a = addon;
  const n = 224 * 224;
  const x = await a.random('uniform', 3 * n, 1, 0, 0, 'cpu');
  const map = await a.random('uniform', n, 1, 1, 0, 'cpu');
  const order = await a.argsort(map, 1, n, n, 'cpu');
  const masksCpu = await a.rankMasks(order, 1, n, 50, 1004, 0, 51, true, 'cpu');
  const expected = await a.perturb(x, 3, 224, 224, 0, masksCpu, 51, 224, 224, undefined, 'cpu');
  const maskBytes = 51 * n * 4;
  const uploaded = [];
  for (const device of ['cuda', 'cuda-keep']) {
    const masks = await a.rankMasks(order, 1, n, 50, 1004, 0, 51, true, device);
    const before = a.cudaTransfers();
    const batch = await a.perturb(x, 3, 224, 224, 0, masks, 51, 224, 224, undefined, device);
    const after = a.cudaTransfers();
    assert.ok(bits(batch).equals(bits(expected)), device);
    assert.equal(after.reusedOnDevice - before.reusedOnDevice, device === 'cuda-keep' ? 1 : 0);
    uploaded.push(after.bytesToDevice - before.bytesToDevice);
  }
  assert.equal(uploaded[0] - uploaded[1], maskBytes);
});
