/// <reference lib="dom" />
/**
 * The playground (docs/playground.md) in headless Chromium, from the built site: maps
 * computed in the browser (onnxruntime-web's WebAssembly, in a Web Worker) equal Node's
 * (onnxruntime-node) for the same input, target and seed, within 1e-4 of the map's
 * largest value, on every fixture model, with WASM threads on (a cross-origin isolated
 * server) and off; dropped images and models; cancel; the messages for a model that
 * cannot be differentiated and one too large.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeOnnxModel, loadOnnxModel } from '@xai/backend-onnx';
import type { Tensor } from '@xai/core';
import { fixtureImagePaths, fixtureModelPath } from '@xai/fixtures';
import { loadInputs, resolvePreprocess } from '@xai/images';
import { methods } from '@xai/methods';
import { deletion, insertion } from '@xai/metrics';
import { type Browser, type Page, chromium as playwright } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSite } from '../scripts/serve-site.mjs';
import { browserRequired, findChromium } from './browser/find-chromium.js';
import {
  cancelRun,
  dropFiles,
  errorState,
  modelState,
  playgroundReady,
  runPlayground,
  setField,
  startRun,
  waitForModel,
} from './browser/playground-page.js';

const distDir = fileURLToPath(new URL('../dist', import.meta.url));
const executablePath = findChromium();
const required = browserRequired();
const preprocess = resolvePreprocess('fashion-mnist');
const domain = { mean: preprocess.mean, std: preprocess.std };

/**
 * Small settings, so every fixture model runs every method in seconds. IG's steps: with
 * 16, 24 or 32 one path point of the ResNet lands on a ReLU kink for this image, where the
 * last bit of WebAssembly's and native float sums picks the side (one row's gradient
 * then differs by 7%, the map by 1e-3); with 20 every point is off the kinks, and the
 * maps agree to 1e-7 (measured for 8 to 32 steps: 1e-7 or a kink, nothing between).
 */
const cases: ReadonlyArray<{ method: string; options: Record<string, unknown> }> = [
  { method: 'saliency', options: {} },
  { method: 'integrated-gradients', options: { steps: '20' } },
  { method: 'isa', options: { k: '196', ascentSteps: '2', descentSteps: '2' } },
];
const nodeOptions = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Number(v)]));

/** The map of one sample in Node, as the worker computes it in the browser. */
async function nodeMap(
  model: string,
  method: string,
  options: Record<string, unknown>,
  x: Tensor,
  target: number,
): Promise<Tensor> {
  const m = await loadOnnxModel(fixtureModelPath(model as 'cnn'));
  try {
    const d = methods.find((k) => k.name === method)!;
    return await d.explain(m, x, { ...options, target, seed: 1, domain });
  } finally {
    await m.dispose();
  }
}

/** max |a - b| / max |b|: the maps' agreement relative to their scale. */
function relativeGap(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  let gap = 0;
  for (let i = 0; i < b.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]!));
    gap = Math.max(gap, Math.abs(a[i]! - b[i]!));
  }
  return gap / scale;
}

