/**
 * The packages as users get them: packed by pnpm, published to a local registry,
 * installed with npm into fresh projects outside the workspace, and used.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packAll, publishable, tarballFiles } from './pack.js';
import { type LocalRegistry, startRegistry } from './registry.js';
import { run } from './run.js';

let work: string;
let tarballs: Record<string, string>;
let registry: LocalRegistry;
let npmEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'xai-packaging-'));
  mkdirSync(join(work, 'tarballs'));
  tarballs = await packAll(join(work, 'tarballs'));
  registry = await startRegistry(mkdtempSync(join(work, 'registry-')));
  npmEnv = localNpmEnv(registry);
  // --registry on every publish too: these packages must never reach a public registry.
  for (const tgz of Object.values(tarballs)) {
    await run('npm', ['publish', tgz, '--registry', registry.url], { cwd: work, env: npmEnv });
  }
});

/**
 * What npm runs with in these tests (on top of run()'s environment, which drops inherited
 * npm_config_* variables): our npmrc and registry only. onnxruntime-node's install script
 * would fetch CUDA binaries: skipped.
 */
function localNpmEnv(r: LocalRegistry): NodeJS.ProcessEnv {
  return {
    npm_config_userconfig: r.npmrc,
    npm_config_registry: `${r.url}/`,
    npm_config_yes: 'true',
    ONNXRUNTIME_NODE_INSTALL: 'skip',
  };
}

