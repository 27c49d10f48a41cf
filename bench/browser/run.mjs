// Gradient throughput in the browser (the docs' playground: onnxruntime-web's WebAssembly
// in a Web Worker, threads on with a cross-origin isolated server and off without one)
// against Node (onnxruntime-node), on the fixtures and on ResNet-18 at 224x224, and the
// time to the first heatmap on the playground; ratios taken in one run (bench/README.md).
//
//   node bench/browser/run.mjs [--repeat 5] [--steps 32] [--write docs/benchmarks/browser.md]
//
// Needs the built site (`npx turbo run build --filter=xai-docs`), Debian's chromium, and
// for ResNet-18 bench/.models/resnet18-224.onnx (`/usr/bin/python3
// bench/browser/export_resnet18.py bench/.models/resnet18-224.onnx`: random weights, no
// download; skipped when absent). Times are the method's own (the worker times
// `explain`; Node the same call), median of `--repeat` after one warm-up. The time to the
// first heatmap is the page's own clock (navigation start to the heatmap drawn, with
// `?model=...&run`), cold (a fresh browser context) and warm (reloads in that context,
// the server letting the browser cache the files as a static host does).
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadOnnxModel } from '@xai/backend-onnx';
import { createRng } from '@xai/core';
import { fixtureModelPath } from '@xai/fixtures';
import { integratedGradients, saliency } from '@xai/methods';
import { serveSite } from '../../apps/docs/scripts/serve-site.mjs';
import { option } from '../options.mjs';
import { writeReport } from '../write-report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
// playwright-core is the docs app's (its browser tests drive the same Chromium).
const fromDocs = createRequire(resolve(root, 'apps/docs/package.json'));
const { chromium } = fromDocs('playwright-core');
const repeat = Number(option('--repeat', '5'));
const steps = Number(option('--steps', '32'));
const writeTo = option('--write', undefined);
const dist = resolve(root, 'apps/docs/dist');
const resnet18 = resolve(root, 'bench/.models/resnet18-224.onnx');
// ResNet-18 is served beside the site for the run (dist/ is build output; removed after).
const servedModels = resolve(dist, 'bench-models');
const { env } = process;
const executablePath = env.XAI_CHROMIUM ?? '/usr/bin/chromium';

const models = [
  { name: 'cnn', path: fixtureModelPath('cnn'), preset: 'fashion-mnist', shape: [1, 28, 28] },
  { name: 'resnet', path: fixtureModelPath('resnet'), preset: 'fashion-mnist', shape: [1, 28, 28] },
  { name: 'mlp', path: fixtureModelPath('mlp'), preset: 'fashion-mnist', shape: [1, 28, 28] },
  ...(existsSync(resnet18)
    ? [
        {
          name: 'resnet18-224',
          path: resnet18,
          url: '/bench-models/resnet18-224.onnx',
          preset: 'imagenet',
          shape: [3, 224, 224],
        },
      ]
    : []),
];
// One gradient row (saliency) and `steps` rows in one batch (integrated gradients).
const methods = [
  { name: 'saliency', rows: 1, options: {}, node: saliency },
  { name: 'integrated-gradients', rows: steps, options: { steps }, node: integratedGradients },
];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function nodeTimes(model, method, threads) {
  const m = await loadOnnxModel(model.path, threads ? { threads } : {});
  const rng = createRng(1, 0);
  const x = {
    data: new Float32Array(model.shape.reduce((a, b) => a * b)).map(() => rng.normal()),
    shape: [1, ...model.shape],
  };
  const times = [];
  for (let i = 0; i <= repeat; i++) {
    const t0 = performance.now();
    await method.node.explain(m, x, { ...method.options, target: 0, seed: 1 });
    if (i > 0) times.push(performance.now() - t0);
  }
  await m.dispose();
  return median(times);
}

/** The playground's address for a model (a fixture by name, ResNet-18 by URL). */
const address = (origin, model, extra = '') =>
  `${origin}/playground?model=${encodeURIComponent(model.url ?? model.name)}&preset=${model.preset}${extra}`;

async function openPlayground(browser, origin, model) {
  const page = await browser.newPage();
  await page.goto(address(origin, model));
  await page.waitForFunction(
    () => window.xaiPlayground?.ready && (window.xaiPlayground.model || window.xaiPlayground.error),
    null,
    { timeout: 300_000 },
  );
  const error = await page.evaluate(() => window.xaiPlayground.error);
  if (error) throw new Error(`${model.name}: ${error.code}: ${error.message}`);
  return page;
}

const set = (page, key, value) =>
  page
    .evaluate(([k, v]) => window.xaiPlayground.set(k, v), [key, value])
    .then(() => page.waitForTimeout(50));

async function runOnce(page) {
  await page.evaluate(() => window.xaiPlayground.run());
  await page.waitForFunction(
    () => window.xaiPlayground.result || window.xaiPlayground.error,
    null,
    { timeout: 600_000 },
  );
  const r = await page.evaluate(() => ({
    ms: window.xaiPlayground.result?.ms,
    error: window.xaiPlayground.error,
  }));
  if (r.error) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.ms;
}

async function browserTimes(browser, origin, model) {
  const page = await openPlayground(browser, origin, model);
  const threads = await page.evaluate(() => window.xaiPlayground.model.threads);
  await set(page, 'withCurves', false);
  const out = {};
  for (const method of methods) {
    await set(page, 'methodName', method.name);
    for (const [k, v] of Object.entries(method.options)) await set(page, k, String(v));
    const times = [];
    for (let i = 0; i <= repeat; i++) {
      const ms = await runOnce(page);
      if (i > 0) times.push(ms);
    }
    out[method.name] = median(times);
  }
  await page.close();
  return { threads, times: out };
}

