import type { Model, Tensor } from '@xai/core';
import { jsKernels } from '@xai/core';
import { describe, expect, it } from 'vitest';
import { gradCam, minMaxPerMap } from './grad-cam.js';
import { guidedGradCam } from './guided-grad-cam.js';

/**
 * A one-layer model in closed form: `A_k = relu(c_k * pool(x))` (a 1x1 convolution of the
 * image average-pooled by `pool`), global average pooling, logits `V gap(A)`. Its layer
 * gradient is `V[t, k] / (h w)` at every position, so Grad-CAM is
 * `relu(sum_k V[t, k] A_k) / (h w)`.
 */
const c = [1, -1, 0.5];
const V = [
  [0.7, 0.2, -1.1],
  [-0.4, 0.9, 0.3],
];

function oneLayerModel(H: number, W: number, pool: number): Model {
  const h = H / pool;
  const w = W / pool;
  const act = (x: Tensor) => {
    const B = x.shape[0]!;
    const a = new Float32Array(B * 3 * h * w);
    for (let b = 0; b < B; b++)
      for (let i = 0; i < h; i++)
        for (let j = 0; j < w; j++) {
          let s = 0;
          for (let di = 0; di < pool; di++)
            for (let dj = 0; dj < pool; dj++)
              s += x.data[b * H * W + (i * pool + di) * W + j * pool + dj]!;
          s /= pool * pool;
          for (let k = 0; k < 3; k++) a[((b * 3 + k) * h + i) * w + j] = Math.max(0, c[k]! * s);
        }
    return { data: a, shape: [B, 3, h, w] };
  };
  const logits = (a: Tensor) => {
    const B = a.shape[0]!;
    const out = new Float32Array(B * 2);
    for (let b = 0; b < B; b++)
      for (let k = 0; k < 3; k++) {
        let m = 0;
        for (let p = 0; p < h * w; p++) m += a.data[(b * 3 + k) * h * w + p]!;
        for (let t = 0; t < 2; t++) out[b * 2 + t]! += (V[t]![k]! * m) / (h * w);
      }
    return { data: out, shape: [B, 2] };
  };
  const unused = () => Promise.reject(new Error('not used'));
  return {
    inputShape: [1, H, W],
    numClasses: 2,
    lastConvLayer: 'act',
    forward: async (x) => logits(act(x)),
    vjp: unused,
    jvp: unused,
    async layerVjp(x, u, layer) {
      expect(layer).toBe('act');
      const a = act(x);
      const B = x.shape[0]!;
      const g = new Float32Array(a.data.length);
      for (let b = 0; b < B; b++)
        for (let k = 0; k < 3; k++)
          for (let p = 0; p < h * w; p++) {
            let s = 0;
            for (let t = 0; t < 2; t++) s += u.data[b * 2 + t]! * V[t]![k]!;
            g[(b * 3 + k) * h * w + p] = s / (h * w);
          }
      return { logits: logits(a), activation: a, grad: { data: g, shape: a.shape } };
    },
  };
}

const x: Tensor = {
  data: Float32Array.from({ length: 3 * 16 }, (_, i) => Math.sin(1.7 * i + 0.3)),
  shape: [3, 1, 4, 4],
};

/** The closed form at the layer: relu(sum_k V[t,k] A_k) / (h w), per sample and position. */
function closedForm(model: Model, t: readonly number[], relu = true): Promise<Float64Array> {
  return model.layerVjp!(x, { data: new Float32Array(6), shape: [3, 2] }, 'act').then(
    ({ activation: a }) => {
      const [B, , h, w] = a.shape as [number, number, number, number];
      const out = new Float64Array(B * h * w);
      for (let b = 0; b < B; b++)
        for (let p = 0; p < h * w; p++) {
          let s = 0;
          for (let k = 0; k < 3; k++) s += V[t[b]!]![k]! * a.data[(b * 3 + k) * h * w + p]!;
          out[b * h * w + p] = (relu ? Math.max(0, s) : s) / (h * w);
        }
      return out;
    },
  );
}

