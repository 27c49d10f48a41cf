import { sliceBatch, type Tensor, XaiError } from '@xai/core';
import type { MetricSpec } from '@xai/evaluation';
import { maskBox } from '../inputs/read-masks.js';

/**
 * The metrics of `xai evaluate` with their `--set` options and, with `--masks`, each
 * sample's mask as a per-sample option: `masks` ([1, H, W] a sample) for the metrics that
 * take masks, and the mask's bounding box as `boxes` for the pointing game unless boxes
 * were set. The evaluation package counts them in each result's identity.
 */
export function metricSpecs(
  metrics: readonly MetricSpec['metric'][],
  scoped: Readonly<Record<string, Record<string, unknown>>>,
  masks: Tensor | undefined,
  count: number,
  file?: string,
): MetricSpec[] {
  if (masks && masks.shape[0]! < count) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected a mask for each of the ${count} samples in '${file}' but it holds ${masks.shape[0]}; give one mask per sample or fewer --samples.`,
    );
  }
  const perMask = (f: (i: number) => unknown) => Array.from({ length: count }, (_, i) => f(i));
  return metrics.map((metric) => {
    const options = scoped[metric.name] ?? {};
    if (!masks) return { metric, options };
    if ('masks' in metric.defaults && options.masks === undefined) {
      const one = (i: number): Tensor => {
        const m = sliceBatch(masks, i, i + 1);
        return { data: m.data, shape: m.shape.slice(1) };
      };
      const perSample: MetricSpec['perSample'] = { masks: perMask(one) };
      return { metric, options, perSample };
    }
    if ('boxes' in metric.defaults && options.boxes === undefined) {
      const perSample: MetricSpec['perSample'] = { boxes: perMask((i) => [maskBox(masks, i)]) };
      return { metric, options, perSample };
    }
    return { metric, options };
  });
}