describe.skipIf(!executablePath && !required)('the playground in headless Chromium', () => {
  let browser: Browser;
  let isolated: Awaited<ReturnType<typeof serveSite>>;
  let plain: Awaited<ReturnType<typeof serveSite>>;
  const errors: string[] = [];

  beforeAll(async () => {
    if (!executablePath)
      throw new Error("No Chromium for the docs' browser test (see browser.test.ts).");
    if (!existsSync(path.join(distDir, 'playground.html')))
      throw new Error(
        `${distDir} has no playground: build the site first (npx turbo run build --filter=xai-docs).`,
      );
    isolated = await serveSite(distDir, 0, { isolated: true });
    plain = await serveSite(distDir);
    browser = await playwright.launch({ executablePath, args: ['--no-sandbox'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await isolated?.close();
    await plain?.close();
  });

  const open = async (origin: string, query = ''): Promise<Page> => {
    const page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${origin}/playground${query}`, { waitUntil: 'load', timeout: 120_000 });
    await playgroundReady(page);
    return page;
  };

  it.each(['cnn', 'resnet', 'mlp'])(
    '%s: saliency, integrated gradients and ISA equal Node’s maps (threads on)',
    async (model) => {
      const page = await open(isolated.origin);
      try {
        const state = await modelState(page);
        expect(state?.crossOriginIsolated).toBe(true);
        await setField(page, 'modelChoice', model);
        await waitForModel(page, `${model}.onnx`);
        const shirt = (await loadInputs(fixtureImagePaths()[0]!, [1, 28, 28], preprocess)).x;
        for (const c of cases) {
          await setField(page, 'methodName', c.method);
          for (const [k, v] of Object.entries(c.options)) await setField(page, k, v);
          const run = await runPlayground(page, false);
          expect(run.error, `${model} ${c.method}`).toBeUndefined();
          // The image the page decoded and normalised is the CLI's input, bit for bit.
          expect(run.input).toEqual(Array.from(shirt.data));
          const ref = await nodeMap(model, c.method, nodeOptions(c.options), shirt, run.target!);
          expect(run.shape).toEqual(ref.shape);
          expect(relativeGap(run.map!, ref.data), `${model} ${c.method}`).toBeLessThan(1e-4);
        }
      } finally {
        await page.close();
      }
    },
    300_000,
  );

  it('runs with one thread where the page is not cross-origin isolated, same map', async () => {
    const page = await open(plain.origin);
    try {
      const state = await modelState(page);
      expect(state).toMatchObject({ crossOriginIsolated: false, threads: 1 });
      const multi = await open(isolated.origin);
      const threads = (await modelState(multi))!.threads;
      await multi.close();
      expect(threads).toBe(
        Math.min(8, (await page.evaluate(() => navigator.hardwareConcurrency)) || 1),
      );
      await setField(page, 'methodName', 'integrated-gradients');
      await setField(page, 'steps', '20');
      const run = await runPlayground(page, true);
      const x = (await loadInputs(fixtureImagePaths()[0]!, [1, 28, 28], preprocess)).x;
      const ref = await nodeMap('cnn', 'integrated-gradients', { steps: 20 }, x, run.target!);
      expect(relativeGap(run.map!, ref.data)).toBeLessThan(1e-4);
      // The curves are @xai/metrics' insertion and deletion on that map.
      const model = await loadOnnxModel(fixtureModelPath('cnn'));
      try {
        const context = { target: run.target!, seed: 1, domain };
        const ins = await insertion.evaluate(model, x, ref, context);
        const del = await deletion.evaluate(model, x, ref, context);
        expect(run.curves!.insertion.auc).toBeCloseTo(ins.scores[0]!, 3);
        expect(run.curves!.deletion.auc).toBeCloseTo(del.scores[0]!, 3);
      } finally {
        await model.dispose();
      }
    } finally {
      await page.close();
    }
  }, 300_000);

  it('takes a dropped image and a dropped ONNX file', async () => {
    const page = await open(isolated.origin);
    try {
      const file = fixtureImagePaths()[13]!;
      await dropFiles(page, [
        { name: path.basename(file), type: 'image/png', bytes: readFileSync(file) },
        { name: 'my-resnet.onnx', type: '', bytes: readFileSync(fixtureModelPath('resnet')) },
      ]);
      await waitForModel(page, 'my-resnet.onnx');
      const run = await runPlayground(page, false);
      const x = (await loadInputs(file, [1, 28, 28], preprocess)).x;
      expect(run.input).toEqual(Array.from(x.data));
      const ref = await nodeMap('resnet', 'saliency', {}, x, run.target!);
      expect(relativeGap(run.map!, ref.data)).toBeLessThan(1e-4);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('cancel stops a long method between its batches', async () => {
    const page = await open(isolated.origin);
    try {
      await setField(page, 'methodName', 'isa');
      await setField(page, 'k', '1');
      await startRun(page);
      // Wait for the work to be under way, then cancel.
      await page.waitForFunction(() =>
        /\d/.test(document.querySelector('[data-test=progress]')?.textContent ?? ''),
      );
      const asked = Date.now();
      await cancelRun(page);
      await page.waitForFunction(() => document.querySelector('[data-test=error]'), null, {
        timeout: 30_000,
      });
      const stoppedAfter = Date.now() - asked;
      expect(await errorState(page)).toMatchObject({ code: 'ABORTED' });
      expect(await page.locator('[data-test=status]').textContent()).toBe('cancelled');
      // 784 rounds of ISA take minutes; stopping took one batch.
      expect(stoppedAfter).toBeLessThan(10_000);
      // And the page still works.
      await setField(page, 'methodName', 'saliency');
      const run = await runPlayground(page, false);
      expect(run.error).toBeUndefined();
      expect(run.map).toHaveLength(784);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('runs a method page’s example live under “Run it here”', async () => {
    const page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(`${isolated.origin}/methods/saliency`, { waitUntil: 'load' });
      // The button sits right after the example's code block.
      const button = page.locator('h2#example ~ .xai-run-it-here [data-test=run-it-here]');
      await button.click();
      await playgroundReady(page);
      const run = await runPlayground(page, false);
      // The example's call: saliency at its defaults, target 'predicted', seed 1, on the CNN.
      const x = (await loadInputs(fixtureImagePaths()[0]!, [1, 28, 28], preprocess)).x;
      const model = await loadOnnxModel(fixtureModelPath('cnn'));
      try {
        const ref = await methods
          .find((m) => m.name === 'saliency')!
          .explain(model, x, { target: 'predicted', seed: 1, domain });
        expect(relativeGap(run.map!, ref.data)).toBeLessThan(1e-4);
      } finally {
        await model.dispose();
      }
    } finally {
      await page.close();
    }
  }, 120_000);

  it('says which ops a model lacks rules for, and refuses a model too large', async () => {
    const page = await open(isolated.origin);
    try {
      // The MLP with its ReLU replaced by Hardmax, which has no derivative rule.
      const proto = decodeOnnxModel(new Uint8Array(readFileSync(fixtureModelPath('mlp'))), 'mlp');
      const relu = proto.graph!.node!.find((n) => n.opType === 'Relu')!;
      relu.opType = 'Hardmax';
      const codec = proto.constructor as unknown as {
        encode(m: unknown): { finish(): Uint8Array };
      };
      await dropFiles(page, [
        { name: 'hardmax.onnx', type: '', bytes: codec.encode(proto).finish() },
      ]);
      await waitForModel(page, 'hardmax.onnx');
      expect((await modelState(page))!.gradientProblem).toMatch(/Hardmax/);
      expect(await page.locator('[data-test=error]').textContent()).toMatch(
        /no derivative rule: Hardmax.*forward method \(occlusion, RISE\)/,
      );
      const run = await runPlayground(page, false);
      expect(run.error).toMatchObject({ code: 'UNSUPPORTED_OP' });
      expect(run.error!.message).toMatch(/Hardmax/);
      // A forward method still runs on it.
      await setField(page, 'methodName', 'occlusion');
      const occluded = await runPlayground(page, false);
      expect(occluded.error).toBeUndefined();
    } finally {
      await page.close();
    }
    const small = await open(isolated.origin, '?maxModelMiB=0.1');
    try {
      expect(await errorState(small)).toMatchObject({ code: 'NOT_SUPPORTED' });
      expect((await errorState(small))!.message).toMatch(
        /at most 0\.1 MiB for the browser but 'cnn\.onnx' is 0\.4 MiB/,
      );
    } finally {
      await small.close();
    }
    expect(errors).toEqual([]);
  }, 120_000);
});
