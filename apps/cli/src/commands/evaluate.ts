import { join } from 'node:path';
import { loadOnnxModel } from '@xai/backend-onnx';
import {
  type Classifier,
  isDifferentiable,
  resolveTargets,
  sliceBatch,
  type Target,
  type Tensor,
  XaiError,
} from '@xai/core';
import { getMethod } from '@xai/methods';
import { getMetric } from '@xai/metrics';
import type { Command } from 'commander';
import { curvePlotSvg } from '../evaluate/curve-plot.js';
import { openResultsLog, type SampleRecord } from '../evaluate/results-log.js';
import { scopeOptions } from '../evaluate/scoped-options.js';
import { summarize, toCsv, toMarkdown } from '../evaluate/summarize.js';
import { loadInputs } from '../inputs/load-inputs.js';
import { type PreprocessFlags, resolvePreprocess } from '../inputs/preprocess.js';
import { maskBox, readMasks } from '../inputs/read-masks.js';
import { chooseKernels, kernelsFlag } from '../options/kernels-option.js';
import { parseSetOptions } from '../options/parse-set.js';
import { parseTarget } from '../options/parse-target.js';
import { addPreprocessOptions } from '../options/preprocess-option.js';
import { createOutput } from '../output.js';
import { progressLine } from '../progress-line.js';
import { svgToPng } from '../render/svg-to-png.js';
import { writeFileAtomic } from '../write-atomic.js';

interface EvaluateFlags extends PreprocessFlags {
  model: string;
  input: string;
  labels?: string;
  methods: string;
  metrics: string;
  samples?: string;
  set: string[];
  seed: string;
  out: string;
  json?: boolean;
  quiet?: boolean;
  kernels: string;
  masks?: string;
}

