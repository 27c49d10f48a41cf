import { loadOnnxModel } from '@xai/backend-onnx';
import { gaussianBlur, type Tensor } from '@xai/core';
import { fixtureModelPath, loadFixtureInputs, loadFixtureLabels } from '@xai/fixtures';
import { describe, expect, it } from 'vitest';
import { type IGosOptions, type IGosResult, runIGos } from '../src/search/i-gos.js';
import { fmt, GOLDEN_D, GOLDEN_IMAGES, golden } from './golden-images.js';
import { describeOnGoldenModels, logPerImage } from './golden-suite.js';
import { pearsonPerSample } from './pearson.js';
import { expectWithinSeedSpread, lowestSeedPair, meanPearsonWithSeeds } from './seed-spread.js';

// The authors' code (github zhongangqi/IGOS at 541e440, `Integrated_Mask` with its __main__'s
// settings) on fixture images 0, 25, 50, 75, their labels as targets, one image at a time:
// fixtures/i-gos/README.md says how and with which patches.
const B = GOLDEN_IMAGES.length;
const D = GOLDEN_D;
const file = (name: string) => golden('i-gos', name);

function goldenInputs(): Tensor {
  const all = loadFixtureInputs();
  const data = new Float32Array(B * D);
  for (const [j, i] of GOLDEN_IMAGES.entries())
    data.set(all.data.subarray(i * D, (i + 1) * D), j * D);
  return { data, shape: [B, 1, 28, 28] };
}

async function explain(
  name: 'cnn' | 'resnet',
  options: Partial<IGosOptions> & { seed?: number },
): Promise<IGosResult> {
  const model = await loadOnnxModel(fixtureModelPath(name));
  const labels = loadFixtureLabels();
  try {
    const target = GOLDEN_IMAGES.map((i) => labels[i]!);
    return await runIGos(model, goldenInputs(), {
      target,
      preset: 'reference-code',
      ...options,
    });
  } finally {
    await model.dispose();
  }
}

/** max |a - b| over max |b|, per image of `size` values. */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>, size: number): number[] {
  return Array.from({ length: B }, (_, j) => {
    let worst = 0;
    let scale = 0;
    for (let i = j * size; i < (j + 1) * size; i++) {
      worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
      scale = Math.max(scale, Math.abs(b[i]!));
    }
    return worst / scale;
  });
}

/**
 * Per image, the closer of their float32 and float64 runs: the smaller relative error and
 * the larger Pearson. Their own two runs differ by up to Pearson 0.9926 on the CNN at 28 x 28
 * (README), so either is as much "their code" as the other.
 */
function agreement(ours: Float32Array, name: string, size: number, suffix = '') {
  const n = suffix === '.up' ? D : size * size;
  const runs = ['', '.float64'].map((p) =>
    file(`igos.${name}.mask${size}.noise0${p}${suffix}.npy`),
  );
  const rel = runs.map((t) => relativeError(ours, t.data, n));
  const r = runs.map((t) => pearsonPerSample(ours, t.data, n));
  return {
    rel: GOLDEN_IMAGES.map((_, j) => Math.min(rel[0]![j]!, rel[1]![j]!)),
    pearson: GOLDEN_IMAGES.map((_, j) => Math.max(r[0]![j]!, r[1]![j]!)),
  };
}

/** The bar for deterministic parts: 1e-4 relative or Pearson >= 0.999, per image. */
const agrees = (a: { rel: number[]; pearson: number[] }) =>
  a.rel.map((v, j) => v <= 1e-4 || a.pearson[j]! >= 0.999);

describe('i-gos blurred baseline', () => {
  it("core's gaussianBlur(51, 50) equals cv2.GaussianBlur(img, (51, 51), 50) on the fixtures", () => {
    const ours = gaussianBlur(goldenInputs(), 51, 50);
    const theirs = file('igos.cnn.blur51.npy');
    const r = relativeError(ours.data, theirs.data, D);
    console.log('blur 51/50 relative error', fmt(r));
    for (const v of r) expect(v).toBeLessThan(1e-5);
  });
});

