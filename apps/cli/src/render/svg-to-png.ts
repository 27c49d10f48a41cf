import sharp from 'sharp';

/** Rasterises an SVG document (the curve plots) to PNG bytes, at twice its size for sharpness. */
export async function svgToPng(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg), { density: 144 }).png().toBuffer();
}
