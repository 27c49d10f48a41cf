// LRP's graph shortcuts (alpha-beta after a ReLU without the negative half, epsilon as
// |z| / (|z| + eps)) against the general form (`XAI_GRAPH=legacy-relevance`) and the plain
// gradient, on one model in one process: the plain VJP, the rule's VJP with the shortcuts
// and without, interleaved round by round (medians).
//
//   node bench/gradients/relevance-shortcuts.mjs [--model bench/.models/resnet50.onnx]
//        [--batch 1] [--threads 2] [--repeat 7]
//
// Prints one JSON line per rule: the three medians, the two ratios to the plain VJP, the
// largest difference between the two rule forms' gradients (share of their largest value)
// and the load average.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadOnnxModel } from '@xai/backend-onnx';
import { option } from '../options.mjs';

const path = option('--model', 'bench/.models/resnet50.onnx');
const batch = Number(option('--batch', '1'));
const threads = Number(option('--threads', '2'));
const repeat = Number(option('--repeat', '7'));

const rules = {
  'excitation backprop (z+)': { kind: 'alpha-beta', alpha: 1, beta: 0, stabilizer: 1e-9 },
  'LRP alpha 2 beta 1': { kind: 'alpha-beta', alpha: 2, beta: 1, stabilizer: 1e-6 },
  'LRP epsilon': { kind: 'epsilon', epsilon: 1e-6 },
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A model whose variants are built with `XAI_GRAPH` set to `flags` (read at each build). */
async function modelUnder(flags) {
  const model = await loadOnnxModel(path, { threads });
  return {
    model,
    async variant(rule) {
      const saved = process.env.XAI_GRAPH;
      process.env.XAI_GRAPH = flags;
      try {
        const v = await model.withBackwardRules({ linear: rule });
        const { inputShape, numClasses } = model;
        await v.vjp(...inputs(inputShape, numClasses)); // builds the graph under `flags`
        return v;
      } finally {
        if (saved === undefined) delete process.env.XAI_GRAPH;
        else process.env.XAI_GRAPH = saved;
      }
    },
  };
}

function inputs(inputShape, numClasses) {
  const n = inputShape.reduce((a, b) => a * b, 1);
  const x = {
    data: Float32Array.from({ length: batch * n }, (_, i) => Math.sin(i) * 0.5),
    shape: [batch, ...inputShape],
  };
  const u = {
    data: Float32Array.from({ length: batch * numClasses }, (_, i) =>
      i % numClasses === 3 ? 1 : 0,
    ),
    shape: [batch, numClasses],
  };
  return [x, u];
}

const fast = await modelUnder('');
const general = await modelUnder('legacy-relevance');
const [x, u] = inputs(fast.model.inputShape, fast.model.numClasses);
for (const [name, rule] of Object.entries(rules)) {
  const a = await fast.variant(rule);
  const b = await general.variant(rule);
  const times = { plain: [], fast: [], general: [] };
  let ga;
  let gb;
  for (let i = 0; i < repeat + 1; i++) {
    for (const [key, run] of [
      ['plain', () => fast.model.vjp(x, u)],
      ['fast', () => a.vjp(x, u)],
      ['general', () => b.vjp(x, u)],
    ]) {
      const t0 = performance.now();
      const r = await run();
      if (i > 0) times[key].push(performance.now() - t0);
      if (key === 'fast') ga = r.grad.data;
      if (key === 'general') gb = r.grad.data;
    }
  }
  let gap = 0;
  let scale = 0;
  for (let i = 0; i < ga.length; i++) {
    gap = Math.max(gap, Math.abs(ga[i] - gb[i]));
    scale = Math.max(scale, Math.abs(gb[i]));
  }
  const [p, f, g] = [times.plain, times.fast, times.general].map(median);
  console.log(
    JSON.stringify({
      rule: name,
      model: path,
      batch,
      plainMs: p,
      shortcutMs: f,
      generalMs: g,
      shortcutOverPlain: f / p,
      generalOverPlain: g / p,
      gapOfMax: gap / scale,
      load: loadavg()[0],
    }),
  );
  await a.dispose();
  await b.dispose();
}
await fast.model.dispose();
await general.model.dispose();
