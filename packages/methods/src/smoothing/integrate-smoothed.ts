/**
 * Integrated gradients OF THE SMOOTHED GRADIENT: the order in which the AdaptGrad authors'
 * code runs S-IG and A-IG (github AiShare-WHU/AdaptGrad at dbd957c, `saliency.py` l. 150-178,
 * `IntegratedGradient(baseline, SmoothGradient(...), n_steps)`), where
 * `composeSmoothing(smoothing, integratedGradients)` smooths the input and integrates from the
 * baseline to each noisy copy (order `'smooth-the-map'`). For sample x, baseline b, the rule's
 * nodes t_k and weights w_k (`steps`, `rule` of the IG options):
 *
 * `IG_sm(x) = (x - b) sum_k w_k SM(b + t_k (x - b))`,
 *
 * SM the smoothing method's map of the gradient at each path point: its noise scale is
 * taken at that point (SmoothGrad's `'range'` of the point's values, AdaptGrad's distance of
 * the point to the bounds, as their `AdaptedBound.get_bound` receives the interpolated input),
 * with a fresh noise draw per point (point k of sample b is sample `b steps + k` of the
 * smoothing method's stream). With `includeCleanGradient: true` (AdaptGrad's
 * `'reference-code'`) the clean gradient is averaged in at both levels, as their code does:
 * at each point (`SmoothGradient`, l. 118-120) and, on the path, the plain gradient at x itself
 * as one more term of equal weight (`IntegratedGradient`, l. 168-177):
 * `IG_sm(x) = (x - b) (steps/(steps + 1) sum_k w_k SM(p_k) + 1/(steps + 1) g(x))`, which with
 * `rule: 'left'` is their mean of steps + 1 terms (nodes 0, 1/n, ..., (n-1)/n). Their
 * `WhiteBaseline` is zeros and `BlackBaseline` ones in model units (l. 132-147): pass
 * `baseline: 0` or `baseline: 1`. Not reproduced: their dropping of gradients that hold a NaN.
 *
 * Cost: B steps smoothed maps (B steps N gradient passes in the smoothing method's batches)
 * plus, with `includeCleanGradient`, B steps + B more.
 */
import {
  type AttributionMethod,
  type ExplainContext,
  type InputDomain,
  type Kernels,
  resolveBaselines,
  resolveOptions,
  resolveTargets,
  type Tensor,
  withDomain,
  XaiError,
} from '@xai/core';
import { gradient } from '../gradient/gradient.js';
import { integratedGradients } from '../path/integrated-gradients.js';
import { pathPoints, sampleOf } from '../shared/path-points.js';
import { quadrature } from '../shared/quadrature.js';

/** Which map is smoothed: the inner method's whole map, or the gradient inside the path integral. */
export const smoothingOrders = ['smooth-the-map', 'integrate-the-smoothed-gradient'] as const;
export type SmoothingOrder = (typeof smoothingOrders)[number];

/** Checks the order of a composition: a known one, and the integral order over IG only. */
export function checkSmoothingOrder(
  order: unknown,
  smoothing: AttributionMethod,
  inner: AttributionMethod,
): SmoothingOrder {
  if (!smoothingOrders.includes(order as SmoothingOrder)) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected order to be one of ${smoothingOrders.map((n) => `'${n}'`).join(', ')} for composeSmoothing(${smoothing.name}, ${inner.name}) but received ${JSON.stringify(order)}.`,
    );
  }
  if (order === 'integrate-the-smoothed-gradient' && inner !== integratedGradients) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected integratedGradients as the inner method for order 'integrate-the-smoothed-gradient' but received '${inner.name}'; use order 'smooth-the-map' for other inner methods.`,
    );
  }
  return order as SmoothingOrder;
}

type Context = ExplainContext & { readonly kernels: Kernels };

/** The context keys passed on to the smoothing and gradient calls. */
const contextKeys = ['seed', 'kernels', 'maxBatchSize', 'memoryLimitBytes', 'signal', 'onProgress'];

/**
 * The explain of the integral order: `composed` is the composition's descriptor (its options
 * are checked against it), `igOptions` the integrated gradients' options it was built with.
 */
export function integrateSmoothed(
  smoothing: AttributionMethod,
  igOptions: object,
  composed: () => AttributionMethod,
): AttributionMethod['explain'] {
  return async (model, x, options) => {
    const o = withDomain(resolveOptions(composed(), options)) as unknown as Context & {
      readonly includeCleanGradient?: boolean;
      readonly normalization?: InputDomain;
    };
    const ig = withDomain(resolveOptions(integratedGradients, igOptions));
    const domain = o.normalization ?? ig.normalization;
    const q = quadrature(ig.rule, ig.steps);
    const baselines = resolveBaselines(x, ig.baseline, { domain, seed: o.seed });
    const targets = await resolveTargets(model, x, o.target, o);
    const B = x.shape[0] ?? 1;
    const D = B === 0 ? 0 : x.data.length / B;
    const S = q.nodes.length;
    // Every sample's path points as one batch of B S samples for the smoothing method.
    const points = new Float32Array(B * S * D);
    const rowTargets = new Int32Array(B * S);
    for (let b = 0; b < B; b++) {
      const p = await pathPoints(o.kernels, sampleOf(x, b), baselines[b]!, q.nodes);
      points.set(p.data, b * S * D);
      rowTargets.fill(targets[b]!, b * S, (b + 1) * S);
    }
    const context: Record<string, unknown> = {};
    for (const key of contextKeys) {
      const v = (o as unknown as Record<string, unknown>)[key];
      if (v !== undefined) context[key] = v;
    }
    const smoothingOptions = Object.fromEntries(
      Object.entries(options).filter(([k]) => k !== 'target' && k !== 'domain'),
    );
    const maps = await smoothing.explain(
      model,
      { data: points, shape: [B * S, ...x.shape.slice(1)] },
      {
        ...smoothingOptions,
        ...context,
        ...(domain ? { normalization: domain } : {}),
        inner: 'gradient',
        objective: ig.objective,
        target: rowTargets,
      },
    );
    const clean = o.includeCleanGradient === true;
    const atX = clean
      ? await gradient.explain(model, x, { ...context, objective: ig.objective, target: targets })
      : undefined;
    const share = clean ? S / (S + 1) : 1;
    const out = new Float32Array(B * D);
    for (let b = 0; b < B; b++) {
      const base = baselines[b]!;
      for (let j = 0; j < D; j++) {
        let sum = 0;
        for (let k = 0; k < S; k++) sum += q.weights[k]! * maps.data[(b * S + k) * D + j]!;
        const g = share * sum + (atX ? (1 - share) * atX.data[b * D + j]! : 0);
        const bj = typeof base === 'number' ? base : base.data[j]!;
        out[b * D + j] = (x.data[b * D + j]! - bj) * g;
      }
    }
    return { data: out, shape: [...x.shape] } satisfies Tensor;
  };
}
