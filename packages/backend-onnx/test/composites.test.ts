/**
 * LRP composites (rules mapped to layer kinds, a special first layer) against a separate
 * plain-JS LRP in relevance form on a small CNN whose convolutions are unrolled here into
 * dense matrices, so the reference shares no code with the graph rules.
 */
import type { BackwardRules, Composite, FirstLayerRule, LinearRule } from '@xai/core';
import { describe, expect, it } from 'vitest';
import { attr } from '../src/graph/attributes.js';
import { loadOnnxModel } from '../src/index.js';
import { denseReluForward } from './helpers/dense-relu.js';
import { randn } from './helpers/directional.js';
import { relativeGap } from './helpers/gaps.js';
import { expectRulesRefused } from './helpers/rule-refusal.js';
import { gemmLayer, tinyModel } from './helpers/tiny-model.js';

/** A layer as a dense matrix `[out, in]`, its bias, which entries exist, and its kind. */
interface Layer {
  readonly w: Float64Array;
  /** 1 where input j reaches output k at all (a convolution's footprint), else 0. */
  readonly mask: Float64Array;
  readonly bias: Float64Array;
  readonly out: number;
  readonly in: number;
  readonly kind: 'conv' | 'dense';
}

/** A valid (unpadded, stride 1) convolution `[O, C, k, k]` on `[C, H, W]`, unrolled. */
function unrollConv(
  kernel: Float32Array,
  bias: Float32Array,
  O: number,
  C: number,
  k: number,
  H: number,
): Layer {
  const Ho = H - k + 1;
  const out = O * Ho * Ho;
  const inp = C * H * H;
  const w = new Float64Array(out * inp);
  const mask = new Float64Array(out * inp);
  for (let o = 0; o < O; o++)
    for (let i = 0; i < Ho; i++)
      for (let j = 0; j < Ho; j++)
        for (let c = 0; c < C; c++)
          for (let di = 0; di < k; di++)
            for (let dj = 0; dj < k; dj++) {
              const row = (o * Ho + i) * Ho + j;
              const col = (c * H + i + di) * H + j + dj;
              w[row * inp + col] = kernel[((o * C + c) * k + di) * k + dj]!;
              mask[row * inp + col] = 1;
            }
  const b = new Float64Array(out);
  for (let r = 0; r < out; r++) b[r] = bias[Math.floor(r / (Ho * Ho))]!;
  return { w, mask, bias: b, out, in: inp, kind: 'conv' };
}

function denseLayer(weights: Float32Array, bias: Float32Array, out: number, inp: number): Layer {
  return {
    w: Float64Array.from(weights),
    mask: new Float64Array(out * inp).fill(1),
    bias: Float64Array.from(bias),
    out,
    in: inp,
    kind: 'dense',
  };
}

// x [2, 4, 4] -> Conv 3x3 (4 maps) -> Relu -> Conv 2x2 (3 maps) -> Relu -> Flatten -> Gemm 3.
const k1 = randn([4, 2, 3, 3], 31, 0, 0.4).data;
const b1 = randn([4], 31, 1, 0.2).data;
const k2 = randn([3, 4, 2, 2], 31, 2, 0.4).data;
const b2 = randn([3], 31, 3, 0.2).data;
const w3 = randn([3, 3], 31, 4, 0.6).data;
const b3 = randn([3], 31, 5, 0.2).data;
const layers = [
  unrollConv(k1, b1, 4, 2, 3, 4),
  unrollConv(k2, b2, 3, 4, 2, 2),
  denseLayer(w3, b3, 3, 3),
];
const bytes = tinyModel(
  [2, 4, 4],
  (b, x) => {
    const c1 = b.op(
      'Conv',
      [x, b.float(Array.from(k1), [4, 2, 3, 3]), b.float(Array.from(b1), [4])],
      [attr.ints('kernel_shape', [3, 3])],
    );
    const c2 = b.op(
      'Conv',
      [b.op('Relu', [c1]), b.float(Array.from(k2), [3, 4, 2, 2]), b.float(Array.from(b2), [3])],
      [attr.ints('kernel_shape', [2, 2])],
    );
    const f = b.op('Flatten', [b.op('Relu', [c2])]);
    return b.op(
      'Gemm',
      [f, b.float(Array.from(w3), [3, 3]), b.float(Array.from(b3), [3])],
      [attr.int('transB', 1)],
    );
  },
  { flatten: false },
);

