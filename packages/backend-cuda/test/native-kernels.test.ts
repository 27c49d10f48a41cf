// The core conformance suite against the native CPU kernels, and the selection helpers.
// Skipped with a reason only when the addon is not built; XAI_NATIVE_REQUIRED=1 (CI) makes a
// missing addon fail instead.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { jsKernels, XaiError } from '@xai/core';
import { describeKernelConformance } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { describeNativeBackend } from '../src/native-backend.js';
import { loadNativeKernels, selectKernels } from '../src/select-kernels.js';

const workspaceAddon = fileURLToPath(
  new URL('../../../native/build/Release/xai_native.node', import.meta.url),
);
const required = process.env.XAI_NATIVE_REQUIRED === '1';
const available = existsSync(workspaceAddon) || required;
if (!available) {
  console.warn(
    `[backend-cuda] skipping the native kernel tests: the addon is not built (${workspaceAddon}); run \`pnpm --filter @xai/native build\`.`,
  );
}

/** Candidates that resolve to nothing: the addon is "missing". */
const nowhere = { candidates: [{ source: 'test', path: '/nowhere/xai_native.node' }] };

async function rejection(p: Promise<unknown>): Promise<XaiError> {
  try {
    await p;
  } catch (e) {
    if (XaiError.isInstance(e)) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

/** Float32 steps between a and b (0 for +0 and −0). */
function ulps(a: number, b: number): number {
  const f = new Float32Array([a, b]);
  const i = new Int32Array(f.buffer);
  const ord = (x: number) => (x < 0 ? -2147483648 - x : x);
  return Math.abs(ord(i[0]!) - ord(i[1]!));
}

function maxUlps(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, ulps(a[i]!, b[i]!));
  return worst;
}

describe.runIf(available)('native CPU kernels', () => {
  describeKernelConformance('native cpu', async () => {
    const { kernels, device } = await loadNativeKernels({ device: 'cpu' });
    expect(device.kind).toBe('cpu');
    return kernels;
  });

  it('describe the device they run on, and count no device copies', async () => {
    const { kernels, device, transfers } = await loadNativeKernels({ device: 'cpu' });
    expect(kernels.name).toBe('cpu');
    expect(device.description).toMatch(/^native CPU, \d+ thread\(s\)/);
    await kernels.curveAreas({ data: new Float32Array([0, 1, 2]), shape: [3] });
    expect(transfers()).toEqual({
      hostToDevice: 0,
      deviceToHost: 0,
      bytesToDevice: 0,
      bytesToHost: 0,
      reusedOnDevice: 0,
      bytesReusedOnDevice: 0,
      bytesKeptOnDevice: 0,
    });
  });

  it('agree with jsKernels on a full-size perturbation and ranking', async () => {
    const { kernels } = await loadNativeKernels({ device: 'cpu' });
    const x = await jsKernels.random({
      distribution: 'uniform',
      shape: [3, 64, 48],
      seed: 1,
      stream: 0,
    });
    const masks = await jsKernels.random({
      distribution: 'uniform',
      shape: [5, 7, 6],
      seed: 1,
      stream: 1,
    });
    const noise = { sigma: 0.1, seed: 3, stream: 4, offset: 123 };
    const args = { x, baseline: 0.25, masks, noise };
    const [a, b] = await Promise.all([kernels.perturb(args), jsKernels.perturb(args)]);
    let far = 0;
    for (let i = 0; i < a.data.length; i++) if (Math.abs(a.data[i]! - b.data[i]!) > 1e-6) far++;
    expect(far).toBe(0);
    // A long single row with ties, sorted in parallel chunks and merged.
    const values = new Float32Array(150528).map((_, i) => ((i * 7919) % 1001) - 500);
    const t = { data: values, shape: [values.length] };
    const [s1, s2] = await Promise.all([
      kernels.argsortDescending(t),
      jsKernels.argsortDescending(t),
    ]);
    expect(Buffer.from(s1.data.buffer).equals(Buffer.from(s2.data.buffer))).toBe(true);
  });
});

/** Whether the CUDA kernels can run here: a CUDA build and a usable device. */
function cudaUsable(): boolean {
  if (!available) return false;
  const d = describeNativeBackend();
  return d.cudaCompiled && d.cudaDevices > 0;
}

// On a GPU machine the same suite runs against the CUDA kernels; elsewhere it says why not.
const cuda = cudaUsable();
if (!cuda && available) {
  const d = describeNativeBackend();
  console.warn(
    `[backend-cuda] skipping the CUDA conformance suite: ${d.cudaCompiled ? `no usable device (${d.cudaError})` : 'the addon was built without CUDA'}.`,
  );
}
describe.runIf(cuda)('native CUDA kernels', () => {
  describeKernelConformance('native cuda', async () => {
    const { kernels, device } = await loadNativeKernels({ device: 'cuda' });
    expect(device.kind).toBe('cuda');
    return kernels;
  });
  describeKernelConformance('native cuda, outputs kept on the device', async () => {
    const { kernels } = await loadNativeKernels({ device: 'cuda', keepOutputsOnDevice: true });
    return kernels;
  });

  it('with outputs kept, step masks go into perturb without an upload, same bits', async () => {
    const x = await jsKernels.random({
      distribution: 'uniform',
      shape: [3, 224, 224],
      seed: 4,
      stream: 0,
    });
    const map = await jsKernels.random({
      distribution: 'uniform',
      shape: [224 * 224],
      seed: 4,
      stream: 1,
    });
    const order = await jsKernels.argsortDescending(map);
    const stepMasks = { order, steps: 50, height: 224, width: 224, mode: 'deletion' as const };
    const expected = await jsKernels.perturb({
      x,
      baseline: 0,
      masks: await jsKernels.rankMasks(stepMasks),
    });
    const maskBytes = 51 * 224 * 224 * 4;
    const uploaded: number[] = [];
    for (const keepOutputsOnDevice of [false, true]) {
      const { kernels, transfers } = await loadNativeKernels({
        device: 'cuda',
        keepOutputsOnDevice,
      });
      const masks = await kernels.rankMasks(stepMasks);
      transfers(true);
      const batch = await kernels.perturb({ x, baseline: 0, masks });
      const t = transfers();
      expect(Buffer.from(batch.data.buffer).equals(Buffer.from(expected.data.buffer))).toBe(true);
      expect(t.reusedOnDevice).toBe(keepOutputsOnDevice ? 1 : 0);
      expect(t.bytesReusedOnDevice).toBe(keepOutputsOnDevice ? maskBytes : 0);
      if (keepOutputsOnDevice) expect(t.bytesKeptOnDevice).toBeGreaterThanOrEqual(maskBytes);
      uploaded.push(t.bytesToDevice);
    }
    expect(uploaded[0]! - uploaded[1]!).toBe(maskBytes);
  });

  it('with outputs kept, a view of an output or a fresh array is uploaded as usual', async () => {
    const { kernels, transfers } = await loadNativeKernels({
      device: 'cuda',
      keepOutputsOnDevice: true,
    });
    const masks = await kernels.random({
      distribution: 'uniform',
      shape: [80, 64, 64], // 1.3 MB: outputs of 1 MiB and more can stay
      seed: 1,
      stream: 2,
    });
    const x = await jsKernels.random({
      distribution: 'uniform',
      shape: [1, 64, 64],
      seed: 1,
      stream: 3,
    });
    transfers(true);
    const view = { data: masks.data.subarray(4096), shape: [79, 64, 64] };
    const copy = { data: masks.data.slice(), shape: masks.shape };
    const [a, b] = [
      await kernels.perturb({ x, baseline: 0, masks: view }),
      await kernels.perturb({ x, baseline: 0, masks: copy }),
    ];
    expect(transfers().reusedOnDevice).toBe(0);
    const c = await kernels.perturb({ x, baseline: 0, masks });
    expect(transfers().reusedOnDevice).toBe(1);
    expect(Buffer.from(c.data.buffer).equals(Buffer.from(b.data.buffer))).toBe(true);
    expect(Buffer.from(c.data.buffer, 4096 * 4).equals(Buffer.from(a.data.buffer))).toBe(true);
  });
});

describe.runIf(available)('native CPU kernels on random shapes', () => {
  it('agree with jsKernels bit for bit (normals within 2 ulp) over 60 random cases', async () => {
    const { kernels } = await loadNativeKernels({ device: 'cpu' });
    let seed = 99;
    const rand = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 2 ** 32;
    };
    const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
    const draw = (shape: number[], stream: number, kind: 'uniform' | 'normal' = 'normal') =>
      jsKernels.random({ distribution: kind, shape, seed: 5, stream });
    for (let trial = 0; trial < 60; trial++) {
      // Small calls run inline on the main thread, large ones on the pool (worker.h): one
      // trial in six is scaled up so that both paths are compared.
      const scale = trial % 6 === 5 ? 3 : 1;
      const [C, H, W, N, h, w] = [
        int(1, 3),
        int(1, 40 * scale),
        int(1, 40 * scale),
        int(1, 5 * scale),
        int(1, 50),
        int(1, 9),
      ];
      const x = await draw([C, H, W], trial);
      const masks = await draw([N, h, w], 1000 + trial);
      const baseline = rand() < 0.5 ? int(-2, 2) * 0.3 : await draw([C, H, W], 2000 + trial);
      const noisy = rand() < 0.5;
      const noise = noisy
        ? {
            sigma: rand() < 0.5 ? 0.2 : (await draw([C * H * W], 3000 + trial, 'uniform')).data,
            seed: int(0, 2 ** 40),
            stream: int(0, 100),
            offset: int(0, 1000),
          }
        : undefined;
      const args = { x, baseline, masks, noise };
      const [a, b] = await Promise.all([kernels.perturb(args), jsKernels.perturb(args)]);
      const blendUlps = maxUlps(a.data, b.data);
      // With noise, a 1-ulp normal moves the sum by σ·ulp: compare against the tolerance.
      if (noisy) {
        let far = 0;
        for (let i = 0; i < a.data.length; i++) {
          if (Math.abs(a.data[i]! - b.data[i]!) > 1e-6 * (1 + Math.abs(b.data[i]!))) far++;
        }
        expect(far, `perturb trial ${trial}: values beyond 1e-6`).toBe(0);
      } else {
        expect(blendUlps, `perturb trial ${trial}`).toBe(0);
      }
      const up = { masks, height: H, width: W };
      const [u1, u2] = await Promise.all([kernels.upsample(up), jsKernels.upsample(up)]);
      expect(maxUlps(u1.data, u2.data), `upsample trial ${trial}`).toBe(0);

      // Ranking with ties, ±0 and infinities.
      const n = int(1, 300 * scale * scale);
      const rows = int(1, 4);
      const values = new Float32Array(rows * n).map(
        () =>
          [0, -0, 1, -1, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0.5][int(0, 6)]! *
          (rand() < 0.5 ? 1 : int(1, 3)),
      );
      const t = { data: values, shape: [rows, n] };
      const [s1, s2] = await Promise.all([
        kernels.argsortDescending(t),
        jsKernels.argsortDescending(t),
      ]);
      expect([...s1.data]).toEqual([...s2.data]);
      const k = int(1, n);
      const [k1, k2] = await Promise.all([kernels.topK(t, k), jsKernels.topK(t, k)]);
      expect([...k1.indices.data]).toEqual([...k2.indices.data]);

      // Step masks from a random permutation, with steps, pixelsPerStep or both.
      const side = int(1, 12 * scale);
      const order = (await jsKernels.argsortDescending(
        await draw([2, side * side], 4000 + trial),
      )) as {
        data: Int32Array;
        shape: number[];
      };
      const which = int(0, 2);
      const margs = {
        order,
        height: side,
        width: side,
        mode: rand() < 0.5 ? ('deletion' as const) : ('insertion' as const),
        ...(which !== 1 ? { steps: int(1, side * side) } : {}),
        ...(which !== 0 ? { pixelsPerStep: int(1, side * side) } : {}),
      };
      const [m1, m2] = await Promise.all([kernels.rankMasks(margs), jsKernels.rankMasks(margs)]);
      expect(m1.shape).toEqual(m2.shape);
      expect(maxUlps(m1.data, m2.data)).toBe(0);

      const scores = await draw([int(1, 3 * scale), int(2, 60 * scale * scale)], 5000 + trial);
      const [c1, c2] = await Promise.all([
        kernels.curveAreas(scores),
        jsKernels.curveAreas(scores),
      ]);
      expect(maxUlps(c1.auc.data, c2.auc.data)).toBe(0);
      expect(maxUlps(c1.mean.data, c2.mean.data)).toBe(0);
    }
  });
});

