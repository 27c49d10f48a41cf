import { describe, expect, it } from 'vitest';
import { Adam } from './adam.js';

describe('Adam', () => {
  it('takes the bias-corrected steps of algorithm 1', () => {
    const p = Float64Array.from([1, -2]);
    const adam = new Adam(2, { learningRate: 0.1, direction: 'descent' });
    adam.step(p, [0.5, -4]);
    // First step: m_hat = g, v_hat = g^2, so each parameter moves by lr * sign(g) (to epsilon).
    expect(p[0]).toBeCloseTo(0.9, 6);
    expect(p[1]).toBeCloseTo(-1.9, 6);
    const afterFirst = p[0]!;
    adam.step(p, [0.25, 0]);
    const m = 0.9 * 0.1 * 0.5 + 0.1 * 0.25;
    const v = 0.999 * 0.001 * 0.25 + 0.001 * 0.0625;
    const want = afterFirst - (0.1 * (m / (1 - 0.81))) / (Math.sqrt(v / (1 - 0.999 ** 2)) + 1e-8);
    expect(p[0]).toBeCloseTo(want, 9);
  });

  it('ascends when asked', () => {
    const p = Float64Array.from([0]);
    new Adam(1, { learningRate: 0.5, direction: 'ascent' }).step(p, [2]);
    expect(p[0]).toBeCloseTo(0.5, 6);
  });
});
