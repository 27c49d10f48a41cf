/// <reference lib="dom" />
/**
 * The playground's resizing against the CLI's, in headless Chromium from the built site:
 * the same image files decoded and resized by the page (canvas decoding, resize.ts) and by
 * @xai/images in Node (sharp), for the presets that resize ('imagenet': shorter side 256,
 * crop 224; 'imagenet-299': 342, crop 299), enlarging (the 28x28 fixtures) and shrinking
 * (generated photographs-like images from 1.2x to 5x, where sharp also box-filters first).
 * Differences are reported in pixel units (0-255). PNG (grey, RGB, opaque RGBA): none
 * when shrinking, to the bit; at most 1 when enlarging (ENLARGE). JPEG: the two decoders (Chromium's and libvips's libjpeg-turbo builds) differ
 * by rounding, and when sharp shrinks a JPEG by 2 or more it decodes it at a reduced
 * size (libjpeg's DCT scaling), which a page cannot: the measured bounds are asserted.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeOnnxModel } from '@xai/backend-onnx';
import { fixtureImagePaths, fixtureModelPath } from '@xai/fixtures';
import { loadInputs, presets } from '@xai/images';
import { type Browser, type Page, chromium as playwright } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSite } from '../scripts/serve-site.mjs';
import { browserRequired, findChromium } from './browser/find-chromium.js';
import { playgroundReady, runPlayground, setField } from './browser/playground-page.js';

const distDir = fileURLToPath(new URL('../dist', import.meta.url));
const executablePath = findChromium();
const required = browserRequired();
/**
 * Measured (see the header), in pixel units. Enlarging: 0 for the fixtures (28 to 256 or
 * 342), 1 at 342/300 (libvips computes the sample positions in another order of float
 * operations, so a position's 12-bit fraction now and then truncates one step apart).
 * JPEGs: 0 for 480x360 here (1 on other content); 20 for 1024x768 shrunk 3x.
 */
const ENLARGE = 1;
const JPEG_DECODE = 1;
const JPEG_SHRINK_ON_LOAD = 20;

/** A model taking [N, 3, side, side]: global average pool, then 2 logits (any model would do). */
function rgbModel(side: number): Uint8Array {
  const proto = decodeOnnxModel(new Uint8Array(readFileSync(fixtureModelPath('mlp'))), 'mlp');
  const codec = proto.constructor as unknown as {
    fromObject(o: unknown): unknown;
    encode(m: unknown): { finish(): Uint8Array };
  };
  const tensor = (name: string, dims: number[]) => ({
    name,
    type: {
      tensorType: {
        elemType: 1,
        shape: { dim: dims.map((d) => (d < 0 ? { dimParam: 'batch' } : { dimValue: d })) },
      },
    },
  });
  return codec
    .encode(
      codec.fromObject({
        irVersion: 7,
        opsetImport: [{ domain: '', version: 13 }],
        graph: {
          name: 'rgb',
          node: [
            { opType: 'GlobalAveragePool', input: ['input'], output: ['pooled'] },
            {
              opType: 'Flatten',
              input: ['pooled'],
              output: ['flat'],
              attribute: [{ name: 'axis', type: 2, i: 1 }],
            },
            { opType: 'Gemm', input: ['flat', 'w', 'b'], output: ['logits'] },
          ],
          initializer: [
            { name: 'w', dims: [3, 2], dataType: 1, floatData: [1, -1, 0.5, 0.25, -0.5, 1] },
            { name: 'b', dims: [2], dataType: 1, floatData: [0, 0] },
          ],
          input: [tensor('input', [-1, 3, side, side])],
          output: [tensor('logits', [-1, 2])],
        },
      }),
    )
    .finish();
}

