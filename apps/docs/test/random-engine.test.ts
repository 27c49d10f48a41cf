/// <reference lib="dom" />
/**
 * core's seeded fills in headless Chromium, from core's built ESM bundle (what a site or
 * worker that imports @xai/core loads): the WebAssembly engine runs there, and its draws are
 * the bits Node draws, on either engine (docs/rng.md). And the JS kernels' upsample and
 * perturb, whose loops run on WebAssembly where they can: Node's bits there too.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fillNormal, fillUniform, jsKernels } from '@xai/core';
import { type Browser, chromium as playwright } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserRequired, findChromium } from './browser/find-chromium.js';

const executablePath = findChromium();
const required = browserRequired();
const missing =
  "No Chromium for the random-engine browser test: looked at XAI_CHROMIUM and for chromium, chromium-browser and google-chrome on the PATH. Install it with 'bash scripts/ensure-chromium.sh' (apt-get install -y chromium) or point XAI_CHROMIUM at one.";
if (!executablePath && !required)
  console.warn(`skipping the random-engine browser test: ${missing}`);

const coreBundle = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@xai/core/package.json')),
  'dist',
  'index.js',
);

/** Draws that cross chunks (4096 values), start on a pair's sine and end on a cosine. */
const cases = [
  { n: 10001, seed: 7, stream: 3, offset: 5 },
  { n: 4097, seed: 2 ** 40 + 1, stream: 2 ** 33, offset: 2 ** 34 + 2 },
];

const bits = (values: ArrayLike<number>) =>
  Array.from(new Uint32Array(Float32Array.from(values).buffer));

describe.skipIf(!executablePath && !required)('the seeded fills in headless Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    if (!executablePath) throw new Error(missing);
    // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    browser = await playwright.launch({ executablePath, args: ['--no-sandbox'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  /**
   * Runs `body` (JavaScript source with `core`, the built bundle, in scope) in a fresh page and
   * returns its result. A string, not a function: vitest would rewrite a function's import()
   * for Node.
   */
  async function inPage(body: string): Promise<unknown> {
    const page = await browser.newPage();
    try {
      await page.goto('about:blank');
      return await page.evaluate(`(async () => {
        const url = URL.createObjectURL(new Blob([${JSON.stringify(readFileSync(coreBundle, 'utf8'))}], { type: 'text/javascript' }));
        const core = await import(url);
        ${body}
      })()`);
    } finally {
      await page.close();
    }
  }

  it("run on WebAssembly there and give Node's bits, on either engine", async () => {
    const drawn = (await inPage(`
      const cases = ${JSON.stringify(cases)};
      const fills = (engine) => {
        core.setRandomEngine(engine);
        return cases.map((c) => ({
          normal: Array.from(core.fillNormal(new Float32Array(c.n), c.seed, c.stream, c.offset)),
          uniform: Array.from(core.fillUniform(new Float32Array(c.n), c.seed, c.stream, c.offset)),
        }));
      };
      const engine = core.randomEngine();
      return { engine, wasm: fills('wasm'), js: fills('js') };
    `)) as {
      engine: string;
      wasm: { normal: number[]; uniform: number[] }[];
      js: { normal: number[]; uniform: number[] }[];
    };
    expect(drawn.engine).toBe('wasm');
    for (const [i, c] of cases.entries()) {
      const normal = bits(fillNormal(new Float32Array(c.n), c.seed, c.stream, c.offset));
      const uniform = bits(fillUniform(new Float32Array(c.n), c.seed, c.stream, c.offset));
      for (const side of [drawn.wasm[i]!, drawn.js[i]!]) {
        expect(bits(side.normal)).toEqual(normal);
        expect(bits(side.uniform)).toEqual(uniform);
      }
    }
  }, 60_000);

  it("upsample and perturb run on WebAssembly there and give Node's bits", async () => {
    // Masks for 37 rows of a 3×5×5 sample: full size (with a −0), 2×3, and 1×1 with noise.
    const ran = (await inPage(`
      return { engine: core.blendEngine(), outs: await (${kernelCalls.toString()})(core) };
    `)) as { engine: string; outs: number[][] };
    expect(ran.engine).toBe('wasm');
    const nodeBits = (await kernelCalls({ fillUniform, jsKernels })).map(bits);
    expect(ran.outs.map(bits)).toEqual(nodeBits);
    expect(nodeBits.every((b) => b.length > 0)).toBe(true);
  }, 60_000);
});

/** The kernel calls both sides make (self-contained: it is sent to the page as source). */
async function kernelCalls(core: {
  fillUniform: typeof fillUniform;
  jsKernels: typeof jsKernels;
}): Promise<number[][]> {
  const u = (n: number, seed: number) => core.fillUniform(new Float32Array(n), seed, 5);
  const x = { data: u(75, 1), shape: [3, 5, 5] };
  const full = { data: u(37 * 25, 2), shape: [37, 5, 5] };
  full.data[30] = -0;
  const low = { data: u(37 * 6, 3), shape: [37, 2, 3] };
  const ones = { data: u(37, 4), shape: [37, 1, 1] };
  const k = core.jsKernels;
  const outs = [
    await k.upsample({ masks: low, height: 9, width: 7 }),
    await k.upsample({ masks: low, height: 9, width: 7, alignCorners: true }),
    await k.perturb({ x, baseline: 0.1, masks: full }),
    await k.perturb({ x, baseline: x, masks: low }),
    await k.perturb({ x, baseline: 0, masks: ones, noise: { sigma: 0.3, seed: 9, stream: 1 } }),
  ];
  return outs.map((t) => Array.from(t.data));
}