/** Navigation start to the first heatmap drawn, by the page's clock (`?run` starts it). */
async function loadAndDraw(page, url) {
  await page.goto(url);
  await page.waitForFunction(
    () => window.xaiPlayground?.result || window.xaiPlayground?.error,
    null,
    { timeout: 600_000 },
  );
  const r = await page.evaluate(() => ({
    at: window.xaiPlayground.result?.drawnAt,
    error: window.xaiPlayground.error,
  }));
  if (r.error) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.at;
}

/** Cold: a fresh context each time (nothing cached). Warm: reloads in the last one. */
async function firstHeatmap(browser, origin, model) {
  const url = address(origin, model, '&method=saliency&run');
  const cold = [];
  const warm = [];
  for (let i = 0; i < repeat; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    cold.push(await loadAndDraw(page, url));
    if (i === repeat - 1) for (let j = 0; j < repeat; j++) warm.push(await loadAndDraw(page, url));
    await context.close();
  }
  return { cold: median(cold), warm: median(warm) };
}

if (existsSync(resnet18)) {
  mkdirSync(servedModels, { recursive: true });
  copyFileSync(resnet18, resolve(servedModels, 'resnet18-224.onnx'));
}
const load0 = loadavg();
const isolated = await serveSite(dist, 0, { isolated: true, maxAge: 3600 });
const plain = await serveSite(dist, 0, { maxAge: 3600 });
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
const rows = [];
try {
  for (const model of models) {
    const on = await browserTimes(browser, isolated.origin, model);
    const off = await browserTimes(browser, plain.origin, model);
    for (const method of methods) {
      const nodeDefault = await nodeTimes(model, method, undefined);
      const nodeOne = await nodeTimes(model, method, 1);
      rows.push({
        model: model.name,
        method: method.name,
        rows: method.rows,
        nodeDefault,
        nodeOne,
        on: on.times[method.name],
        off: off.times[method.name],
        threadsOn: on.threads,
      });
      console.error(JSON.stringify(rows.at(-1)));
    }
  }
  const ttfh = [];
  for (const model of models) {
    ttfh.push({ model: model.name, ...(await firstHeatmap(browser, isolated.origin, model)) });
    console.error(JSON.stringify(ttfh.at(-1)));
  }
  const version = (await browser.version?.()) ?? '';
  const load1 = loadavg();
  const load = (l) => l.map((v) => v.toFixed(1)).join(' / ');
  const f = (x) => x.toFixed(1);
  const r = (x) => `**${x.toFixed(2)}**`;
  const table = rows
    .map(
      (x) =>
        `| ${x.model} | ${x.method} (${x.rows} row${x.rows > 1 ? 's' : ''}) | ${f(x.nodeDefault)} | ${f(x.nodeOne)} | ${f(x.on)} | ${f(x.off)} | ${r(x.on / x.nodeDefault)} | ${r(x.off / x.nodeOne)} | ${r(x.off / x.on)} |`,
    )
    .join('\n');
  writeReport(
    writeTo,
    `# Gradients in the browser

Made by \`node bench/browser/run.mjs --repeat ${repeat} --steps ${steps}${writeTo ? ` --write ${writeTo}` : ''}\` on this machine (${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}), headless Chromium ${version};
load average ${load(load0)} at the start and ${load(load1)} at the end (1 / 5 / 15 min): on a
loaded machine the calls under ~100 ms move by several times between runs, so read the
long calls (integrated gradients, ResNet-18) and the ratios, not the small milliseconds.
The browser side is the docs' playground from the built site: \`@xai/backend-onnx\`'s browser build on
onnxruntime-web's WebAssembly (SIMD) in a Web Worker, with ${rows[0]?.threadsOn ?? '?'} threads where the server
sends COOP/COEP (cross-origin isolation) and 1 where it does not. Node is onnxruntime-node
at its default threads and at 1. Milliseconds of the method's own call (the worker times
\`explain\`; the page's messages are not counted), median of ${repeat} after a warm-up, one sample;
saliency is one gradient row, integrated gradients ${steps} rows in one batch. Ratios are
browser / Node (above 1: the browser is slower), taken in this one run.

| model | method | Node, default threads (ms) | Node, 1 thread (ms) | browser, threads on (ms) | browser, threads off (ms) | threads on / Node default | threads off / Node 1 thread | off / on |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${table}

## Time to the first heatmap

From the start of the page's navigation to the first heatmap drawn, by the page's own
clock (\`performance.now()\` when the map is on the canvas), with the model in the address
and \`?method=saliency&run\` (threads on): the page, its worker, onnxruntime-web's
WebAssembly, the model and the first fixture image fetched and compiled, the model's
gradient graph built, saliency run and drawn. **Cold**: a fresh browser context each time
(empty cache), median of ${repeat}; **warm**: ${repeat} reloads in the last context, the server
letting the browser cache every file for an hour as a static host does (median).

| model | cold (s) | warm (s) | cold / warm |
| --- | --- | --- | --- |
${ttfh.map((t) => `| ${t.model} | ${(t.cold / 1000).toFixed(2)} | ${(t.warm / 1000).toFixed(2)} | **${(t.cold / t.warm).toFixed(2)}** |`).join('\n')}
${models.some((m) => m.name === 'resnet18-224') ? '' : '\nResNet-18 at 224 was not measured in this run: bench/.models/resnet18-224.onnx was absent (see the script header).\n'}`,
  );
} finally {
  await browser.close();
  await isolated.close();
  await plain.close();
  rmSync(servedModels, { recursive: true, force: true });
}
