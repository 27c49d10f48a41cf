// The benchmarks' batch of fixture images: every sixth one (the fixtures are sorted by label,
// so the classes vary), with its label as the target; compare-captum.md's inputs.
import { loadFixtureInputs, loadFixtureLabels } from '@xai/fixtures';

/** n fixture images as one [n, C, H, W] tensor, their labels, and the sample's size. */
export function fixtureBatch(n) {
  const all = loadFixtureInputs();
  const labels = loadFixtureLabels();
  const [, C, H, W] = all.shape;
  const plane = C * H * W;
  const images = Array.from({ length: n }, (_, i) => (i * 6) % labels.length);
  const x = { data: new Float32Array(n * plane), shape: [n, C, H, W] };
  for (const [i, img] of images.entries()) {
    x.data.set(all.data.subarray(img * plane, (img + 1) * plane), i * plane);
  }
  return { x, target: images.map((i) => labels[i]), C, H, W, plane };
}
