import type { DecodedImage } from '@xai/images';
import {
  type AttributionStyle,
  type Raster,
  rasteriseAttribution,
  rasterPng,
} from './attribution-image.js';
import {
  type AttributionSign,
  clippingThreshold,
  keptValues,
  normaliseAttribution,
  sumChannels,
} from './attribution-scale.js';
import { type Box, colourBarSvg, escapeXml } from './colour-bar.js';
import { svgToPng } from './svg-to-png.js';

export interface FigureOptions {
  readonly style?: AttributionStyle;
  readonly sign?: AttributionSign;
  /** Default: rdbu for 'all', inferno otherwise. */
  readonly colormap?: string;
  /** Percent of the attribution mass clipped as outliers (Captum's outlier_perc, 2). */
  readonly outlierPercent?: number;
  /** A clipping point shared with other maps (a gallery row); default this map's own. */
  readonly threshold?: number;
  readonly image?: DecodedImage;
  readonly alpha?: number;
  /** Each value drawn as scale x scale pixels (default: the shorter side reaches 224). */
  readonly scale?: number;
  readonly title?: string;
  /** Draw the colour bar (default true; masked_image and alpha_scaling have none). */
  readonly colourBar?: boolean;
}

/** Where the parts of a figure go, in SVG user units (= PNG pixels at density 72). */
export interface FigureLayout {
  readonly width: number;
  readonly height: number;
  readonly image: Box;
  readonly bar?: Box;
  readonly title?: Box;
}

const pad = 8;
const barWidth = 14;
const barLabels = 56;
const titleHeight = 20;

/** The layout of a figure around a `w` x `h` map: title on top, colour bar on the right. */
export function figureLayout(w: number, h: number, bar: boolean, title: boolean): FigureLayout {
  const top = pad + (title ? titleHeight : 0);
  const image = { x: pad, y: top, width: w, height: h };
  const barBox = bar ? { x: pad + w + 10, y: top, width: barWidth, height: h } : undefined;
  return {
    width: pad + w + (bar ? 10 + barWidth + barLabels : 0) + pad,
    height: top + h + pad,
    image,
    ...(barBox ? { bar: barBox } : {}),
    ...(title ? { title: { x: pad, y: pad, width: w, height: titleHeight } } : {}),
  };
}

export interface AttributionFigure {
  readonly svg: string;
  readonly layout: FigureLayout;
  readonly raster: Raster;
  /** The clipping point used (attribution units). */
  readonly threshold: number;
  png(): Promise<Buffer>;
}

/** The defaults of a figure: signed maps diverging, magnitudes in inferno. */
export function resolvedFigureOptions(o: FigureOptions) {
  const sign = o.sign ?? 'absolute';
  return {
    style: o.style ?? (o.image ? 'blended_heat_map' : 'heat_map'),
    sign,
    colormap: o.colormap ?? (sign === 'all' ? 'rdbu' : 'inferno'),
    outlierPercent: o.outlierPercent ?? 2,
  } as const;
}

/**
 * One attribution map [C, H, W] drawn as Captum's `visualize_image_attr` draws it
 * (channels summed, `sign` kept, outliers clipped, a style over the image) with a colour
 * bar in attribution units; SVG text (the raster embedded as a PNG) and PNG bytes.
 */
export function attributionFigure(
  a: Float32Array,
  C: number,
  H: number,
  W: number,
  options: FigureOptions = {},
): AttributionFigure {
  const o = resolvedFigureOptions(options);
  const kept = keptValues(sumChannels(a, C, H, W), o.sign);
  const threshold = options.threshold ?? clippingThreshold([kept], o.outlierPercent);
  const scale = options.scale ?? Math.max(1, Math.ceil(224 / Math.min(H, W)));
  const raster = rasteriseAttribution(normaliseAttribution(kept, threshold), H, W, {
    style: o.style,
    sign: o.sign,
    colormap: o.colormap,
    scale,
    ...(options.image ? { image: options.image } : {}),
    ...(options.alpha !== undefined ? { alpha: options.alpha } : {}),
  });
  const bar =
    (options.colourBar ?? true) && o.style !== 'masked_image' && o.style !== 'alpha_scaling';
  const layout = figureLayout(raster.width, raster.height, bar, options.title !== undefined);
  const png = rasterPng(raster).toString('base64');
  const { image } = layout;
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" font-family="DejaVu Sans, Arial, sans-serif">`,
    `<rect width="${layout.width}" height="${layout.height}" fill="white"/>`,
    layout.title
      ? `<text x="${layout.title.x}" y="${layout.title.y + 14}" font-size="13" fill="#111">${escapeXml(options.title!)}</text>`
      : '',
    `<image x="${image.x}" y="${image.y}" width="${image.width}" height="${image.height}" style="image-rendering:pixelated" href="data:image/png;base64,${png}"/>`,
    layout.bar ? colourBarSvg(layout.bar, o.colormap, o.sign, threshold, 'bar') : '',
    '</svg>',
    '',
  ].join('');
  return { svg, layout, raster, threshold, png: () => svgToPng(svg, 72) };
}
