import { type Kernels, type MetricContext, type Tensor, XaiError } from '@xai/core';
import { scoreEachSample } from './each-sample.js';

/** The context's `explain`, or an error saying that this metric re-runs the method. */
export function requireExplainer(
  options: MetricContext,
  metric: string,
): NonNullable<MetricContext['explain']> {
  if (!options.explain) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected an explain function in the options of '${metric}' (it re-runs the method on perturbed inputs) but received none; pass explain: (x) => method.explain(model, x, ...).`,
    );
  }
  return options.explain;
}

/** Euclidean norm of a slice. */
export function norm2(a: ArrayLike<number>, from = 0, to = a.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i]! * a[i]!;
  return Math.sqrt(s);
}

/**
 * Re-explains `samples` noisy copies of sample `b` (`x_b + scale * (2u - 1)` for uniform
 * noise, `x_b + scale * z` for normal noise; stream = b) and returns, per copy, how far the
 * explanation moved from `attribution` and how far the input moved (after float32 rounding).
 */
export async function neighbourDistances(
  explain: NonNullable<MetricContext['explain']>,
  x: Tensor,
  b: number,
  attribution: Float32Array,
  o: {
    samples: number;
    noise: 'uniform' | 'normal';
    scale: number;
    kernels: Kernels;
    seed: number;
    /** The class explained for every copy (default: the explain function's own). */
    target?: number;
  },
): Promise<{ explanation: Float64Array; input: Float64Array }> {
  const D = x.data.length / x.shape[0]!;
  const draws = await o.kernels.random({
    distribution: o.noise,
    shape: [o.samples, D],
    seed: o.seed,
    stream: b,
  });
  const xb = x.data.subarray(b * D, (b + 1) * D);
  const neighbours = new Float32Array(o.samples * D);
  for (let j = 0; j < o.samples; j++) {
    for (let i = 0; i < D; i++) {
      const r = draws.data[j * D + i]!;
      neighbours[j * D + i] = xb[i]! + o.scale * (o.noise === 'uniform' ? 2 * r - 1 : r);
    }
  }
  const batch: Tensor = { data: neighbours, shape: [o.samples, ...x.shape.slice(1)] };
  const phi =
    o.target === undefined
      ? await explain(batch)
      : await explain(batch, undefined, new Array<number>(o.samples).fill(o.target));
  const explanation = new Float64Array(o.samples);
  const input = new Float64Array(o.samples);
  for (let j = 0; j < o.samples; j++) {
    let e = 0;
    let d = 0;
    for (let i = 0; i < D; i++) {
      e += (phi.data[j * D + i]! - attribution[i]!) ** 2;
      d += (neighbours[j * D + i]! - xb[i]!) ** 2;
    }
    explanation[j] = Math.sqrt(e);
    input[j] = Math.sqrt(d);
  }
  return { explanation, input };
}

/**
 * The per-sample loop of the robustness metrics that re-explain noisy neighbours: for
 * each sample, `neighbourDistances` (stream = sample) then `score` of its distances and
 * its map, with abort checks and one progress step a sample.
 */
export async function neighbourScores(
  metric: string,
  x: Tensor,
  attributions: Tensor,
  o: MetricContext & { readonly kernels: Kernels },
  noise: { samples: number; noise: 'uniform' | 'normal'; scale: number },
  score: (d: { explanation: Float64Array; input: Float64Array }, a: Float32Array) => number,
  targets?: Int32Array,
): Promise<Float64Array> {
  const explain = requireExplainer(o, metric);
  const kernels = o.kernels;
  const B = x.shape[0]!;
  const D = x.data.length / B;
  const scores = await scoreEachSample(B, o, async (b) => {
    const a = attributions.data.subarray(b * D, (b + 1) * D);
    const d = await neighbourDistances(explain, x, b, a, {
      ...noise,
      kernels,
      seed: o.seed ?? 0,
      ...(targets ? { target: targets[b]! } : {}),
    });
    return score(d, a);
  });
  return scores;
}

/** A change of the map divided by ||phi(x)|| when `relative` (0/0 is 0, c/0 infinite). */
export function relativeTo(change: number, a: Float32Array, relative: boolean): number {
  const scale = relative ? norm2(a) : 1;
  return scale === 0 ? (change === 0 ? 0 : Number.POSITIVE_INFINITY) : change / scale;
}
