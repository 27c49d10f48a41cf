import {
  argmaxRows,
  type Classifier,
  createRng,
  type MetricContext,
  type OptionRules,
  planBatches,
  resolveTargets,
  rule,
  type Tensor,
  throwIfAborted,
} from '@xai/core';
import { requireExplainer } from './explainer.js';

/** The options the three relative stabilities share (Agarwal et al. 2022, section 4). */
export interface RelativeStabilityOptions {
  /** Perturbed copies per sample (Quantus: 200). */
  readonly samples: number;
  /** Radius of the uniform input noise, in model-input units (Quantus: 0.02). */
  readonly radius: number;
  /** Floor of the denominator, eps_min (Quantus: 1e-6). */
  readonly epsMin: number;
}

/** Their rules: eps_min is a positive floor no larger than 1. */
export const relativeStabilityRules: OptionRules<RelativeStabilityOptions> = {
  samples: rule.integer(),
  radius: rule.positive,
  epsMin: { type: 'number', greaterThan: 0, max: 1 },
};

/** What the denominator of one stability compares: x (row 0) and its perturbed copies. */
export type Denominator = (inputs: Tensor, logits: Float32Array) => Promise<Float64Array>;

/**
 * `max_{x'} ||(e_x - e_x') / e_x||_2 / max(d(x, x'), eps_min)` per sample (Agarwal et al.
 * 2022, eqs. 2-4), over `samples` uniform perturbations that keep the predicted class
 * (the paper's constraint). `denominator` gets x followed by its copies and their logits
 * and returns d for each copy. Zero entries of e_x are replaced with eps_min in the
 * division (as Quantus). Draws from the counter-based generator, stream = sample index.
 */
export async function relativeStability(
  metric: string,
  model: Classifier,
  x: Tensor,
  attributions: Tensor,
  o: MetricContext & RelativeStabilityOptions,
  denominator: Denominator,
): Promise<Float64Array> {
  const explain = requireExplainer(o, metric);
  const B = x.shape[0]!;
  const D = x.data.length / B;
  const A = attributions.data.length / B;
  const targets = await resolveTargets(model, x, o.target, o);
  const scores = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    const rng = createRng(o.seed ?? 0, b);
    const xb = x.data.subarray(b * D, (b + 1) * D);
    const ex = attributions.data.subarray(b * A, (b + 1) * A);
    let worst = 0;
    // Row 0 of every chunk is x itself, so the denominator sees both sides.
    for (const [s, e] of planBatches(o.samples, D * 4 * 2, o)) {
      throwIfAborted(o.signal);
      const m = e - s;
      const inputs = new Float32Array((m + 1) * D);
      inputs.set(xb);
      for (let j = 1; j <= m; j++)
        for (let i = 0; i < D; i++) inputs[j * D + i] = xb[i]! + o.radius * (2 * rng.uniform() - 1);
      const batch: Tensor = { data: inputs, shape: [m + 1, ...x.shape.slice(1)] };
      const logits = (await model.forward(batch)).data;
      const classes = argmaxRows(logits, m + 1, model.numClasses);
      const copies: Tensor = { data: inputs.subarray(D), shape: [m, ...x.shape.slice(1)] };
      const phi = await explain(copies, model, new Array<number>(m).fill(targets[b]!));
      const d = await denominator(batch, logits);
      for (let j = 1; j <= m; j++) {
        if (classes[j] !== classes[0]) continue;
        let num = 0;
        for (let i = 0; i < A; i++) {
          const base = ex[i]! === 0 ? o.epsMin : ex[i]!;
          num += ((ex[i]! - phi.data[(j - 1) * A + i]!) / base) ** 2;
        }
        worst = Math.max(worst, Math.sqrt(num) / Math.max(d[j - 1]!, o.epsMin));
      }
    }
    scores[b] = worst;
    o.onProgress?.({ phase: 'sample', done: b + 1, total: B });
  }
  return scores;
}

/** `||(u_0 - u_j) / u_0||_2` for rows j = 1..m of `[m + 1, F]` values (zeros of u_0 as eps). */
export function relativeRowDistances(
  v: ArrayLike<number>,
  rows: number,
  eps: number,
): Float64Array {
  const F = v.length / rows;
  const out = new Float64Array(rows - 1);
  for (let j = 1; j < rows; j++) {
    let s = 0;
    for (let i = 0; i < F; i++) {
      const base = v[i]! === 0 ? eps : v[i]!;
      s += ((v[i]! - v[j * F + i]!) / base) ** 2;
    }
    out[j - 1] = Math.sqrt(s);
  }
  return out;
}

/** `||u_0 - u_j||_2` for rows j = 1..m of `[m + 1, F]` values. */
export function rowDistances(v: ArrayLike<number>, rows: number): Float64Array {
  const F = v.length / rows;
  const out = new Float64Array(rows - 1);
  for (let j = 1; j < rows; j++) {
    let s = 0;
    for (let i = 0; i < F; i++) s += (v[i]! - v[j * F + i]!) ** 2;
    out[j - 1] = Math.sqrt(s);
  }
  return out;
}
