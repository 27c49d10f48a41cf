import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { attributionFigure, figureLayout } from '../src/render/attribution-figure.js';
import { rasteriseAttribution } from '../src/render/attribution-image.js';
import {
  clippingThreshold,
  keptValues,
  normaliseAttribution,
} from '../src/render/attribution-scale.js';
import { colormap } from '../src/render/colormaps.js';
import {
  curvePlotLayout,
  curvePlotSvg,
  legendLabel,
  trapezoidAuc,
} from '../src/render/curve-plot.js';
import { niceTicks } from '../src/render/plot-ticks.js';
import { svgToPng } from '../src/render/svg-to-png.js';

/**
 * A signed 48 x 64 map: a ramp from -1 (left) to 1 (right), with one outlier of 30 that
 * holds under 2% of the mass, so Captum's rule clips it.
 */
function ramp(): Float32Array {
  const a = Float32Array.from({ length: 48 * 64 }, (_, p) => ((p % 64) - 31.5) / 31.5);
  a[70] = 30;
  return a;
}

const image = {
  pixels: Float32Array.from({ length: 48 * 64 }, (_, p) => (p * 37) % 256),
  channels: 1,
  height: 48,
  width: 64,
};

function pixel(png: PNG, x: number, y: number): number[] {
  const o = 4 * (y * png.width + x);
  return Array.from(png.data.subarray(o, o + 3));
}

describe('attribution scale (Captum visualize_image_attr)', () => {
  it('clips at the cumulative-mass percentile, as _cumulative_sum_threshold', () => {
    // 1..100: the running sum first reaches 98% of 5050 (4949) at 99 (4950).
    const v = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(clippingThreshold([v], 2)).toBe(99);
    expect(clippingThreshold([v], 0)).toBe(100);
    // Shared over maps: the union's threshold.
    expect(clippingThreshold([v.subarray(0, 50), v.subarray(50)], 2)).toBe(99);
    expect(clippingThreshold([new Float64Array(4)], 2)).toBe(0);
  });

  it('keeps the asked sign and normalises into [-1, 1] or [0, 1]', () => {
    const v = Float64Array.of(-4, -1, 0, 2, 8);
    expect(Array.from(keptValues(v, 'absolute'))).toEqual([4, 1, 0, 2, 8]);
    expect(Array.from(keptValues(v, 'positive'))).toEqual([0, 0, 0, 2, 8]);
    expect(Array.from(keptValues(v, 'negative'))).toEqual([4, 1, 0, 0, 0]);
    expect(Array.from(normaliseAttribution(v, 4))).toEqual([-1, -0.25, 0, 0.5, 1]);
    expect(Array.from(normaliseAttribution(v, 0))).toEqual([0, 0, 0, 0, 0]);
  });

  it('draws each style as Captum does', () => {
    const v = Float64Array.of(0, 0.5, 1);
    const img = { pixels: Float32Array.of(200, 100, 50), channels: 1, height: 1, width: 3 };
    const draw = (style: 'masked_image' | 'alpha_scaling' | 'blended_heat_map' | 'heat_map') =>
      Array.from(
        rasteriseAttribution(v, 1, 3, {
          style,
          sign: 'absolute',
          colormap: 'gray',
          image: img,
          scale: 1,
          alpha: 0.5,
        }).rgba,
      ).filter((_, i) => i % 4 === 0);
    expect(draw('heat_map')).toEqual([0, 128, 255]);
    expect(draw('masked_image')).toEqual([0, 50, 50]); // image x map
    expect(draw('alpha_scaling')).toEqual([255, 178, 50]); // image over white at opacity = map
    expect(draw('blended_heat_map')).toEqual([100, 114, 153]); // half map, half grey image
  });
});

