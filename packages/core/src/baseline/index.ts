export * from './baseline.js';
export * from './pixel-values.js';
export * from './resolve-baseline.js';
