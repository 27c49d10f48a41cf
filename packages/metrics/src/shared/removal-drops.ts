import type { Tensor } from '@xai/core';
import { setPixels } from './pixels.js';
import type { SampleProbe } from './sample-probe.js';

/** Per pixel group: its summed attribution and the drop of the target's score without it. */
export interface RemovalDrops {
  readonly sums: Float64Array;
  /** `f(x) - f(x with the group set to the baseline)`. */
  readonly drops: Float64Array;
}

/**
 * Removes `count` pixel groups from the probed sample, each on its own (set to
 * `baseline`), as faithfulness correlation, faithfulness estimate and sensitivity-n do.
 * `group(g)` is called once per group in order, so random draws keep their sequence;
 * `pixels` are the sample's per-pixel attributions (channels summed).
 */
export async function removalDrops(
  probe: SampleProbe,
  pixels: Float64Array,
  baseline: Tensor | number,
  count: number,
  group: (g: number) => Int32Array,
): Promise<RemovalDrops> {
  const [C, H, W] = probe.sample.shape as [number, number, number];
  const n = H * W;
  const sums = new Float64Array(count);
  const make = (i: number, image: Float32Array) => {
    if (i === 0) return;
    const removed = group(i - 1);
    for (const p of removed) sums[i - 1]! += pixels[p]!;
    setPixels(image, C, n, removed, baseline);
  };
  const f = await probe.scoreVariants(count + 1, make);
  const drops = new Float64Array(count);
  for (let g = 0; g < count; g++) drops[g] = f[0]! - f[g + 1]!;
  return { sums, drops };
}