// Each run is 15 iterations of 20 gradient passes per image, about a second per model.
describeOnGoldenModels("i-gos 'reference-code' against the authors' code", (name) => {
  it('noise off, 28 x 28 mask: each mask within 1e-4 relative or Pearson 0.999 of their run', async () => {
    const ours = await explain(name, { noise: 0 });
    const a = agreement(ours.masks.data, name, 28);
    logPerImage(name, { 'mask 28: relative error': a.rel, Pearson: a.pearson });
    expect(agrees(a)).toEqual([true, true, true, true]);
  });

  it('noise off, 7 x 7 mask: corner-aligned upsampling and the λ1 schedule as theirs', async () => {
    const ours = await explain(name, { noise: 0, maskSize: 7 });
    const a = agreement(ours.masks.data, name, 7);
    // Their upsampled mask against ours, 1 - attribution.
    const up = agreement(
      Float32Array.from(ours.attribution.data, (v) => 1 - v),
      name,
      7,
      '.up',
    );
    logPerImage(name, {
      'mask 7: relative error': a.rel,
      Pearson: a.pearson,
      'up(M): relative error': up.rel,
      'up(M): Pearson': up.pearson,
    });
    expect(agrees(a)).toEqual([true, true, true, true]);
    expect(agrees(up)).toEqual([true, true, true, true]);
    // λ1 in each iteration, as their run printed it (divided after iterations 7 and 12);
    // the file holds float32.
    const schedule = file(`igos.${name}.mask7.noise0.l1.npy`); // [4, 15]
    for (let j = 0; j < B; j++) {
      for (let k = 0; k < 15; k++) {
        expect(Math.fround(ours.trace[k]![j]!.l1)).toBe(schedule.data[j * 15 + k]);
      }
    }
    expect(Array.from(schedule.data).some((v) => v !== 1)).toBe(true);
  });

  it("'paper', and each of the code's settings switched back alone, miss their run", async () => {
    const schedule = file(`igos.${name}.mask7.noise0.l1.npy`).data;
    const fired = GOLDEN_IMAGES.map((_, j) => schedule[j * 15 + 14]! !== 1);
    const misses = async (options: Partial<IGosOptions>) => {
      const ours = await explain(name, { noise: 0, maskSize: 7, ...options });
      const a = agreement(ours.masks.data, name, 7);
      logPerImage(`${name} ${JSON.stringify(options)}`, {
        'relative error': a.rel,
        Pearson: a.pearson,
      });
      return agrees(a).map((v) => !v);
    };
    expect((await misses({ preset: 'paper' })).some(Boolean)).toBe(true);
    expect((await misses({ upsampling: 'half-pixel' })).some(Boolean)).toBe(true);
    expect((await misses({ blurSize: 11, blurSigma: 5 })).some(Boolean)).toBe(true);
    // Without the schedule only images it fired on can end elsewhere (a mask that has not
    // moved by iteration 7 may not move with the smaller λ1 either), and some do.
    const constant = await misses({ l1Schedule: 'constant' });
    for (const [j, miss] of constant.entries()) if (miss) expect(fired[j]).toBe(true);
    expect(constant.some(Boolean)).toBe(true);
  });

  it('noise on (their doubled draw): agreement with their seeds is within the spread between their own seeds', async () => {
    const theirs = [1, 2, 3, 4, 5, 6, 7, 8].map(
      (s) => file(`igos.${name}.mask28.seed${s}.npy`).data,
    );
    const pairs = file(`igos.${name}.seed-pairs-pearson.npy`); // [28 seed pairs, 4 images]
    const spreadMin = lowestSeedPair(pairs.data, B);
    const meanAgreement = async (options: Partial<IGosOptions> & { seed: number }) =>
      meanPearsonWithSeeds((await explain(name, options)).masks.data, theirs, D);
    for (const seed of [1, 2]) {
      const mean = await meanAgreement({ seed, authorsBugs: ['doubled-noise'] });
      expectWithinSeedSpread(`${name} seed ${seed}, their 8 seeds:`, mean, spreadMin);
    }
    if (name === 'cnn') {
      // The bar can fail: with the draw not doubled (sigma 0.2, the fix) the CNN's masks are
      // another distribution, and image 75 falls below their spread for both seeds. (On the
      // ResNet their seeds agree too little, Pearson down to -0.01, to tell the two apart.)
      for (const seed of [1, 2]) {
        const fixed = await meanAgreement({ seed });
        console.log(name, `seed ${seed}, noise not doubled:`, fmt(fixed));
        expect(fixed[3]!).toBeLessThan(spreadMin[3]!);
      }
    }
  });
});
