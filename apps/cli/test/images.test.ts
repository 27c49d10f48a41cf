/**
 * Image inputs (PNG, JPEG, WebP through sharp, resize and centre crop) and heatmap
 * outputs (colormaps, signed maps, overlays), each against an independent expectation.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { npyToTensor, XaiError } from '@xai/core';
import { fixtureImagePaths, fixtureModelPath, loadFixtureInputs } from '@xai/fixtures';
import { PNG } from 'pngjs';
import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../src/inputs/load-inputs.js';
import { resolvePreprocess } from '../src/inputs/preprocess.js';
import { readImage } from '../src/inputs/read-image.js';
import { figureLayout } from '../src/render/attribution-figure.js';
import { colormap } from '../src/render/colormaps.js';
import { runCli } from './run-cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'xai-images-'));

/** A W x H RGB image whose red is x, green y and blue (x + y) mod 256. */
async function ramp(W: number, H: number): Promise<Sharp> {
  const raw = Buffer.alloc(W * H * 3);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) raw.set([x % 256, y % 256, (x + y) % 256], 3 * (y * W + x));
  return sharp(raw, { raw: { width: W, height: H, channels: 3 } });
}

describe('image inputs', () => {
  it('reads the fixture PNGs to exactly the fixture inputs (fashion-mnist preset)', async () => {
    const loaded = await loadInputs(fixtureImagePaths()[0]!, [1, 28, 28], 'fashion-mnist');
    const want = loadFixtureInputs().data.subarray(0, 784);
    let worst = 0;
    for (let i = 0; i < 784; i++) worst = Math.max(worst, Math.abs(loaded.x.data[i]! - want[i]!));
    expect(worst).toBeLessThan(1e-6);
  });

  it('decodes PNG, lossless WebP and JPEG to the same pixels (JPEG within its loss)', async () => {
    const dir = tmp();
    const img = await ramp(20, 12);
    await img.clone().png().toFile(join(dir, 'a.png'));
    await img.clone().webp({ lossless: true }).toFile(join(dir, 'a.webp'));
    await img.clone().jpeg({ quality: 100 }).toFile(join(dir, 'a.jpg'));
    const pre = resolvePreprocess('none');
    const png = await readImage(join(dir, 'a.png'), [3, 12, 20], pre);
    const webp = await readImage(join(dir, 'a.webp'), [3, 12, 20], pre);
    const jpg = await readImage(join(dir, 'a.jpg'), [3, 12, 20], pre);
    expect(Array.from(webp.pixels)).toEqual(Array.from(png.pixels));
    // Planar [C, H, W]: red is x, green is y.
    expect(png.pixels[5]).toBe(5);
    expect(png.pixels[240 + 3 * 20]).toBe(3);
    let mean = 0;
    for (let i = 0; i < png.pixels.length; i++) mean += Math.abs(jpg.pixels[i]! - png.pixels[i]!);
    expect(mean / png.pixels.length).toBeLessThan(3);
  });

  it('converts colour to one channel as PIL does (ITU-R 601 luma, rounded)', async () => {
    const dir = tmp();
    await sharp(Buffer.from([200, 100, 50, 10, 20, 250]), {
      raw: { width: 2, height: 1, channels: 3 },
    })
      .png()
      .toFile(join(dir, 'c.png'));
    const g = await readImage(join(dir, 'c.png'), [1, 1, 2], resolvePreprocess('none'));
    const luma = (r: number, gr: number, b: number) =>
      Math.round(0.299 * r + 0.587 * gr + 0.114 * b);
    expect(Array.from(g.pixels)).toEqual([luma(200, 100, 50), luma(10, 20, 250)]);
  });

  it('resizes the shorter side and centre-crops like torchvision (a half-black, half-white image)', async () => {
    const dir = tmp();
    const W = 400;
    const H = 200;
    const raw = Buffer.alloc(W * H * 3);
    for (let y = 0; y < H; y++)
      for (let x = W / 2; x < W; x++) raw.fill(255, 3 * (y * W + x), 3 * (y * W + x) + 3);
    await sharp(raw, { raw: { width: W, height: H, channels: 3 } })
      .png()
      .toFile(join(dir, 'h.png'));
    // 400x200 -> 200x100, then the middle 100 columns: black on the left, white on the right.
    const img = await readImage(
      join(dir, 'h.png'),
      [3, 100, 100],
      resolvePreprocess({ preprocess: 'none', resize: '100', crop: '100' }),
    );
    expect(img.width).toBe(100);
    for (const row of [0, 50, 99]) {
      expect(img.pixels[row * 100 + 10]).toBe(0);
      expect(img.pixels[row * 100 + 90]).toBe(255);
      expect(img.pixels[row * 100 + 48]).toBeLessThan(64);
      expect(img.pixels[row * 100 + 52]).toBeGreaterThan(191);
    }
  });

  it('the imagenet preset maps a 500x375 photo to a normalised 3x224x224 input', async () => {
    const dir = tmp();
    await sharp({
      create: { width: 500, height: 375, channels: 3, background: { r: 124, g: 116, b: 104 } },
    })
      .jpeg({ quality: 100 })
      .toFile(join(dir, 'p.jpg'));
    const { x } = await loadInputs(join(dir, 'p.jpg'), [3, 224, 224], 'imagenet');
    expect(x.shape).toEqual([1, 3, 224, 224]);
    // (124/255 - 0.485) / 0.229 is about 0: the colour is ImageNet's mean.
    for (const c of [0, 1, 2]) expect(Math.abs(x.data[c * 224 * 224 + 1000]!)).toBeLessThan(0.03);
  });

  it('names the culprit and the fix: undecodable, too small to crop, wrong size', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'bad.png'), 'not an image');
    await (await ramp(30, 20)).png().toFile(join(dir, 'small.png'));
    const none = resolvePreprocess('none');
    await expect(readImage(join(dir, 'bad.png'), [3, 20, 30], none)).rejects.toMatchObject({
      code: 'INVALID_FILE',
      message: expect.stringContaining('bad.png'),
    });
    await expect(
      readImage(
        join(dir, 'small.png'),
        [3, 224, 224],
        resolvePreprocess({ preprocess: 'none', crop: '224' }),
      ),
    ).rejects.toMatchObject({
      code: 'SHAPE_MISMATCH',
      message: expect.stringContaining('--resize 224'),
    });
    await expect(readImage(join(dir, 'small.png'), [3, 28, 28], none)).rejects.toMatchObject({
      code: 'SHAPE_MISMATCH',
      message: expect.stringContaining('--resize and --crop'),
    });
    expect(() => resolvePreprocess('vgg')).toThrow(XaiError);
    expect(() => resolvePreprocess({ preprocess: 'custom', std: '0.2,0' })).toThrow(/--std/);
  });
});

