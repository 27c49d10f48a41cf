/**
 * Continuity (Montavon, Samek and Mueller 2018, section 4.2): a continuous explanation
 * changes little between nearly equivalent inputs, measured as
 * `max_{x != x'} ||R(x) - R(x')||_1 / ||x - x'||_2` over a family of nearby inputs. The
 * family here is the image shifted right by 0, 1, ..., `steps` pixels (edge pixels
 * repeated), the ratio taken between consecutive shifts. Quantus also translates the
 * image (28 steps), but reports per-patch correlations instead of the paper's ratio.
 * Lower is better. Needs `explain`; costs the method on `steps` shifted copies.
 */
import { type AttributionMetric, papers, resolveOptions, resolveTargets, rule } from '@xai/core';
import { checkInteger } from '../shared/checks.js';
import { scoreEachSample } from '../shared/each-sample.js';
import { requireExplainer } from '../shared/explainer.js';
import { imageDims } from '../shared/image-dims.js';

export interface ContinuityOptions {
  /** Largest shift in pixels (default: Quantus' 28 steps, or W - 1 for narrower images). */
  readonly steps: number | undefined;
}

export const continuity: AttributionMetric<ContinuityOptions> = {
  name: 'continuity',
  title: 'Continuity',
  summary:
    'Largest ratio of explanation change (L1) to input change (L2) between one-pixel shifts of the image.',
  paper: papers.montavon2018,
  family: 'robustness',
  higherIsBetter: false,
  defaults: { steps: undefined },
  rules: {
    steps: rule.integer(),
  },
  async evaluate(model, x, attributions, options) {
    const o = resolveOptions(continuity, options);
    const explain = requireExplainer(o, 'continuity');
    const { B, C, H, W } = imageDims(x, attributions);
    const steps = o.steps ?? Math.min(28, W - 1);
    checkInteger(steps, 'steps', 1, W - 1);
    const D = C * H * W;
    const A = attributions.data.length / B;
    const targets = await resolveTargets(model, x, o.target, o);
    const scores = await scoreEachSample(B, o, async (b) => {
      const shifted = new Float32Array(steps * D);
      for (let s = 1; s <= steps; s++)
        shiftRight(
          x.data.subarray(b * D, (b + 1) * D),
          shifted.subarray((s - 1) * D, s * D),
          C,
          H,
          W,
          s,
        );
      const phi = await explain(
        { data: shifted, shape: [steps, C, H, W] },
        model,
        new Array<number>(steps).fill(targets[b]!),
      );
      let worst = 0;
      for (let s = 1; s <= steps; s++) {
        const prevX =
          s === 1
            ? x.data.subarray(b * D, (b + 1) * D)
            : shifted.subarray((s - 2) * D, (s - 1) * D);
        const prevA =
          s === 1
            ? attributions.data.subarray(b * A, (b + 1) * A)
            : phi.data.subarray((s - 2) * A, (s - 1) * A);
        const curX = shifted.subarray((s - 1) * D, s * D);
        const curA = phi.data.subarray((s - 1) * A, s * A);
        let da = 0;
        let dx = 0;
        for (let i = 0; i < A; i++) da += Math.abs(curA[i]! - prevA[i]!);
        for (let i = 0; i < D; i++) dx += (curX[i]! - prevX[i]!) ** 2;
        if (dx > 0) worst = Math.max(worst, da / Math.sqrt(dx));
      }
      return worst;
    });
    return { scores, higherIsBetter: false };
  },
};

/** `src` `[C, H, W]` shifted right by `s` pixels into `out`, the first column repeated. */
export function shiftRight(
  src: Float32Array,
  out: Float32Array,
  C: number,
  H: number,
  W: number,
  s: number,
): void {
  for (let c = 0; c < C; c++)
    for (let y = 0; y < H; y++)
      for (let xx = 0; xx < W; xx++)
        out[(c * H + y) * W + xx] = src[(c * H + y) * W + Math.max(0, xx - s)]!;
}
