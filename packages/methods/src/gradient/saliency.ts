/**
 * Saliency maps (Simonyan, Vedaldi and Zisserman 2014, section 3.1): the absolute value
 * of the target logit's gradient, maximised over colour channels. The map is per pixel;
 * it is repeated over the channels so that, like every method, it is shaped like the input.
 */
import {
  type AttributionMethod,
  lossGradient,
  papers,
  resolveOptions,
  type Tensor,
} from '@xai/core';
import type { ScoreObjective } from '../shared/objectives.js';
import { onePass } from '../shared/one-pass.js';
import { scoreRule } from '../shared/option-rules.js';

export interface SaliencyOptions {
  /** The objective differentiated: the paper uses the class score (the target logit). */
  readonly objective: ScoreObjective;
}

export const saliency: AttributionMethod<SaliencyOptions> = {
  name: 'saliency',
  family: 'gradient',
  title: 'Saliency',
  summary: 'Absolute gradient of the class score, maximum over channels.',
  paper: papers.simonyan2014,
  defaults: { objective: 'logit' },
  rules: {
    objective: scoreRule,
  },
  async explain(model, x, options) {
    const o = resolveOptions(saliency, options);
    return channelMaxAbs(await onePass(o, lossGradient(model, x, o.objective, o.target, o)));
  },
};

/** `max_c |g[b, c, h, w]|`, repeated over c; inputs without a channel axis are just |g|. */
export function channelMaxAbs(g: Tensor): Tensor {
  const out = new Float32Array(g.data.length);
  if (g.shape.length < 4) {
    for (let i = 0; i < out.length; i++) out[i] = Math.abs(g.data[i]!);
    return { data: out, shape: [...g.shape] };
  }
  const [B, C, ...rest] = g.shape as [number, number, ...number[]];
  const plane = rest.reduce((a, b) => a * b, 1);
  for (let b = 0; b < B; b++) {
    for (let p = 0; p < plane; p++) {
      let m = 0;
      for (let c = 0; c < C; c++) m = Math.max(m, Math.abs(g.data[(b * C + c) * plane + p]!));
      for (let c = 0; c < C; c++) out[(b * C + c) * plane + p] = m;
    }
  }
  return { data: out, shape: [...g.shape] };
}
