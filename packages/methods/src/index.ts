export { type GradientOptions, gradient } from './gradient.js';
export { type OcclusionOptions, occlusion } from './occlusion.js';
export { getMethod, methods } from './registry.js';
export { type RiseOptions, rise, riseMasks } from './rise.js';
export { channelMaxAbs, type SaliencyOptions, saliency } from './saliency.js';
export { type ScoreKind, targetScores } from './target-scores.js';
