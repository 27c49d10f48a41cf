/** The objectives the gradient methods differentiate, named once for their option types. */
import type { LossName } from '@xai/core';

/** A loss on the logits: the target logit, its probability or log-probability, or the cross-entropy. */
export type GradientObjective = Extract<
  LossName,
  'logit' | 'probability' | 'log-softmax' | 'cross-entropy'
>;

/** The class score: the target's logit or its probability (`scoreRule`). */
export type ScoreObjective = Extract<LossName, 'logit' | 'probability'>;
