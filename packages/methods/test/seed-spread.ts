/**
 * Agreement with a stochastic reference: a map is as close to their code as their code's own
 * seeds are to each other when its mean Pearson with their seeds reaches, per image, the
 * Pearson of their two least alike seeds.
 */
import { expect } from 'vitest';
import { logPerImage } from './golden-suite.js';
import { pearsonPerSample } from './pearson.js';

/** Per image (of `size` values), the mean over their seeds' maps of the Pearson of `ours` with each. */
export function meanPearsonWithSeeds(
  ours: Float32Array,
  theirs: readonly Float32Array[],
  size: number,
): number[] {
  const r = theirs.map((t) => pearsonPerSample(ours, t, size));
  return r[0]!.map((_, j) => r.reduce((s, v) => s + v[j]!, 0) / r.length);
}

/** Per image, the lowest Pearson of their seed pairs, from a `[pairs, images]` table. */
export function lowestSeedPair(pairs: Float32Array, images: number): number[] {
  const rows = pairs.length / images;
  return Array.from({ length: images }, (_, j) =>
    Math.min(...Array.from({ length: rows }, (_, p) => pairs[p * images + j]!)),
  );
}

/** Expects `mean` (ours with their seeds) to reach `lowest` (their least alike pair) per image; logs both. */
export function expectWithinSeedSpread(label: string, mean: number[], lowest: number[]): void {
  logPerImage(label, { 'mean Pearson with their seeds': mean, 'their lowest pair': lowest });
  for (const [j, v] of mean.entries()) expect(v).toBeGreaterThanOrEqual(lowest[j]!);
}
