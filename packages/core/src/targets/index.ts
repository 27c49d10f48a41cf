export * from './loss.js';
export * from './resolve-targets.js';
export * from './target.js';
export * from './target-scores.js';
