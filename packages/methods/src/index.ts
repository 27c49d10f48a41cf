export { type GradientOptions, gradient } from './gradient.js';
export { getMethod, methods } from './registry.js';
export { channelMaxAbs, type SaliencyOptions, saliency } from './saliency.js';