describe('grad-cam', () => {
  it('is relu(sum_k V[t, k] A_k) / hw on conv + GAP + linear, at full resolution', async () => {
    const model = oneLayerModel(4, 4, 1);
    const targets = [0, 1, 1];
    const cam = await gradCam.explain(model, x, { target: targets });
    const want = await closedForm(model, targets);
    expect(cam.shape).toEqual(x.shape);
    for (let i = 0; i < want.length; i++) expect(cam.data[i]).toBeCloseTo(want[i]!, 6);
    expect(want.some((v) => v === 0) && want.some((v) => v > 0)).toBe(true);
    const signed = await gradCam.explain(model, x, { target: targets, relu: false });
    const wantSigned = await closedForm(model, targets, false);
    for (let i = 0; i < want.length; i++) expect(signed.data[i]).toBeCloseTo(wantSigned[i]!, 6);
    expect(wantSigned.some((v) => v < 0)).toBe(true);
  });

  it('upsamples a coarser layer bilinearly with half-pixel centres', async () => {
    const model = oneLayerModel(4, 4, 2);
    const targets = [1, 0, 0];
    const cam = await gradCam.explain(model, x, { target: targets, maxBatchSize: 2 });
    const coarse = await closedForm(model, targets);
    // 2 -> 4 along each axis: source rows -0.25, 0.25, 0.75, 1.25, clamped, interpolated.
    const taps = [
      [0, 0, 1],
      [0, 1, 0.25],
      [0, 1, 0.75],
      [1, 1, 0],
    ] as const;
    for (let b = 0; b < 3; b++)
      for (let i = 0; i < 4; i++)
        for (let j = 0; j < 4; j++) {
          const [i0, i1, fi] = taps[i]!;
          const [j0, j1, fj] = taps[j]!;
          const at = (r: number, s: number) => coarse[b * 4 + r * 2 + s]!;
          const want =
            (1 - fi) * ((1 - fj) * at(i0, j0) + fj * at(i0, j1)) +
            fi * ((1 - fj) * at(i1, j0) + fj * at(i1, j1));
          expect(cam.data[b * 16 + i * 4 + j]).toBeCloseTo(want, 6);
        }
  });

  it('explains the predicted class, reports progress, and needs layerVjp and a layer', async () => {
    const model = oneLayerModel(4, 4, 1);
    const logits = await model.forward(x);
    const predicted = [0, 1, 2].map((b) =>
      logits.data[b * 2]! >= logits.data[b * 2 + 1]! ? 0 : 1,
    );
    const events: number[] = [];
    const cam = await gradCam.explain(model, x, {
      target: 'predicted',
      maxBatchSize: 1,
      onProgress: (e) => events.push(e.done),
    });
    expect(events).toEqual([1, 2, 3]);
    const want = await closedForm(model, predicted);
    for (let i = 0; i < want.length; i++) expect(cam.data[i]).toBeCloseTo(want[i]!, 6);
    const { layerVjp: _, ...noLayer } = model;
    await expect(gradCam.explain(noLayer, x, { target: 0 })).rejects.toMatchObject({
      code: 'NOT_SUPPORTED',
    });
    const { lastConvLayer: __, ...noDefault } = model;
    await expect(gradCam.explain(noDefault, x, { target: 0 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    const controller = new AbortController();
    controller.abort();
    await expect(
      gradCam.explain(model, x, { target: 0, signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'ABORTED' });
  });
});

describe("grad-cam's min-max normalisation (preset 'reference-code')", () => {
  it('is (v - min) / (1e-7 + max - min) per map, and keeps a flat map at 0', () => {
    const maps: Tensor = { data: Float32Array.from([2, 3, 5, 3, 4, 4, 4, 4]), shape: [2, 2, 2] };
    minMaxPerMap(maps);
    const want = [0, 1 / (3 + 1e-7), 3 / (3 + 1e-7), 1 / (3 + 1e-7), 0, 0, 0, 0];
    for (let i = 0; i < 8; i++) expect(maps.data[i]).toBeCloseTo(want[i]!, 7);
  });

  it('scales again after the upsampling, which does not keep the maximum', async () => {
    // A peak in the middle of 3x3 upsampled 4x: no output pixel centre falls on it.
    const peak: Tensor = { data: Float32Array.from([0, 0, 0, 0, 1, 0, 0, 0, 0]), shape: [1, 3, 3] };
    const up = await jsKernels.upsample({ masks: peak, height: 12, width: 12 });
    expect(Math.max(...up.data)).toBeLessThan(0.9);
    // On the closed-form model at 2x: the paper's map, shifted and scaled by its own range.
    const model = oneLayerModel(4, 4, 2);
    const targets = [1, 0, 0];
    const paper = await gradCam.explain(model, x, { target: targets });
    const ref = await gradCam.explain(model, x, { target: targets, preset: 'reference-code' });
    for (let b = 0; b < 3; b++) {
      const m = paper.data.subarray(b * 16, (b + 1) * 16);
      const lo = Math.min(...m);
      const hi = Math.max(...m);
      expect(hi - lo).toBeGreaterThan(0);
      for (let p = 0; p < 16; p++)
        expect(ref.data[b * 16 + p]).toBeCloseTo((m[p]! - lo) / (hi - lo), 6);
    }
    const explicit = await gradCam.explain(model, x, { target: targets, normalize: 'min-max' });
    expect(Array.from(explicit.data)).toEqual(Array.from(ref.data));
  });

  it('rejects an unknown preset or normalisation before any work', async () => {
    const model = oneLayerModel(4, 4, 1);
    await expect(
      gradCam.explain(model, x, { target: 0, preset: 'authors' as never }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(
      gradCam.explain(model, x, { target: 0, normalize: 'max' as never }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('guided-grad-cam', () => {
  it('is the guided gradient times the Grad-CAM map', async () => {
    const base = oneLayerModel(4, 4, 1);
    // The guided variant's gradient, given in closed form: any fixed tensor will do here.
    const guided = Float32Array.from({ length: 48 }, (_, i) => Math.cos(i));
    const model: Model = {
      ...base,
      withBackwardRules: async (rules) => {
        expect(rules).toEqual({ relu: 'guided' });
        return {
          ...base,
          vjp: async (xx) => ({
            logits: await base.forward(xx),
            grad: { data: guided, shape: xx.shape },
          }),
        };
      },
    };
    const targets = [0, 1, 0];
    const a = await guidedGradCam.explain(model, x, { target: targets });
    const cam = await gradCam.explain(model, x, { target: targets });
    for (let i = 0; i < 48; i++) expect(a.data[i]).toBeCloseTo(guided[i]! * cam.data[i]!, 6);
  });
});
