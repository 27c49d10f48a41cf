// What the engine benchmarks (random-engines.mjs, blend-engines.mjs) share: the methods' cases,
// and the timing loop: each case
// run on both engines in one process, after checking that they give the same bits. In each
// round every case runs `repeat` times per engine, the engines alternating and the first one
// swapped from round to round; a row keeps each engine's median over all rounds and the
// ratio's median and range over the rounds.
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadOnnxModel } from '@xai/backend-onnx';
import { jsKernels } from '@xai/core';
import { fixtureModelPath } from '@xai/fixtures';
import { getMethod } from '@xai/methods';
import { fixtureBatch } from '../fixture-batch.mjs';
import { option } from '../options.mjs';

/**
 * The command line both benchmarks take (`--rounds`, `--repeat`, `--images`, `--write`), the
 * load average at the start, and the fixture batch: every sixth fixture image, its label as
 * the target (compare-captum.md's inputs).
 */
export function engineBenchSetup() {
  const n = Number(option('--images', '8'));
  return {
    rounds: Number(option('--rounds', '7')),
    repeat: Number(option('--repeat', '7')),
    n,
    writeTo: option('--write', undefined),
    loadStart: loadavg(),
    ...fixtureBatch(n),
  };
}

/**
 * One case per fixture model (MLP, CNN; one ONNX Runtime thread) and method
 * (`[name, label, options]`) with the JS kernels, on `x` and `target` (fixture-batch.mjs).
 */
export async function methodCases(methods, { x, target }) {
  const cases = [];
  for (const name of ['mlp', 'cnn']) {
    const model = await loadOnnxModel(fixtureModelPath(name), { threads: 1 });
    for (const [method, label, options] of methods) {
      cases.push({
        name: `${name.toUpperCase()} ${label}, ${x.shape[0]} images, JS kernels`,
        run: () =>
          getMethod(method).explain(model, x, { ...options, target, seed: 1, kernels: jsKernels }),
      });
    }
  }
  return cases;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const bitsOf = (t) => {
  const d = t instanceof Float32Array ? t : t.data;
  return new Uint32Array(d.buffer, d.byteOffset, d.length);
};

/**
 * `setEngine(engine)` chooses 'js', 'wasm' or 'auto' (set again after each call); returns the
 * table's rows: | case | JavaScript ms | WebAssembly ms | wasm / js | range |.
 */
export async function compareEngines({ cases, setEngine, rounds, repeat }) {
  const on = async (engine, f) => {
    setEngine(engine);
    try {
      return await f();
    } finally {
      setEngine('auto');
    }
  };
  for (const c of cases) {
    const [a, b] = [bitsOf(await on('js', c.run)), bitsOf(await on('wasm', c.run))];
    if (a.length !== b.length || !a.every((v, i) => v === b[i])) {
      throw new Error(`${c.name}: the engines differ`);
    }
  }
  console.error(`all ${cases.length} cases bit-identical on both engines`);
  const results = cases.map(() => ({ js: [], wasm: [], ratios: [] }));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ['js', 'wasm'] : ['wasm', 'js'];
    for (const [i, c] of cases.entries()) {
      for (const engine of order) await on(engine, c.run); // warm-up
      const t = { js: [], wasm: [] };
      for (let r = 0; r < repeat; r++) {
        for (const engine of order) {
          const t0 = performance.now();
          await on(engine, c.run);
          t[engine].push(performance.now() - t0);
        }
      }
      const m = { js: median(t.js), wasm: median(t.wasm) };
      results[i].js.push(m.js);
      results[i].wasm.push(m.wasm);
      results[i].ratios.push(m.wasm / m.js);
      console.error(
        `round ${round + 1} ${c.name}: js ${m.js.toFixed(2)} ms, wasm ${m.wasm.toFixed(2)} ms`,
      );
    }
  }
  return cases.map((c, i) => {
    const r = results[i];
    const ratios = [...r.ratios].sort((a, b) => a - b);
    return `| ${c.name} | ${median(r.js).toFixed(2)} | ${median(r.wasm).toFixed(2)} | **${median(r.ratios).toFixed(2)}** | ${ratios[0].toFixed(2)}–${ratios.at(-1).toFixed(2)} |`;
  });
}

/** The report's method paragraph and table (the part both benchmarks' pages share). */
export function engineTable({ script, rounds, repeat, n, loadStart, loadEnd, rows }) {
  return `Made by \`node bench/kernels/${script} --rounds ${rounds} --repeat ${repeat} --images ${n}\`
on ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, one ONNX Runtime
thread, load average ${loadStart[0].toFixed(1)} at the start and ${loadEnd[0].toFixed(1)} at the
end. Both engines give the same bits on every case (checked before timing). Times are the
median of each engine's per-round medians (${repeat} calls per round, the engines alternating);
"wasm / js" is the median of the rounds' ratios (below 1: WebAssembly faster) and its range.

| case | JavaScript ms | WebAssembly ms | wasm / js | range |
| --- | ---: | ---: | ---: | --- |
${rows.join('\n')}`;
}