export function registerEvaluate(program: Command): void {
  const command = program
    .command('evaluate')
    .description(
      'score methods with metrics over a set of images; resumable, with tables and curve plots',
    )
    .requiredOption('-m, --model <file.onnx>', 'the ONNX classifier')
    .requiredOption('-i, --input <path>', '.npy (model units), .png, or a directory of them')
    .requiredOption('--methods <a,b,c>', 'methods to compare')
    .requiredOption('--metrics <a,b,c>', 'metrics to compute')
    .option(
      '--labels <labels.npy|labels.json>',
      'the class of each sample (default: the predicted class)',
    )
    .option('--samples <n>', 'use only the first n samples')
    .option(
      '--set <name.key=value>',
      'an option of one method or metric (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [],
    )
    .option('--seed <n>', 'seed of the random draws', '0')
    .option(
      '--masks <file.npy|file.png>',
      'ground-truth masks for the localisation metrics (one per sample, non-zero inside)',
    )
    .requiredOption(
      '-o, --out <dir>',
      'results.jsonl, summary.{md,csv,json} and curve plots go here',
    )
    .option(...kernelsFlag)
    .option('-q, --quiet', 'no progress display')
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      '\nA rerun with the same --out skips the (sample, method) pairs already in results.jsonl.\n\nExample:\n  $ xai evaluate --model cnn.onnx --input images/ --methods occlusion,rise --metrics insertion,deletion --samples 20 --out eval/',
    );
  addPreprocessOptions(command).action(async (flags: EvaluateFlags) => {
    const out = createOutput(Boolean(flags.json));
    const methods = flags.methods.split(',').map((n) => getMethod(n.trim()));
    const metrics = flags.metrics.split(',').map((n) => getMetric(n.trim()));
    const names = [...methods.map((m) => m.name), ...metrics.map((m) => m.name)];
    const scoped = scopeOptions(parseSetOptions(flags.set), names);
    const seed = Number(flags.seed);
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected --seed to be a non-negative integer but received '${flags.seed}'.`,
      );
    }
    const selected = await chooseKernels(flags.kernels);
    out.info(`kernels: ${selected.description}`);
    const forwardOnly = methods.every((m) => m.requires === 'forward');
    const model = await loadOnnxModel(flags.model, {
      gradients: forwardOnly ? 'optional' : 'required',
    });
    const controller = new AbortController();
    const onSigint = () => controller.abort(new Error('interrupted (Ctrl-C)'));
    process.once('SIGINT', onSigint);
    const progress = progressLine('evaluate', Boolean(flags.quiet || flags.json));
    try {
      for (const m of methods) {
        if (m.requires !== 'forward' && !isDifferentiable(model)) {
          throw new XaiError(
            'NOT_SUPPORTED',
            `Expected a differentiable model for '${m.name}' (it needs gradients) but '${flags.model}' can only run forward here.`,
          );
        }
      }
      const loaded = await loadInputs(flags.input, model.inputShape, resolvePreprocess(flags));
      const count = Math.min(
        loaded.x.shape[0]!,
        flags.samples === undefined ? Number.POSITIVE_INFINITY : Number(flags.samples),
      );
      if (!(count >= 1))
        throw new XaiError(
          'INVALID_ARGUMENT',
          `Expected --samples to be a positive integer but received '${flags.samples}'.`,
        );
      const x = sliceBatch(loaded.x, 0, count);
      const labels = flags.labels ? await parseTarget(flags.labels) : 'predicted';
      const targets = resolveTargets(
        Array.isArray(labels) ? labels.slice(0, count) : labels,
        count,
        model.numClasses,
        labels === 'predicted' ? await model.forward(x) : undefined,
      );
      const masks = flags.masks
        ? await readMasks(flags.masks, x.shape[2] ?? 1, x.shape[3] ?? 1)
        : undefined;
      if (masks && masks.shape[0]! < count) {
        throw new XaiError(
          'SHAPE_MISMATCH',
          `Expected a mask for each of the ${count} samples in '${flags.masks}' but it holds ${masks.shape[0]}.`,
        );
      }
      // Metrics that compare or combine samples (focus, sufficiency) see the whole set.
      const dataset = { x, targets };
      const log = await openResultsLog(join(flags.out, 'results.jsonl'));
      const done = new Set(log.records.map((r) => `${r.sample}/${r.method}`));
      const skipped = done.size;
      const total = count * methods.length;
      let finished = 0;
      for (let i = 0; i < count; i++) {
        const xi = sliceBatch(x, i, i + 1);
        for (const method of methods) {
          if (controller.signal.aborted)
            throw new XaiError(
              'ABORTED',
              'The evaluation was interrupted; rerun the same command to go on.',
            );
          if (done.has(`${i}/${method.name}`)) continue;
          const started = performance.now();
          const common = {
            target: [targets[i]!],
            seed,
            signal: controller.signal,
            kernels: selected.kernels,
          };
          const a: Tensor = await method.explain(model, xi, {
            ...scoped[method.name],
            ...common,
          });
          const scores: Record<string, number> = {};
          const curves: Record<string, number[]> = {};
          // Robustness metrics re-run the method on perturbed copies of this sample.
          const explain = (xs: Tensor, variant: Classifier = model, target?: Target) =>
            method.explain(variant, xs, {
              ...scoped[method.name],
              ...common,
              target: target ?? new Array(xs.shape[0]).fill(targets[i]),
            });
          for (const metric of metrics) {
            const wantsMasks = masks && 'masks' in metric.defaults;
            // Box metrics (pointing game) get the mask's bounding box unless boxes are set.
            const wantsBox = masks && 'boxes' in metric.defaults && !scoped[metric.name]?.boxes;
            const r = await metric.evaluate(model, xi, a, {
              ...scoped[metric.name],
              ...common,
              explain,
              dataset,
              ...(wantsMasks ? { masks: sliceBatch(masks, i, i + 1) } : {}),
              ...(wantsBox ? { boxes: [[maskBox(masks, i)]] } : {}),
            });
            scores[metric.name] = r.scores[0]!;
            // Curves are plotted when a metric gives them as a tensor (PIC's are point lists).
            const c = r.details?.curves as Partial<Tensor> | undefined;
            if (c?.data) curves[metric.name] = Array.from(c.data);
          }
          const record: SampleRecord = {
            sample: i,
            source: loaded.sources[i]!,
            method: method.name,
            target: targets[i]!,
            seconds: (performance.now() - started) / 1000,
            scores,
            ...(Object.keys(curves).length ? { curves } : {}),
          };
          await log.append(record);
          log.records.push(record);
          finished++;
          progress.onProgress({ phase: 'explained', done: skipped + finished, total });
        }
      }
      progress.done();
      const metricNames = metrics.map((m) => m.name);
      const table = summarize(
        log.records.filter((r) => r.sample < count),
        methods.map((m) => m.name),
        metricNames,
      );
      await writeFileAtomic(join(flags.out, 'summary.json'), `${JSON.stringify(table, null, 2)}\n`);
      await writeFileAtomic(join(flags.out, 'summary.md'), toMarkdown(table, metricNames));
      await writeFileAtomic(join(flags.out, 'summary.csv'), toCsv(table, metricNames));
      for (const metric of metricNames) {
        const mean = meanCurves(log.records, metric, count);
        if (Object.keys(mean).length) {
          const svg = curvePlotSvg(`${metric} (mean over samples)`, mean);
          await writeFileAtomic(join(flags.out, `${metric}-curves.svg`), svg);
          await writeFileAtomic(join(flags.out, `${metric}-curves.png`), await svgToPng(svg));
        }
      }
      out.result(
        {
          kernels: { kind: selected.kind, description: selected.description },
          samples: count,
          methods: methods.map((m) => m.name),
          computed: finished,
          skipped,
          summary: table,
          out: flags.out,
        },
        () =>
          `${toMarkdown(table, metricNames)}\n${finished} computed, ${skipped} already done; results in ${flags.out}`,
      );
    } finally {
      progress.done();
      process.off('SIGINT', onSigint);
      await model.dispose();
    }
  });
}

/** The mean curve of one metric per method, over the samples evaluated. */
function meanCurves(
  records: readonly SampleRecord[],
  metric: string,
  count: number,
): Record<string, number[]> {
  const sums: Record<string, { sum: number[]; n: number }> = {};
  for (const r of records) {
    const c = r.curves?.[metric];
    if (!c || r.sample >= count) continue;
    const s = (sums[r.method] ??= { sum: new Array(c.length).fill(0), n: 0 });
    c.forEach((v, j) => {
      s.sum[j] = (s.sum[j] ?? 0) + v;
    });
    s.n++;
  }
  return Object.fromEntries(Object.entries(sums).map(([m, s]) => [m, s.sum.map((v) => v / s.n)]));
}
