export { gradient, type GradientOptions } from './gradient.js';
export { saliency, channelMaxAbs, type SaliencyOptions } from './saliency.js';
export { methods, getMethod } from './registry.js';
