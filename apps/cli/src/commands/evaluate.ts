import { join, resolve } from 'node:path';
import { resolveOptions, resolveTargets, XaiError } from '@xai/core';
import { evaluate } from '@xai/evaluation';
import { hashFile, installedVersions, openJsonlStore } from '@xai/evaluation/node';
import {
  inputDomain,
  loadInputs,
  type PreprocessFlags,
  readInputFile,
  resolvePreprocess,
} from '@xai/images';
import { getMethod } from '@xai/methods';
import { getMetric } from '@xai/metrics';
import type { Command } from 'commander';
import { checkOutDir } from '../evaluate/check-out-dir.js';
import { metricSpecs } from '../evaluate/metric-specs.js';
import { scopeOptions } from '../evaluate/scoped-options.js';
import { toMarkdown } from '../evaluate/summarize.js';
import { writeOutputs } from '../evaluate/write-outputs.js';
import { readMasks } from '../inputs/read-masks.js';
import { checkOutputPath } from '../options/check-output.js';
import { parseSetOptions } from '../options/parse-set.js';
import { addPreprocessOptions } from '../options/preprocess-option.js';
import { addTargetFlags, readTargetFlags, type TargetFlags } from '../options/target-option.js';
import { createOutput } from '../output.js';
import { openModelCommand } from '../setup/command-setup.js';
import { gradientsUnavailable } from '../setup/gradients-unavailable.js';
import { addModelFlags, type ModelFlags, parseModelFlags } from '../setup/model-flags.js';

