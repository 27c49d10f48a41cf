import { presets } from '@xai/images';
import { describe, expect, it } from 'vitest';
import { degenerateMapWarnings, modelUnitRange, rawPixelWarning } from './warnings.js';

describe('input and map warnings', () => {
  it('computes the model-unit range of a preset', () => {
    const [lo, hi] = modelUnitRange(presets.imagenet);
    expect(lo).toBeCloseTo(-0.485 / 0.229, 6);
    expect(hi).toBeCloseTo((1 - 0.406) / 0.225, 6);
  });

  it('flags whole-number 0-255 samples, not model units', () => {
    const raw = Float32Array.from({ length: 784 }, (_, i) => i % 256);
    expect(rawPixelWarning(raw, 'x.npy', presets.none, 'none')).toMatch(
      /'x.npy' looks like raw 0-255 pixels .*up to 255.*--preprocess none expects model units in \[0.00, 1.00\]/,
    );
    const units = Float32Array.from({ length: 784 }, (_, i) => ((i % 256) / 255 - 0.5) / 0.5);
    expect(
      rawPixelWarning(units, 'x.npy', presets['minus-one-one'], 'minus-one-one'),
    ).toBeUndefined();
    // Binary 0/1 masks and small integers fit the units: no warning.
    expect(
      rawPixelWarning(Float32Array.of(0, 1, 1, 0), 'm.npy', presets.none, 'none'),
    ).toBeUndefined();
  });

  it('flags constant and all-zero maps, one line per sample', () => {
    const t = { data: Float32Array.of(0, 0, 2, 2, 1, 3), shape: [3, 2] };
    const w = degenerateMapWarnings(t, ['a.png', 'b.png', 'c.png']);
    expect(w).toHaveLength(2);
    expect(w[0]).toMatch(/'a.png' is all zero/);
    expect(w[1]).toMatch(/'b.png' is constant \(2\)/);
  });
});