/** Images drawn and encoded by the page itself (smooth gradients, edges and noise). */
async function makeImage(
  page: Page,
  width: number,
  height: number,
  type: 'image/png' | 'image/jpeg',
  alpha: boolean,
): Promise<Uint8Array> {
  const b64 = await page.evaluate(
    async ([w, h, t, a]) => {
      const c = new OffscreenCanvas(w as number, h as number);
      const ctx = c.getContext('2d', { alpha: a as boolean })!;
      const img = ctx.createImageData(w as number, h as number);
      let s = 12345;
      for (let i = 0; i < img.data.length; i += 4) {
        const p = i / 4;
        const x = p % (w as number);
        const y = Math.floor(p / (w as number));
        s = (s * 1103515245 + 12345) >>> 0;
        const noise = (s >>> 24) & 63;
        img.data[i] = (x * 255) / (w as number) + noise;
        img.data[i + 1] = (y * 255) / (h as number) + (((x >> 4) + (y >> 4)) % 2) * 90;
        img.data[i + 2] = (x * y) % 256;
        img.data[i + 3] = 255;
      }
      ctx.putImageData(img, 0, 0);
      const blob = await c.convertToBlob({ type: t as string, quality: 0.92 });
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let bin = '';
      for (const v of bytes) bin += String.fromCharCode(v);
      return btoa(bin);
    },
    [width, height, type, alpha],
  );
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

/** The largest |page - Node| over the input, in pixel units (0-255), by channel's std. */
function pixelGap(page: readonly number[], node: Float32Array, std: readonly number[]): number {
  const plane = node.length / std.length;
  let gap = 0;
  for (let i = 0; i < node.length; i++) {
    gap = Math.max(gap, Math.abs(page[i]! - node[i]!) * std[Math.floor(i / plane)]! * 255);
  }
  // Undo float32 noise of the normalisation: pixel units are whole numbers.
  return Math.round(gap * 1000) / 1000;
}

describe.skipIf(!executablePath && !required)('the playground resizes as the CLI does', () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof serveSite>>;
  let page: Page;
  let dir: string;
  const measured: string[] = [];

  beforeAll(async () => {
    if (!executablePath)
      throw new Error("No Chromium for the docs' browser test (see browser.test.ts).");
    site = await serveSite(distDir, 0, { isolated: true });
    browser = await playwright.launch({ executablePath, args: ['--no-sandbox'] });
    page = await browser.newPage();
    await page.goto(`${site.origin}/playground`, { waitUntil: 'load', timeout: 120_000 });
    await playgroundReady(page);
    await setField(page, 'withCurves', false);
    dir = mkdtempSync(path.join(tmpdir(), 'xai-resize-'));
  }, 180_000);

  afterAll(async () => {
    console.info(`resize, page vs sharp (max |difference|, pixel units):\n${measured.join('\n')}`);
    await browser?.close();
    await site?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Drops `bytes` as `name`, runs, and returns the page's input against loadInputs's. */
  async function compare(name: string, bytes: Uint8Array, preset: 'imagenet' | 'imagenet-299') {
    const file = path.join(dir, name);
    writeFileSync(file, bytes);
    const b64 = Buffer.from(bytes).toString('base64');
    await page.evaluate(
      async ([n, data]) => {
        const raw = Uint8Array.from(atob(data as string), (c) => c.charCodeAt(0));
        const w = window as unknown as { xaiPlayground: { takeFiles(f: File[]): Promise<void> } };
        await w.xaiPlayground.takeFiles([new File([raw], n as string)]);
      },
      [name, b64],
    );
    const run = await runPlayground(page, false);
    expect(run.error, name).toBeUndefined();
    const side = presets[preset].crop;
    const node = (await loadInputs(file, [3, side, side], presets[preset])).x;
    const gap = pixelGap(run.input!, node.data, presets[preset].std);
    measured.push(`${preset} ${name}: ${gap}`);
    return gap;
  }

  /** Drops a model taking [3, side, side] and waits until it is the page's. */
  async function useModel(side: number) {
    await page.evaluate(
      async (bytes) => {
        const w = window as unknown as { xaiPlayground: { takeFiles(f: File[]): Promise<void> } };
        await w.xaiPlayground.takeFiles([
          new File([new Uint8Array(bytes)], `rgb-${bytes.length}.onnx`),
        ]);
      },
      Array.from(rgbModel(side)),
    );
    await page.waitForFunction(
      (s) =>
        (window as unknown as { xaiPlayground: { model?: { inputShape: number[] } } }).xaiPlayground
          .model?.inputShape?.[2] === s,
      side,
      { timeout: 60_000 },
    );
    await setField(page, 'methodName', 'saliency');
  }

  for (const [preset, side] of [
    ['imagenet', 224],
    ['imagenet-299', 299],
  ] as const) {
    it(`${preset}: PNGs shrunk to the bit, enlarged within 1 (grey, RGB, opaque RGBA)`, async () => {
      await useModel(side);
      await setField(page, 'presetName', preset);
      const gaps: Record<string, number> = {};
      for (const f of fixtureImagePaths().slice(0, 3)) {
        gaps[path.basename(f)] = await compare(
          path.basename(f),
          new Uint8Array(readFileSync(f)),
          preset,
        );
      }
      for (const [w, h, alpha] of [
        [400, 300, false], // shrink 1.2x (224) / enlarge (299)
        [1024, 768, false], // 3x / 2.2x
        [1600, 1200, false], // 4.7x / 3.5x: sharp box-shrinks by 2 first at 224
        [640, 480, true], // opaque RGBA
        [300, 1000, false], // portrait
      ] as const) {
        const name = `${w}x${h}${alpha ? '-rgba' : ''}.png`;
        gaps[name] = await compare(name, await makeImage(page, w, h, 'image/png', alpha), preset);
      }
      // Shrunk when the shorter side is above the preset's resize (the fixtures are 28x28).
      const expected = (name: string) => {
        const [w, h] = name.split(/[x.-]/).map(Number);
        return w! > 0 && Math.min(w!, h!) > presets[preset].resize ? 0 : ENLARGE;
      };
      for (const [name, gap] of Object.entries(gaps)) {
        expect(gap, name).toBeLessThanOrEqual(expected(name));
      }
    }, 300_000);
  }

  it('imagenet: JPEGs within the decoders’ rounding, and what shrink-on-load changes', async () => {
    await useModel(224);
    await setField(page, 'presetName', 'imagenet');
    const small = await makeImage(page, 480, 360, 'image/jpeg', false);
    const large = await makeImage(page, 1024, 768, 'image/jpeg', false);
    // No shrink-on-load (1.4x): only the decoders differ.
    const decoded = await compare('480x360.jpg', small, 'imagenet');
    // 3x: sharp decodes at half size (DCT scaling) before resizing; the page decodes all.
    const shrunk = await compare('1024x768.jpg', large, 'imagenet');
    expect(decoded).toBeLessThanOrEqual(JPEG_DECODE);
    expect(shrunk).toBeLessThanOrEqual(JPEG_SHRINK_ON_LOAD);
  }, 300_000);
});
