/**
 * One method from a smoothing method and an inner one, as the papers name their
 * combinations: `composeSmoothing(smoothGrad, gradientXInput)` is S-GI,
 * `composeSmoothing(adaptGrad, integratedGradients, { baseline: 'black' })` is A-IG(B),
 * `composeSmoothing(noiseGrad, gradCam)` NoiseGrad over Grad-CAM. The result is an ordinary
 * descriptor (name `smooth-grad(gradient-x-input)`, the smoothing method's options less
 * those that pick the inner map), so anything that runs a method runs it.
 *
 * Two orders for integrated gradients (`{ order }`, the fourth argument): `'smooth-the-map'`
 * (default) averages IG from the baseline to each noisy copy of x; `'integrate-the-smoothed-gradient'`
 * integrates the smoothing method's gradient along the path from the baseline to x, as the
 * AdaptGrad authors' code runs S-IG and A-IG (`integrate-smoothed.ts`; named
 * `integrated-gradients(smooth-grad)`).
 */
import { type AttributionMethod, type OptionRules, resolveOptions } from '@xai/core';
import type { InnerMethod } from './inner-method.js';
import {
  checkSmoothingOrder,
  integrateSmoothed,
  type SmoothingOrder,
} from './integrate-smoothed.js';

/** The options a composition fixes: the inner method and, for the named inners, its fields. */
const fixedKeys = ['inner', 'innerOptions', 'baseline', 'steps', 'rule', 'objective'] as const;
type FixedKey = (typeof fixedKeys)[number];

/** What a smoothing method must accept to be composed. */
interface Composable {
  readonly inner: InnerMethod;
  readonly innerOptions?: Readonly<Record<string, unknown>>;
}

export function composeSmoothing<O extends Composable, I extends object>(
  smoothing: AttributionMethod<O>,
  inner: AttributionMethod<I>,
  innerOptions: Partial<I> = {},
  composition: { readonly order?: SmoothingOrder } = {},
): AttributionMethod<Omit<O, FixedKey>> {
  const integrate =
    checkSmoothingOrder(composition.order ?? 'smooth-the-map', smoothing, inner) ===
    'integrate-the-smoothed-gradient';
  const omit = <T extends object>(o: T | undefined) =>
    Object.fromEntries(
      Object.entries(o ?? {}).filter(([k]) => !(fixedKeys as readonly string[]).includes(k)),
    );
  // The inner options are checked now, by the inner method: a misspelt one fails here.
  resolveOptions(inner, innerOptions);
  const composed: AttributionMethod<Omit<O, FixedKey>> = {
    name: integrate ? `${inner.name}(${smoothing.name})` : `${smoothing.name}(${inner.name})`,
    family: 'smoothing',
    title: integrate
      ? `${inner.title} of the ${smoothing.title} gradient`
      : `${smoothing.title} over ${inner.title.toLowerCase()}`,
    summary: integrate
      ? `${inner.title} of the gradient smoothed by ${smoothing.title} at each path point: ${smoothing.summary}`
      : `${inner.title} smoothed by ${smoothing.title}: ${smoothing.summary}`,
    paper: smoothing.paper,
    defaults: omit(smoothing.defaults) as Omit<O, FixedKey>,
    rules: omit(smoothing.rules) as OptionRules<Omit<O, FixedKey>>,
    ...(smoothing.presets
      ? {
          presets: Object.fromEntries(
            Object.entries(smoothing.presets).map(([k, v]) => [k, omit(v)]),
          ) as Record<string, Partial<Omit<O, FixedKey>>>,
        }
      : {}),
    explain: integrate
      ? integrateSmoothed(
          smoothing as AttributionMethod,
          innerOptions,
          () => composed as AttributionMethod,
        )
      : async (model, x, options) => {
          // Unknown keys (an inner option passed here, say) are errors naming the composition.
          resolveOptions(composed, options);
          return smoothing.explain(model, x, {
            ...options,
            inner,
            innerOptions,
          } as unknown as Parameters<typeof smoothing.explain>[2]);
        },
  };
  return composed;
}
