import { fixtureImagePaths, fixtureManifest, loadFixtureInputs } from '@xai/fixtures';
import { describe, expect, it } from 'vitest';
import { loadInputs, presets, resolvePreprocess } from '../src/index.js';

describe('@xai/images', () => {
  it("keeps the fashion-mnist preset equal to the fixtures' normalisation", () => {
    const n = fixtureManifest().normalisation;
    expect(presets['fashion-mnist']).toEqual({ mean: [n.mean], std: [n.std] });
    expect(resolvePreprocess('imagenet')).toMatchObject({ resize: 256, crop: 224 });
  });

  it('loads a fixture PNG exactly as the fixtures store it in model units', async () => {
    const { x, sources, images } = await loadInputs(
      fixtureImagePaths()[7]!,
      [1, 28, 28],
      'fashion-mnist',
    );
    expect(x.shape).toEqual([1, 1, 28, 28]);
    expect(sources).toEqual([fixtureImagePaths()[7]]);
    expect(images[0]?.channels).toBe(1);
    const stored = loadFixtureInputs().data.subarray(7 * 784, 8 * 784);
    let worst = 0;
    for (let i = 0; i < 784; i++) worst = Math.max(worst, Math.abs(x.data[i]! - stored[i]!));
    expect(worst).toBeLessThan(1e-5);
  });

  it('names the preset flag and the choices for an unknown preset', () => {
    expect(() => resolvePreprocess('imagenett')).toThrow(/--preprocess among none, .*'imagenett'/);
  });
});
