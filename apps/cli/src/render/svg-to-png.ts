import sharp from 'sharp';

/**
 * Rasterises an SVG document (plots, figures) to PNG bytes; density 144 (the default)
 * draws it at twice its size for sharpness, 72 at its own size.
 */
export async function svgToPng(svg: string, density = 144): Promise<Buffer> {
  return sharp(Buffer.from(svg), { density }).png().toBuffer();
}
