// DeepLIFT with one reference for the batch (its forward pass run once and broadcast)
// against a reference per row (the same zeros, with one value of the last row changed so
// that the rows differ), and the plain VJP, interleaved in one process (medians).
//
//   node bench/gradients/deep-lift-reference.mjs [--model bench/.models/resnet50.onnx]
//        [--batches 1,8] [--threads 2] [--repeat 7]
//
// Prints one JSON line per batch size: the three medians, the two DeepLIFT times over the
// plain VJP's, and the load average.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadOnnxModel } from '@xai/backend-onnx';
import { option } from '../options.mjs';

const path = option('--model', 'bench/.models/resnet50.onnx');
const batches = option('--batches', '1,8').split(',').map(Number);
const threads = Number(option('--threads', '2'));
const repeat = Number(option('--repeat', '7'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const model = await loadOnnxModel(path, { threads });
const n = model.inputShape.reduce((a, b) => a * b, 1);
const K = model.numClasses;
for (const batch of batches) {
  const shape = [batch, ...model.inputShape];
  const x = { data: Float32Array.from({ length: batch * n }, (_, i) => Math.sin(i) * 0.5), shape };
  const u = {
    data: Float32Array.from({ length: batch * K }, (_, i) => (i % K === 3 ? 1 : 0)),
    shape: [batch, K],
  };
  const shared = { data: new Float32Array(batch * n), shape };
  const perRow = { data: new Float32Array(batch * n), shape };
  perRow.data[perRow.data.length - 1] = 1e-3;
  const runs = {
    plain: () => model.vjp(x, u),
    shared: () => model.deepLiftVjp(x, shared, u),
    perRow: () => model.deepLiftVjp(x, perRow, u),
  };
  const times = { plain: [], shared: [], perRow: [] };
  for (let i = 0; i < repeat + 1; i++) {
    for (const [key, run] of Object.entries(runs)) {
      const t0 = performance.now();
      await run();
      if (i > 0) times[key].push(performance.now() - t0);
    }
  }
  const [p, s, r] = [times.plain, times.shared, times.perRow].map(median);
  console.log(
    JSON.stringify({
      model: path,
      batch,
      plainMs: p,
      sharedMs: s,
      perRowMs: r,
      sharedOverPlain: s / p,
      perRowOverPlain: r / p,
      load: loadavg()[0],
    }),
  );
}
await model.dispose();
