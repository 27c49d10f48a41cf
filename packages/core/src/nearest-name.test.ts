import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, nearestName } from './nearest-name.js';

describe('nearestName', () => {
  it('computes edit distances', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('RISE', 'rise')).toBe(0);
  });

  it('suggests the closest name for typos, and nothing for unrelated words', () => {
    const names = ['saliency', 'integrated-gradients', 'rise', 'occlusion', 'smooth-grad', 'i-gos'];
    expect(nearestName('integrated-gradient', names)).toBe('integrated-gradients');
    expect(nearestName('oclusion', names)).toBe('occlusion');
    expect(nearestName('smoothgrad', names)).toBe('smooth-grad');
    expect(nearestName('igos', names)).toBe('i-gos');
    expect(nearestName('integrated', names)).toBe('integrated-gradients');
    expect(nearestName('banana-split', names)).toBeUndefined();
    expect(didYouMean('rice', names)).toBe(" Did you mean 'rise'?");
    expect(didYouMean('zzzzzzzz', names)).toBe('');
  });
});