afterAll(() => {
  registry?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A fresh project outside the workspace with `deps` installed from the registry. */
async function project(
  name: string,
  deps: readonly string[],
  files: Record<string, string>,
): Promise<string> {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  await run('npm', ['install', '--no-package-lock', '--registry', registry.url, ...deps], {
    cwd: dir,
    env: npmEnv,
  });
  return dir;
}

const forbidden = [
  /\.test\./,
  /(^|\/)test\//,
  /(^|\/)src\//,
  /\.tsbuildinfo$/,
  /(^|\/)\.tsc\//,
  /(^|\/)\.turbo\//,
  /(^|\/)node_modules\//,
  /tsconfig\.json$/,
  /tsup\.config/,
];

describe('the tarballs', () => {
  it.each(Object.keys(publishable))('%s ships only what runs', async (name) => {
    const files = await tarballFiles(tarballs[name]!);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE']));
    // backend-cuda ships the addon's C++ sources in native-src/ for builds from source.
    const shipped = files.filter(
      (f) => !f.startsWith('native-src/') || /^native-src\/(build|test)\//.test(f),
    );
    expect(
      shipped.filter(
        (f) => forbidden.some((re) => re.test(f)) || /^native-src\/(build|test)\//.test(f),
      ),
    ).toEqual([]);
    expect(files.some((f) => f.startsWith('dist/') && f.endsWith('.js'))).toBe(true);
    if (name !== '@xai/cli')
      expect(files).toEqual(
        expect.arrayContaining(['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts']),
      );
    if (name === '@xai/backend-cuda')
      expect(files).toContain(`prebuilds/${process.platform}-${process.arch}/xai_native.node`);
    if (name === '@xai/fixtures')
      expect(
        files.filter(
          (f) => !/^(dist|data)\//.test(f) && !/^(package\.json|README\.md|LICENSE)$/.test(f),
        ),
      ).toEqual([]);
  });
});

/** A two-class linear model on 1x2x2 inputs, logits [w . x, 0], as program text. */
const linearModel = `
      const w = [4, 3, 2, 1];
      const model = { inputShape: [1, 2, 2], numClasses: 2, async forward(x) {
        const n = x.shape[0]; const data = new Float32Array(2 * n);
        for (let b = 0; b < n; b++) { let s = 0; for (let i = 0; i < 4; i++) s += w[i] * x.data[4 * b + i]; data[2 * b] = s; }
        return { data, shape: [n, 2] }; } };`;

describe('installed from the registry', () => {
  it('core + methods + backend-onnx + fixtures explain a fixture image', async () => {
    const dir = await project(
      'explain',
      ['@xai/core', '@xai/methods', '@xai/backend-onnx', '@xai/fixtures'],
      {
        'explain.mjs': `
        import { loadOnnxModel } from '@xai/backend-onnx';
        import { sliceBatch } from '@xai/core';
        import { fixtureModelPath, loadFixtureInputs } from '@xai/fixtures';
        import { getMethod } from '@xai/methods';
        const model = await loadOnnxModel(fixtureModelPath('cnn'));
        const x = sliceBatch(loadFixtureInputs(), 0, 1);
        const out = {};
        for (const [name, options] of JSON.parse(process.argv[2])) {
          const a = await getMethod(name).explain(model, x, { target: 'predicted', seed: 1, ...options });
          out[name] = { shape: a.shape, finite: a.data.every(Number.isFinite), nonzero: a.data.some((v) => v !== 0) };
        }
        await model.dispose();
        console.log(JSON.stringify(out));`,
      },
    );
    const methods = [
      ['isa', { k: 100 }],
      ['integrated-gradients', { steps: 32 }],
    ];
    const out = JSON.parse(
      await run('node', ['explain.mjs', JSON.stringify(methods)], { cwd: dir }),
    ) as Record<string, unknown>;
    for (const [name] of methods)
      expect(out[name as string]).toEqual({ shape: [1, 1, 28, 28], finite: true, nonzero: true });
  });

  it('metrics alone score a given attribution, from ESM and from CommonJS', async () => {
    const program = (imports: string) => `
      ${imports}
      // A 1x2x2 image and a two-class linear model with logits [w . x, 0].
      ${linearModel}
      const x = { data: new Float32Array([1, 1, 1, 1]), shape: [1, 1, 2, 2] };
      const a = { data: Float32Array.from(w), shape: [1, 1, 2, 2] };
      deletion.evaluate(model, x, a, { target: 0, pixelsPerStep: 1 }).then(async (r) => {
        const s = await sparseness.evaluate(model, x, a, { target: 0 });
        console.log(JSON.stringify({ deletion: r.scores[0], sparseness: s.scores[0] }));
      });`;
    const dir = await project('metrics', ['@xai/core', '@xai/metrics'], {
      'esm.mjs': program("import { deletion, sparseness } from '@xai/metrics';"),
      'cjs.cjs': program("const { deletion, sparseness } = require('@xai/metrics');"),
    });
    const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
    const ys = [10, 6, 3, 1, 0].map(sigmoid);
    const auc = ys.slice(1).reduce((s, y, i) => s + (y + ys[i]!) / 2, 0) / 4;
    for (const file of ['esm.mjs', 'cjs.cjs']) {
      const out = JSON.parse(await run('node', [file], { cwd: dir })) as {
        deletion: number;
        sparseness: number;
      };
      expect(out.deletion).toBeCloseTo(auc, 6);
      // Gini of 1, 2, 3, 4: ((-3)(1) + (-1)(2) + (1)(3) + (3)(4)) / (4 * 10) = 10 / 40.
      expect(out.sparseness).toBeCloseTo(0.25, 6);
    }
  });

  it('evaluation runs a plan into its file store, from ESM and from CommonJS, and reuses it', async () => {
    const program = (imports: string) => `
      ${imports}
      ${linearModel}
      // A method that returns the weights as the map (a linear model's gradient).
      const weights = { name: 'weights', requires: 'forward', defaults: {}, async explain(_m, x) {
        const n = x.shape[0]; const data = new Float32Array(4 * n);
        for (let b = 0; b < n; b++) data.set(w, 4 * b); return { data, shape: x.shape }; } };
      const inputs = { data: new Float32Array([1, 1, 1, 1, 1, 2, 3, 4]), shape: [2, 1, 2, 2] };
      (async () => {
        const store = await openJsonlStore(process.argv[2]);
        const r = await evaluate({ model, modelHash: await sha256Hex('linear'), inputs, targets: [0, 0],
          methods: [weights], metrics: [sparseness], store });
        console.log(JSON.stringify({ computed: r.computed, reused: r.reused, mean: r.table.weights.sparseness.mean }));
      })();`;
    const dir = await project('evaluation', ['@xai/core', '@xai/metrics', '@xai/evaluation'], {
      'esm.mjs': program(
        "import { sparseness } from '@xai/metrics'; import { evaluate, sha256Hex } from '@xai/evaluation'; import { openJsonlStore } from '@xai/evaluation/node';",
      ),
      'cjs.cjs': program(
        "const { sparseness } = require('@xai/metrics'); const { evaluate, sha256Hex } = require('@xai/evaluation'); const { openJsonlStore } = require('@xai/evaluation/node');",
      ),
    });
    // Gini of 1, 2, 3, 4 is 0.25 for both samples; the second file reuses the first's results.
    const first = JSON.parse(await run('node', ['esm.mjs', 'r.jsonl'], { cwd: dir }));
    const second = JSON.parse(await run('node', ['cjs.cjs', 'r.jsonl'], { cwd: dir }));
    expect(first).toEqual({ computed: 2, reused: 0, mean: expect.closeTo(0.25, 6) });
    expect(second).toEqual({ computed: 0, reused: 2, mean: expect.closeTo(0.25, 6) });
  });

  it("backend-cuda's prebuilt kernels are selected with no compiler involved and agree with the JS ones", async () => {
    const dir = await project('kernels', ['@xai/core', '@xai/backend-cuda'], {
      'kernels.mjs': `
        import { loadNativeKernels, selectKernels } from '@xai/backend-cuda';
        import { jsKernels } from '@xai/core';
        const native = await loadNativeKernels({ device: 'cpu' });
        const auto = await selectKernels('auto');
        const k = native.kernels;
        const x = { data: Float32Array.from({ length: 3 * 16 * 16 }, (_, i) => Math.sin(i)), shape: [3, 16, 16] };
        const masks = await jsKernels.random({ distribution: 'uniform', shape: [8, 4, 4], seed: 1, stream: 0 });
        const same = (a, b) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
        const u = [await k.random({ distribution: 'uniform', shape: [1000], seed: 7, stream: 1 }), await jsKernels.random({ distribution: 'uniform', shape: [1000], seed: 7, stream: 1 })];
        const blend = [await k.perturb({ x, baseline: 0.5, masks }), await jsKernels.perturb({ x, baseline: 0.5, masks })];
        const ties = { data: Float32Array.from({ length: 3 * 256 }, (_, i) => Math.round(4 * Math.sin(i))), shape: [3, 256] };
        const order = [await k.argsortDescending(ties), await jsKernels.argsortDescending(ties)];
        let blendDiff = 0;
        blend[0].data.forEach((v, i) => { blendDiff = Math.max(blendDiff, Math.abs(v - blend[1].data[i])); });
        console.log(JSON.stringify({ device: native.device.kind, auto: auto.kind, uniform: same(u[0].data, u[1].data),
          order: same(order[0].data, order[1].data), blendDiff }));`,
    });
    const r = JSON.parse(
      await run('node', ['kernels.mjs'], { cwd: dir, env: { XAI_NATIVE_ADDON: '' } }),
    ) as Record<string, unknown>;
    expect(r).toMatchObject({ device: 'cpu', uniform: true, order: true });
    expect(r.auto).not.toBe('js'); // the prebuilt addon was found, so 'auto' did not fall back
    expect(r.blendDiff as number).toBeLessThan(1e-6);
  });

  it('backend-cuda builds its addon from source when asked, and only then', async () => {
    const dir = await project(
      'from-source',
      ['@xai/core', '@xai/backend-cuda', 'cmake-js@7', 'node-addon-api@8', 'node-api-headers@1'],
      {
        'kernels.mjs': `
        import { describeNativeBackend } from '@xai/backend-cuda';
        console.log(JSON.stringify(describeNativeBackend()));`,
      },
    );
    const pkg = join(dir, 'node_modules', '@xai', 'backend-cuda');
    expect(existsSync(join(pkg, 'native-src', 'build'))).toBe(false); // a plain install built nothing
    // The CPU kernels only: native/'s own build already compiles the CUDA ones.
    const log = await run(
      'npm',
      ['rebuild', '@xai/backend-cuda', '--build-from-source', '--foreground-scripts'],
      {
        cwd: dir,
        env: { ...npmEnv, XAI_CUDA: 'OFF' },
      },
    );
    expect(log).toMatch(/built the addon from source/);
    expect(existsSync(join(pkg, 'native-src', 'build', 'Release', 'xai_native.node'))).toBe(true);
    const d = JSON.parse(
      await run('node', ['kernels.mjs'], { cwd: dir, env: { XAI_NATIVE_ADDON: '' } }),
    ) as { napiVersion: number };
    expect(d.napiVersion).toBeGreaterThanOrEqual(8);
  });

  it('the CLI installed globally runs xai demo', async () => {
    const prefix = join(work, 'global');
    await run(
      'npm',
      ['install', '-g', '--prefix', prefix, '--registry', registry.url, '@xai/cli'],
      { cwd: work, env: npmEnv },
    );
    const out = JSON.parse(
      await run(join(prefix, 'bin', 'xai'), ['demo', '--json'], { cwd: work }),
    ) as {
      models: Array<{ model: string; accuracy: number }>;
    };
    // Every model the fixtures' manifest lists, as the installed package ships them.
    const manifest = JSON.parse(
      readFileSync(
        new URL('../../../packages/fixtures/data/manifest.json', import.meta.url),
        'utf8',
      ),
    ) as { models: Record<string, unknown> };
    expect(out.models.map((m) => m.model).sort()).toEqual(Object.keys(manifest.models).sort());
    expect(out.models.length).toBeGreaterThanOrEqual(3);
    for (const m of out.models) expect(m.accuracy).toBeGreaterThanOrEqual(0.85);
  });
});
