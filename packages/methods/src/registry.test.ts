import { describe, expect, it } from 'vitest';
import { getMethod, methods } from './registry.js';

describe('method registry', () => {
  it('finds each method by name and lists unknown names with the known ones', () => {
    for (const m of methods) expect(getMethod(m.name)).toBe(m);
    expect(new Set(methods.map((m) => m.name)).size).toBe(methods.length);
    expect(() => getMethod('nope')).toThrow(/gradient, saliency.*'nope'/);
    expect(() => getMethod('integrated-gradient')).toThrow("Did you mean 'integrated-gradients'?");
    expect(() => getMethod('rice')).toThrow("Did you mean 'rise'?");
  });
});