const FIRST_STABILIZER = 1e-6;
const stab = (v: number, s: number) => v + (v < 0 ? -s : s);

/** One layer's relevance rule in relevance form: input relevance from output relevance. */
function redistribute(
  l: Layer,
  a: Float64Array,
  z: Float64Array,
  r: Float64Array,
  rule: FirstLayerRule,
) {
  const next = new Float64Array(l.in);
  const W = (k: number, j: number) => l.w[k * l.in + j]!;
  for (let k = 0; k < l.out; k++) {
    // share(j) is input j's part of output k's relevance.
    let share: (j: number) => number;
    switch (rule.kind) {
      case 'gradient':
        share = (j) => (a[j]! * W(k, j)) / z[k]!;
        break;
      case 'epsilon': {
        const d = stab(z[k]!, rule.epsilon);
        share = (j) => (a[j]! * W(k, j)) / d;
        break;
      }
      case 'alpha-beta': {
        let zp = 0;
        let zn = 0;
        for (let j = 0; j < l.in; j++) {
          const c = a[j]! * W(k, j);
          if (c > 0) zp += c;
          else zn += c;
        }
        share = (j) => {
          const c = a[j]! * W(k, j);
          const pos = c > 0 ? c / (zp + rule.stabilizer) : 0;
          const neg = c < 0 ? c / (zn - rule.stabilizer) : 0;
          return rule.alpha * pos - rule.beta * neg;
        };
        break;
      }
      case 'gamma': {
        const lifted = (j: number) => W(k, j) + rule.gamma * Math.max(0, W(k, j));
        let d = 0;
        for (let j = 0; j < l.in; j++) d += a[j]! * lifted(j);
        d = stab(d, rule.stabilizer);
        share = (j) => (a[j]! * lifted(j)) / d;
        break;
      }
      case 'flat': {
        let n = 0;
        for (let j = 0; j < l.in; j++) n += l.mask[k * l.in + j]!;
        share = (j) => l.mask[k * l.in + j]! / stab(n, FIRST_STABILIZER);
        break;
      }
      case 'w-square': {
        let d = 0;
        for (let j = 0; j < l.in; j++) d += W(k, j) ** 2;
        share = (j) => W(k, j) ** 2 / stab(d, FIRST_STABILIZER);
        break;
      }
      case 'z-box': {
        const part = (j: number) =>
          a[j]! * W(k, j) - rule.low * Math.max(0, W(k, j)) - rule.high * Math.min(0, W(k, j));
        let d = 0;
        for (let j = 0; j < l.in; j++) d += part(j);
        d = stab(d, FIRST_STABILIZER);
        share = (j) => part(j) / d;
        break;
      }
    }
    for (let j = 0; j < l.in; j++) next[j]! += share(j) * r[k]!;
  }
  return next;
}

/** The input relevance of one sample under `rules`, the output relevance `z_last * u`. */
function referenceRelevance(x: Float32Array, u: Float32Array, rules: BackwardRules): Float64Array {
  const { inputs, pre } = denseReluForward(layers, x);
  const c = rules.composite;
  let r = pre[layers.length - 1]!.map((v, k) => v * u[k]!);
  for (let li = layers.length - 1; li >= 0; li--) {
    const l = layers[li]!;
    const byKind = l.kind === 'conv' ? c?.conv : c?.dense;
    const rule: FirstLayerRule = (li === 0 ? c?.first : undefined) ??
      byKind ??
      rules.linear ?? { kind: 'gradient' };
    r = redistribute(l, inputs[li]!, pre[li]!, r, rule);
  }
  return r;
}