describe('heatmaps', () => {
  it('colormaps run from their first to their last stop; rdbu is white at 0.5', () => {
    expect(colormap('gray')(0)).toEqual([0, 0, 0]);
    expect(colormap('gray')(1)).toEqual([255, 255, 255]);
    expect(colormap('inferno')(1)).toEqual([252, 255, 164]);
    expect(colormap('rdbu')(0.5)).toEqual([247, 247, 247]);
    expect(colormap('rdbu')(1)[0]).toBeGreaterThan(colormap('rdbu')(1)[2]); // positive is red
    expect(() => colormap('jet')).toThrow(/--colormap/);
  });

  it('xai explain --heatmaps writes one PNG per image, over the images with --overlay', async () => {
    const dir = tmp();
    const images = join(dir, 'in');
    const { mkdirSync, copyFileSync } = await import('node:fs');
    mkdirSync(images);
    for (const p of fixtureImagePaths().slice(0, 2))
      copyFileSync(p, join(images, p.split('/').pop()!));
    const maps = join(dir, 'maps');
    const r = await runCli([
      'explain',
      '--model',
      fixtureModelPath('cnn'),
      '--input',
      images,
      '--preprocess',
      'fashion-mnist',
      '--method',
      'gradient',
      '--out',
      join(dir, 'a.npy'),
      '--heatmaps',
      maps,
      '--overlay',
      '--colormap',
      'rdbu',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(maps).sort();
    expect(files).toHaveLength(2);
    expect(JSON.parse(r.stdout).heatmaps).toHaveLength(2);
    const png = PNG.sync.read(readFileSync(join(maps, files[0]!)));
    // 28 x 8 = 224 px of map, with the colour bar beside it.
    const layout = figureLayout(224, 224, true, false);
    expect([png.width, png.height]).toEqual([layout.width, layout.height]);
    const colours = new Set<number>();
    for (let i = 0; i < png.data.length; i += 4)
      colours.add((png.data[i]! << 16) | (png.data[i + 1]! << 8) | png.data[i + 2]!);
    expect(colours.size).toBeGreaterThan(50);
    expect(npyToTensor(new Uint8Array(readFileSync(join(dir, 'a.npy')))).shape).toEqual([
      2, 1, 28, 28,
    ]);

    const npyInput = join(dir, 'x.npy');
    writeFileSync(npyInput, readFileSync(join(dir, 'a.npy')));
    const bad = await runCli([
      'explain',
      '--model',
      fixtureModelPath('cnn'),
      '--input',
      npyInput,
      '--method',
      'gradient',
      '--out',
      join(dir, 'b.npy'),
      '--heatmaps',
      join(dir, 'm2'),
      '--overlay',
    ]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--overlay/);
  }, 60_000);
});
