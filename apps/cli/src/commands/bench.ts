import { extname } from 'node:path';
import { type Classifier, type Model, resolveOptions, resolveTargets, XaiError } from '@xai/core';
import { type PreprocessFlags, resolvePreprocess } from '@xai/images';
import { methods as allMethods, getMethod } from '@xai/methods';
import { getMetric } from '@xai/metrics';
import type { Command } from 'commander';
import { benchInputs, benchModelPath } from '../bench/bench-inputs.js';
import {
  type BenchReport,
  benchMarkdown,
  benchTable,
  formatPasses,
} from '../bench/bench-report.js';
import { type BenchRow, timeMethod } from '../bench/time-method.js';
import { warmSessions } from '../bench/warm-sessions.js';
import { scopeOptions } from '../evaluate/scoped-options.js';
import { checkOutputPath } from '../options/check-output.js';
import { parseSetOptions } from '../options/parse-set.js';
import { addPreprocessOptions } from '../options/preprocess-option.js';
import {
  addTargetFlags,
  readTargetFlags,
  type TargetFlags,
  targetText,
} from '../options/target-option.js';
import { createOutput } from '../output.js';
import { openModelCommand } from '../setup/command-setup.js';
import { gradientsUnavailable } from '../setup/gradients-unavailable.js';
import { addModelFlags, type ModelFlags, parseModelFlags } from '../setup/model-flags.js';
import { writeFileAtomic } from '../write-atomic.js';

interface BenchFlags extends PreprocessFlags, ModelFlags, TargetFlags {
  model: string;
  input?: string;
  methods: string;
  metrics?: string;
  samples: string;
  warmup: string;
  set: string[];
  seed: string;
  out?: string;
  json?: boolean;
  quiet?: boolean;
}