describe('selecting kernels', () => {
  it("'auto' falls back to jsKernels and says why when the addon is missing", async () => {
    const s = await selectKernels('auto', nowhere);
    expect(s.kind).toBe('js');
    expect(s.kernels).toBe(jsKernels);
    expect(s.description).toMatch(/JavaScript kernels .*could not be loaded/);
    expect(s.skipped.map((a) => a.kind)).toEqual(['cuda', 'cpu']);
  });

  it("'js' takes jsKernels without looking for the addon", async () => {
    expect((await selectKernels('js', nowhere)).kernels).toBe(jsKernels);
  });

  it('naming a native device without the addon rejects with BACKEND_UNAVAILABLE', async () => {
    for (const device of ['cpu', 'cuda', 'auto'] as const) {
      const e = await rejection(loadNativeKernels({ ...nowhere, device }));
      expect(e.code).toBe('BACKEND_UNAVAILABLE');
      expect(e.message).toContain('pnpm --filter @xai/native build');
    }
    expect((await rejection(selectKernels('cpu', nowhere))).code).toBe('BACKEND_UNAVAILABLE');
  });

  it('rejects an unknown choice', async () => {
    expect((await rejection(selectKernels('gpu' as 'cuda'))).code).toBe('INVALID_ARGUMENT');
    expect((await rejection(loadNativeKernels({ device: 'gpu' as 'cuda' }))).code).toBe(
      'INVALID_ARGUMENT',
    );
  });

  it.runIf(available)(
    "'auto' takes CUDA when a device is usable, else the CPU, and says which",
    async () => {
      const d = describeNativeBackend();
      const s = await selectKernels('auto');
      const cuda = d.cudaCompiled && d.cudaDevices > 0;
      expect(s.kind).toBe(cuda ? 'cuda' : 'cpu');
      if (!cuda) {
        expect(s.description).toMatch(/CUDA skipped: /);
        expect(s.skipped[0]?.kind).toBe('cuda');
      }
    },
  );

  it.runIf(available)(
    "'cuda' without a usable device rejects with BACKEND_UNAVAILABLE and what to do",
    async () => {
      const d = describeNativeBackend();
      if (d.cudaCompiled && d.cudaDevices > 0) return; // a GPU machine: covered by the CUDA tests
      const e = await rejection(loadNativeKernels({ device: 'cuda' }));
      expect(e.code).toBe('BACKEND_UNAVAILABLE');
      expect(e.message).toMatch(/The CUDA kernels cannot run: /);
      expect(e.message).toMatch(/Possible solutions:/);
      expect((await rejection(selectKernels('cuda'))).code).toBe('BACKEND_UNAVAILABLE');
    },
  );
});