interface EvaluateFlags extends PreprocessFlags, ModelFlags, TargetFlags {
  model: string;
  input: string;
  methods: string;
  metrics: string;
  samples?: string;
  set: string[];
  seed: string;
  out: string;
  json?: boolean;
  quiet?: boolean;
  queue?: string;
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
    .requiredOption('--metrics <a,b,c>', 'metrics to compute');
  addTargetFlags(command, 'the class of each sample')
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
    .option(
      '--queue <redis://host:port>',
      'put the work on a BullMQ queue in Redis for `xai worker`s, and collect their results',
    )
    .option('-q, --quiet', 'no progress display')
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      '\nEach result in results.jsonl carries its identity (model and sample bytes, method, metric, options, seed, versions): a rerun with the same --out reuses exactly the results whose identity matches and computes the rest. Runs may share one --out at the same time. With --queue, one job per (sample, method) goes on the queue with its identity as the job id; rerunning the same command enqueues nothing twice and collects what the workers finished.\n\nExample:\n  $ xai evaluate --model cnn.onnx --input images/ --methods occlusion,rise --metrics insertion,deletion --samples 20 --out eval/',
    );
  addModelFlags(command, { names: true, threads: true });
  addPreprocessOptions(command).action(async (flags: EvaluateFlags) => {
    const out = createOutput(Boolean(flags.json));
    const chosen = flags.methods.split(',').map((n) => getMethod(n.trim()));
    const metrics = flags.metrics.split(',').map((n) => getMetric(n.trim()));
    const names = [...chosen.map((m) => m.name), ...metrics.map((m) => m.name)];
    const scoped = scopeOptions(parseSetOptions(flags.set), names);
    // Every argument is checked here, before the model is loaded or run.
    for (const m of [...chosen, ...metrics]) resolveOptions(m, scoped[m.name] ?? {});
    const preprocess = resolvePreprocess(flags);
    const limit = flags.samples === undefined ? Number.POSITIVE_INFINITY : Number(flags.samples);
    if (!(limit === Number.POSITIVE_INFINITY || (Number.isSafeInteger(limit) && limit >= 1))) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected --samples to be a positive integer but received '${flags.samples}'.`,
      );
    }
    await checkOutputPath(flags.out, '--out', 'dir');
    if (flags.masks !== undefined && !/\.(npy|png)$/.test(flags.masks)) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected --masks to be a .npy or .png file but received '${flags.masks}'.`,
      );
    }
    // A missing masks file fails here, before the model is loaded.
    if (flags.masks !== undefined) await readInputFile(flags.masks, 'a masks file');
    const seed = Number(flags.seed);
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected --seed to be a non-negative integer but received '${flags.seed}'.`,
      );
    }
    const samples = limit;
    const setup = parseModelFlags(flags);
    const labels = await readTargetFlags(flags);
    await checkOutDir(flags.out);
    const store = await openJsonlStore(join(flags.out, 'results.jsonl'));
    // Ctrl-C or SIGTERM stops at the next unit (finished results are kept); a second exits.
    const session = await openModelCommand(
      flags.model,
      setup,
      out,
      Boolean(flags.quiet || flags.json),
    );
    const { model, kernels: selected, signal } = session;
    try {
      // Gradient methods on a forward-only model are skipped, with the reason.
      const methods = chosen.filter((m) => {
        const unavailable = gradientsUnavailable(model, m, flags.model);
        if (unavailable) out.info(`skipped ${m.name}: ${unavailable.message}`);
        return !unavailable;
      });
      if (methods.length === 0) {
        throw new XaiError(
          'NOT_SUPPORTED',
          `Expected at least one method '${flags.model}' can run but all need gradients: ${model.gradientProblem} have no derivative rule. Use a forward method such as occlusion or rise.`,
        );
      }
      const progress = session.progress('evaluate');
      const loaded = await loadInputs(flags.input, model.inputShape, preprocess);
      const count = Math.min(loaded.x.shape[0]!, samples);
      const size = loaded.x.data.length / loaded.x.shape[0]!;
      const inputs = {
        data: loaded.x.data.subarray(0, count * size),
        shape: [count, ...loaded.x.shape.slice(1)],
      };
      const masks = flags.masks
        ? await readMasks(flags.masks, inputs.shape[2] ?? 1, inputs.shape[3] ?? 1)
        : undefined;
      const plan = {
        modelHash: await hashFile(flags.model),
        inputs,
        targets: Array.isArray(labels)
          ? labels.slice(0, count)
          : labels === 'predicted'
            ? ('predicted' as const)
            : new Array<number>(count).fill(labels as number),
        methods: methods.map((method) => ({ method, options: scoped[method.name] ?? {} })),
        metrics: metricSpecs(metrics, scoped, masks, count, flags.masks),
        seed,
        sources: loaded.sources.slice(0, count),
        versions: installedVersions(import.meta.url),
        // How model units map to pixels, as in explain (set once, from --preprocess).
        domain: inputDomain(preprocess),
      };
      const started = performance.now();
      // BullMQ (and its Redis client) load only for --queue: they are slow to import.
      const queued = flags.queue ? await import('@xai/evaluation/queue') : undefined;
      const r = await (flags.queue && queued
        ? queued.evaluateOnQueue({
            ...plan,
            // Predicted targets are resolved here, once, so every worker scores the same class.
            targets:
              plan.targets === 'predicted'
                ? Array.from(await resolveTargets(model, inputs, 'predicted', { signal }))
                : plan.targets,
            queue: flags.queue,
            store,
            files: {
              modelPath: resolve(flags.model),
              inputPath: resolve(flags.input),
              inputSpec: { ...preprocess },
            },
            onProgress: (e) => {
              if (e.done === 0)
                out.info(`${e.total} results to collect from the workers of ${flags.queue}`);
              progress.onProgress(e);
            },
            signal: signal,
          })
        : evaluate({
            ...plan,
            model,
            store,
            kernels: selected.kernels,
            onProgress: progress.onProgress,
            signal: signal,
          }).then((e) => ({ ...e, failed: [] }))
      ).catch((e: unknown) => {
        if (signal.aborted)
          throw new XaiError(
            'ABORTED',
            'The evaluation was interrupted; rerun the same command to go on (finished results are kept).',
          );
        throw e;
      });
      // The evaluation's own time: after loading the model and inputs, before the tables.
      const seconds = (performance.now() - started) / 1000;
      const computed = 'computed' in r ? r.computed : r.collected;
      progress.done();
      const metricNames = metrics.map((m) => m.name);
      const directions = Object.fromEntries(metrics.map((m) => [m.name, m.higherIsBetter]));
      await writeOutputs(flags.out, r.records, r.table, metricNames, directions);
      out.result(
        {
          kernels: { kind: selected.kind, description: selected.description },
          samples: count,
          methods: methods.map((m) => m.name),
          computed,
          reused: r.reused,
          seconds,
          ...(flags.queue ? { failed: r.failed } : {}),
          summary: r.table,
          out: flags.out,
        },
        () =>
          `${toMarkdown(r.table, metricNames, directions)}\n${computed} results computed, ${r.reused} reused; results in ${flags.out}${r.failed.map((f) => `\nfailed: ${f.source} ${f.method}: ${f.reason}`).join('')}`,
      );
      if (r.failed.length) {
        throw new XaiError(
          'JOBS_FAILED',
          `Expected every job to finish but ${r.failed.length} failed (first: ${r.failed[0]!.source} ${r.failed[0]!.method}: ${r.failed[0]!.reason}); fix the cause and rerun the same command.`,
        );
      }
    } finally {
      await session.close();
    }
  });
}