export function registerBench(program: Command): void {
  const command = program
    .command('bench')
    .description(
      'time methods (and metrics) on a model: wall time, model passes, share of time outside the model',
    )
    .option(
      '-m, --model <file.onnx|cnn|resnet>',
      'the ONNX classifier, or an embedded fixture model by name',
      'cnn',
    )
    .option(
      '-i, --input <path>',
      '.npy or images (default: the fixture images for a fixture model, else seeded noise)',
    )
    .option('--methods <a,b,c|all>', "methods to time (see 'xai methods')", 'all')
    .option('--metrics <a,b,c>', 'also time these metrics on each map')
    .option('-n, --samples <n>', 'batch size: the first n inputs, explained in one call', '1')
    .option(
      '--warmup <n>',
      'untimed runs of each method first, so JIT compilation is not timed (steady state)',
      '0',
    );
  addTargetFlags(command, 'the class explained')
    .option(
      '--set <name.key=value>',
      'an option of one method or metric (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [],
    )
    .option('--seed <n>', 'seed of the random draws', '1')
    .option('-o, --out <report.md|report.json>', 'also write the report (Markdown or JSON)')
    .option('-q, --quiet', 'no progress display')
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      `
Each method is timed once on the batch, after one call of each model pass (so session
creation is not timed) and --warmup untimed runs of the method (so neither is the JIT
compilation of its code). Passes are calls (rows) of the model's forward, vjp and jvp,
counted by a proxy around the model; "outside" is the share of wall time not spent in
them (array work, the method's own arithmetic). Metrics score one sample at a time, as in
'xai evaluate'. A method the model cannot run (e.g. an op without its backward rule) is
listed as skipped with the reason.

Examples:
  $ xai bench
  $ xai bench --methods saliency,integrated-gradients,rise --samples 4 --warmup 1 --json
  $ xai bench --model resnet --methods occlusion --metrics insertion,deletion --out bench.md
  $ xai bench --model resnet50.onnx --methods smooth-grad --set smooth-grad.samples=16 --kernels cuda`,
    );
  addModelFlags(command, { names: true });
  addPreprocessOptions(command).action(async (flags: BenchFlags) => {
    const out = createOutput(Boolean(flags.json));
    const quiet = Boolean(flags.quiet || flags.json);
    const methods =
      flags.methods.trim() === 'all'
        ? [...allMethods]
        : flags.methods.split(',').map((n) => getMethod(n.trim()));
    const metrics = flags.metrics ? flags.metrics.split(',').map((n) => getMetric(n.trim())) : [];
    const scoped = scopeOptions(parseSetOptions(flags.set), [
      ...methods.map((m) => m.name),
      ...metrics.map((m) => m.name),
    ]);
    for (const m of [...methods, ...metrics]) resolveOptions(m, scoped[m.name] ?? {});
    const preprocess = resolvePreprocess(flags);
    const samples = integerFlag('--samples', flags.samples, 1);
    const seed = integerFlag('--seed', flags.seed, 0);
    const warmup = integerFlag('--warmup', flags.warmup, 0);
    if (flags.out !== undefined && !['.md', '.json'].includes(extname(flags.out))) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected --out to end in .md or .json but received '${flags.out}'.`,
      );
    }
    if (flags.out !== undefined) await checkOutputPath(flags.out, '--out', 'file');
    const target = await readTargetFlags(flags);
    const setup = parseModelFlags(flags);
    const { path, fixture } = benchModelPath(flags.model);
    const session = await openModelCommand(path, setup, out, quiet);
    const { model: loaded, kernels: selected } = session;
    try {
      const { x, source, domain } = await benchInputs(
        flags.input,
        fixture,
        loaded.inputShape,
        samples,
        preprocess,
      );
      // Sessions are built lazily: one call of each pass first, so no method pays for it.
      const logits = await warmSessions(loaded, x);
      const model = loaded as Classifier as Model;
      const classes = Array.from(
        await resolveTargets(loaded, x, Array.isArray(target) ? target.slice(0, samples) : target, {
          logits,
          signal: session.signal,
        }),
      );
      out.info(`timing ${methods.length} method(s) on ${samples} sample(s) of ${source}...`);
      const rows: BenchRow[] = [];
      for (const [i, method] of methods.entries()) {
        const unavailable = gradientsUnavailable(loaded, method, path);
        if (unavailable) {
          rows.push({
            method: method.name,
            skipped: `${unavailable.message} [${unavailable.code}]`,
          });
          if (!quiet) out.info(`${method.name}: skipped`);
          continue;
        }
        const progress = session.progress(`${method.name} (${i + 1}/${methods.length})`);
        try {
          rows.push(
            await timeMethod(method, model, x, {
              methodOptions: scoped[method.name] ?? {},
              metrics: metrics.map((metric) => ({ metric, options: scoped[metric.name] ?? {} })),
              context: {
                target,
                seed,
                kernels: selected.kernels,
                ...(domain ? { domain } : {}),
                signal: session.signal,
                onProgress: progress.onProgress,
              },
              classes,
              warmup,
            }),
          );
        } finally {
          progress.done();
        }
        const row = rows[rows.length - 1]!;
        if (!quiet)
          out.info(
            row.passes
              ? `${method.name}: ${row.seconds!.toFixed(3)} s, forward ${formatPasses(row.passes.forward)}, vjp ${formatPasses(row.passes.vjp)}, jvp ${formatPasses(row.passes.jvp)}`
              : `${method.name}: skipped`,
          );
      }
      const report: BenchReport = {
        model: fixture ? `fixture ${flags.model}` : flags.model,
        inputShape: loaded.inputShape,
        samples,
        target: targetText(flags),
        seed,
        kernels: { kind: selected.kind, description: selected.description },
        node: process.version,
        rows,
      };
      if (flags.out !== undefined) {
        await writeFileAtomic(
          flags.out,
          extname(flags.out) === '.json'
            ? `${JSON.stringify(report, null, 2)}\n`
            : benchMarkdown(report),
        );
        out.info(`wrote ${flags.out}`);
      }
      out.result(report, () => benchTable(report));
    } finally {
      await session.close();
    }
  });
}

function integerFlag(flag: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected ${flag} to be an integer >= ${min} but received '${text}'.`,
    );
  }
  return value;
}