const epsilon: LinearRule = { kind: 'epsilon', epsilon: 0.25 };
const zPlus: LinearRule = { kind: 'alpha-beta', alpha: 1, beta: 0, stabilizer: 1e-9 };
const alpha2beta1: LinearRule = { kind: 'alpha-beta', alpha: 2, beta: 1, stabilizer: 1e-9 };
const gamma: LinearRule = { kind: 'gamma', gamma: 0.25, stabilizer: 1e-9 };
// zennit's composites, written as `Composite`s.
const presets: Array<[string, Composite]> = [
  ['EpsilonPlus', { conv: zPlus, dense: epsilon }],
  ['EpsilonPlusFlat', { conv: zPlus, dense: epsilon, first: { kind: 'flat' } }],
  ['EpsilonGammaBox', { conv: gamma, dense: epsilon, first: { kind: 'z-box', low: -3, high: 3 } }],
  ['EpsilonAlpha2Beta1', { conv: alpha2beta1, dense: epsilon }],
  ['EpsilonAlpha2Beta1Flat', { conv: alpha2beta1, dense: epsilon, first: { kind: 'flat' } }],
  [
    'w-square first, epsilon elsewhere',
    { conv: epsilon, dense: epsilon, first: { kind: 'w-square' } },
  ],
  ['gamma first, z+ conv', { conv: zPlus, dense: epsilon, first: gamma }],
];

const B = 5;
const x = randn([B, 2, 4, 4], 32, 0);
const u = randn([B, 3], 32, 1);
const rows = (t: { data: Float32Array; shape: readonly number[] }, b: number) => {
  const n = t.data.length / t.shape[0]!;
  return t.data.subarray(b * n, (b + 1) * n);
};

describe('LRP composites against a plain-JS LRP on unrolled convolutions', () => {
  it.each(presets)('%s', async (_, composite) => {
    const model = await loadOnnxModel(bytes);
    const variant = await model.withBackwardRules({ composite });
    try {
      const { grad } = await variant.vjp(x, u);
      for (let b = 0; b < B; b++) {
        const xb = rows(x, b);
        // With a first-layer rule vjp gives the relevance; without, x times it.
        const got = composite.first
          ? Array.from(rows(grad, b))
          : Array.from(rows(grad, b), (g, i) => g * xb[i]!);
        const want = referenceRelevance(xb, rows(u, b), { composite });
        expect(relativeGap(got, want)).toBeLessThan(1e-4);
      }
    } finally {
      await variant.dispose();
      await model.dispose();
    }
  });

  it('the composites differ from each other and from one rule everywhere on this network', async () => {
    const model = await loadOnnxModel(bytes);
    const maps: Float32Array[] = [];
    try {
      for (const [, composite] of presets.slice(0, 5)) {
        const variant = await model.withBackwardRules({ composite });
        const { grad } = await variant.vjp(x, u);
        maps.push(composite.first ? grad.data : grad.data.map((g, i) => g * x.data[i]!));
        await variant.dispose();
      }
      for (let i = 0; i < maps.length; i++)
        for (let j = i + 1; j < maps.length; j++)
          expect(relativeGap(maps[i]!, maps[j]!)).toBeGreaterThan(1e-2);
    } finally {
      await model.dispose();
    }
  });

  it('refuses a first-layer rule when the first layer does not take the input itself', async () => {
    await expectRulesRefused(
      tinyModel([3], (b, xx, w) => gemmLayer(b, b.op('Mul', [xx, b.float(2)]), w([2, 3])), {
        flatten: false,
      }),
      { composite: { first: { kind: 'flat' } } },
      /LRP composite rule .*Gemm '.*', the first layer with weights, does not take the input 'x' itself/,
      // Without a first-layer rule the same composite is fine.
      { composite: { dense: epsilon } },
    );
  });
});