describe('attribution figures', () => {
  it('a signed map: sizes, not constant, the colour bar beside the map with the map scale', async () => {
    const f = attributionFigure(ramp(), 1, 48, 64, { sign: 'all', title: 'ramp' });
    expect(f.raster.width).toBe(64 * 5); // shorter side at least 224: 48 x 5
    expect(f.raster.height).toBe(48 * 5);
    expect(f.threshold).toBeLessThan(1.01); // the outlier is clipped
    const { image, bar } = f.layout;
    expect(bar).toBeDefined();
    expect(bar!.x).toBeGreaterThanOrEqual(image.x + image.width); // no overlap
    const png = PNG.sync.read(await f.png());
    expect([png.width, png.height]).toEqual([f.layout.width, f.layout.height]);
    // The outlier does not wash out the ramp: both ends of the ramp saturate.
    const left = pixel(png, image.x + 2, image.y + image.height - 3);
    const right = pixel(png, image.x + image.width - 3, image.y + image.height - 3);
    expect(left[2]).toBeGreaterThan(left[0]!); // negative: blue
    expect(right[0]).toBeGreaterThan(right[2]!); // positive: red
    // The colour bar runs the colormap from top (+) to bottom (-).
    const cx = bar!.x + Math.floor(bar!.width / 2);
    const top = pixel(png, cx, bar!.y + 2);
    const bottom = pixel(png, cx, bar!.y + bar!.height - 3);
    const middle = pixel(png, cx, bar!.y + Math.floor(bar!.height / 2));
    const near = (a: number[], b: readonly number[]) =>
      a.every((v, k) => Math.abs(v - b[k]!) <= 24);
    expect(near(top, colormap('rdbu')(1))).toBe(true);
    expect(near(bottom, colormap('rdbu')(0))).toBe(true);
    expect(near(middle, colormap('rdbu')(0.5))).toBe(true);
    expect(f.svg).toMatch(/class="colour-bar"/);
    expect(f.svg).toContain(`≥ ${f.threshold.toPrecision(2).replace(/\.?0+$/, '')}`);
  });

  it('blends over the image, and masked_image / alpha_scaling need no colour bar', async () => {
    const blended = attributionFigure(ramp(), 1, 48, 64, { image, sign: 'absolute' });
    expect(blended.layout.bar).toBeDefined();
    const masked = attributionFigure(ramp(), 1, 48, 64, {
      image,
      style: 'masked_image',
      sign: 'positive',
    });
    expect(masked.layout.bar).toBeUndefined();
    const png = PNG.sync.read(await masked.png());
    const values = new Set<number>();
    for (let i = 0; i < png.data.length; i += 4) values.add(png.data[i]!);
    expect(values.size).toBeGreaterThan(10);
    // A shared threshold (a gallery row) is used as given.
    expect(attributionFigure(ramp(), 1, 48, 64, { threshold: 123 }).threshold).toBe(123);
  });

  it('lays the bar and title out of the map', () => {
    const l = figureLayout(100, 80, true, true);
    expect(l.title!.y + l.title!.height).toBeLessThanOrEqual(l.image.y);
    expect(l.bar!.x + l.bar!.width).toBeLessThan(l.width);
    expect(l.height).toBe(l.image.y + 80 + 8);
  });
});

describe('curve plots', () => {
  const series = [
    { name: 'integrated-gradients', ys: [0.9, 0.5, 0.3, 0.2, 0.1] },
    { name: 'saliency', ys: [0.9, 0.7, 0.6, 0.4, 0.2] },
    { name: 'random', ys: [0.9, 0.85, 0.8, 0.6, 0.3] },
  ];

  it('puts ticks on both axes and the AUC in the legend', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 0.93, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 37, 4)).toEqual([0, 10, 20, 30, 40]);
    expect(trapezoidAuc([1, 1, 1])).toBe(1);
    expect(trapezoidAuc([0, 1])).toBe(0.5);
    expect(legendLabel(series[0]!)).toBe('integrated-gradients (AUC 0.375)');
    const svg = curvePlotSvg(series, {
      title: 'deletion',
      yLabel: 'probability',
      direction: 'lower AUC is better',
    });
    expect(svg).toContain('integrated-gradients (AUC 0.375)');
    expect(svg).toContain('lower AUC is better');
    expect(svg).toContain('>probability</text>');
    expect(svg.match(/text-anchor="middle" font-size="11"/g)?.length).toBe(6); // x ticks 0..1
  });

  it('keeps the legend box outside the data area and inside the image, and renders', async () => {
    const o = { title: 'deletion (mean over samples)' };
    const L = curvePlotLayout(series, o);
    const { plot, legend } = L;
    const overlap =
      legend.x < plot.x + plot.width &&
      plot.x < legend.x + legend.width &&
      legend.y < plot.y + plot.height &&
      plot.y < legend.y + legend.height;
    expect(overlap).toBe(false);
    expect(legend.x + legend.width).toBeLessThanOrEqual(L.width);
    expect(plot.x).toBeGreaterThan(40); // room for the y ticks and title
    expect(plot.y + plot.height).toBeLessThan(L.height - 30); // room for the x ticks and title
    const png = PNG.sync.read(await svgToPng(curvePlotSvg(series, o), 72));
    expect([png.width, png.height]).toEqual([L.width, L.height]);
    // Curves drawn inside the data area: some non-white, non-grey pixels there.
    let coloured = 0;
    for (let y = plot.y + 2; y < plot.y + plot.height - 2; y++)
      for (let x = plot.x + 2; x < plot.x + plot.width - 2; x++) {
        const [r, g, b] = pixel(png, x, y);
        if (Math.max(r!, g!, b!) - Math.min(r!, g!, b!) > 60) coloured++;
      }
    expect(coloured).toBeGreaterThan(200);
  });
});
