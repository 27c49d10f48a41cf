import {
  type Classifier,
  encodeNpy,
  forwardBatched,
  resolveOptions,
  resolveTargets,
  softmaxRows,
  type Target,
  type Tensor,
  XaiError,
} from '@xai/core';
import { inputDomain, loadInputs, type PreprocessFlags, resolvePreprocess } from '@xai/images';
import { getMethod } from '@xai/methods';
import type { Command } from 'commander';
import { checkOutputPath } from '../options/check-output.js';
import { parseSetOptions } from '../options/parse-set.js';
import { addPreprocessOptions } from '../options/preprocess-option.js';
import { addTargetFlags, readTargetFlags, type TargetFlags } from '../options/target-option.js';
import { createOutput } from '../output.js';
import { colormap, colormapNames } from '../render/colormaps.js';
import { writeHeatmapFiles } from '../render/heatmap-files.js';
import { openModelCommand } from '../setup/command-setup.js';
import { gradientsUnavailable } from '../setup/gradients-unavailable.js';
import { addModelFlags, type ModelFlags, parseModelFlags } from '../setup/model-flags.js';
import { degenerateMapWarnings, rawPixelWarning } from '../warnings.js';
import { writeFileAtomic } from '../write-atomic.js';

interface ExplainFlags extends PreprocessFlags, ModelFlags, TargetFlags {
  model: string;
  input: string;
  method: string;
  set: string[];
  seed?: string;
  heatmaps?: string;
  colormap: string;
  overlay?: boolean;
  heatmapStyle?: string;
  sign?: string;
  outlierPercent: string;
  heatmapFormat: string;
  alpha: string;
  out: string;
  json?: boolean;
  quiet?: boolean;
}

export function registerExplain(program: Command): void {
  const command = program
    .command('explain')
    .description('compute attribution maps for images with one method, written as float32 .npy')
    .requiredOption('-m, --model <file.onnx>', 'the ONNX classifier')
    .requiredOption(
      '-i, --input <path>',
      '.npy (model units), .png, .jpg, .jpeg, .webp, or a directory of them',
    )
    .requiredOption('--method <name>', "the method (see 'xai methods')");
  addTargetFlags(command, 'the class explained')
    .option(
      '--set <key=value>',
      'a method option (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [],
    )
    .option('--seed <n>', 'seed of the random draws (same seed, same map)')
    .option('-o, --out <file.npy>', 'where the attributions go', 'attributions.npy')
    .option('--heatmaps <dir>', 'also write one heatmap PNG per input into this directory')
    .option(
      '--colormap <name>',
      `heatmap colours: ${colormapNames.join(', ')} (rdbu shows the sign)`,
      'inferno',
    )
    .option('--overlay', 'draw heatmaps over the input images')
    .option(
      '--heatmap-style <style>',
      'heat_map, blended_heat_map (the default with --overlay), masked_image or alpha_scaling',
    )
    .option(
      '--sign <sign>',
      'values shown: all (signed; the default with rdbu), positive, negative or absolute',
    )
    .option('--outlier-percent <p>', 'percent of the attribution mass clipped as outliers', '2')
    .option('--heatmap-format <png|svg>', 'heatmap file format', 'png')
    .option('--alpha <a>', 'heatmap opacity over the image, in (0, 1]', '0.5')
    .option('-q, --quiet', 'no progress display')
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      '\nExamples:\n  $ xai explain --model cnn.onnx --input images/ --method occlusion --set window=4 --out occ.npy\n  $ xai explain --model cnn.onnx --input x.npy --method rise --target labels.npy --seed 1 --json\n  $ xai explain --model resnet50.onnx --input cat.jpg --preprocess imagenet --method smooth-grad --heatmaps maps/ --overlay',
    );
  addModelFlags(command, { names: true });
  addPreprocessOptions(command).action(async (flags: ExplainFlags) => {
    const out = createOutput(Boolean(flags.json));
    // Every argument is checked here, before the model is loaded or run.
    const method = getMethod(flags.method);
    const options = parseSetOptions(flags.set);
    resolveOptions(method, options);
    const preprocess = resolvePreprocess(flags);
    colormap(flags.colormap);
    if (flags.overlay && !flags.heatmaps) {
      throw new XaiError('INVALID_ARGUMENT', 'Expected --heatmaps <dir> with --overlay.');
    }
    await checkOutputPath(flags.out, '--out', 'file');
    if (flags.heatmaps) await checkOutputPath(flags.heatmaps, '--heatmaps', 'dir');
    const alpha = Number(flags.alpha);
    if (!(alpha > 0 && alpha <= 1)) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected --alpha in (0, 1] but received '${flags.alpha}'.`,
      );
    }
    const target = await readTargetFlags(flags);
    const seed = flags.seed === undefined ? undefined : Number(flags.seed);
    if (seed !== undefined && !(Number.isSafeInteger(seed) && seed >= 0)) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected --seed to be a non-negative integer but received '${flags.seed}'.`,
      );
    }
    const setup = parseModelFlags(flags);
    // A model with an op that has no derivative rule loads forward-only: forward
    // methods run, gradient methods fail below naming the ops.
    const session = await openModelCommand(
      flags.model,
      setup,
      out,
      Boolean(flags.quiet || flags.json),
    );
    const { model, kernels: selected } = session;
    const progress = session.progress(method.name);
    try {
      const unavailable = gradientsUnavailable(model, method, flags.model);
      if (unavailable) throw unavailable;
      const { x, sources, images } = await loadInputs(flags.input, model.inputShape, preprocess);
      const npy = images.indexOf(undefined);
      if (flags.overlay && npy >= 0) {
        throw new XaiError(
          'INVALID_ARGUMENT',
          `Expected an image under every heatmap for --overlay but '${sources[npy]}' is a .npy; drop --overlay or pass images.`,
        );
      }
      for (const [i, image] of images.entries()) {
        if (image) continue;
        const size = x.data.length / sources.length;
        const w = rawPixelWarning(
          x.data.subarray(i * size, (i + 1) * size),
          sources[i]!,
          preprocess,
          flags.preprocess,
        );
        if (w) out.warn(w);
      }
      const started = performance.now();
      const attributions = await method.explain(model, x, {
        ...options,
        // The input domain: how model units map to pixels, for the methods that step or
        // clip in pixel units (BIG, AGI, MFABA, AdaptGrad's bounds, black/white baselines).
        domain: inputDomain(preprocess),
        target,
        kernels: selected.kernels,
        ...(seed === undefined ? {} : { seed }),
        signal: session.signal,
        onProgress: progress.onProgress,
      });
      const seconds = (performance.now() - started) / 1000;
      progress.done();
      for (const w of degenerateMapWarnings(attributions, sources)) out.warn(w);
      const explained = await explainedClasses(model, x, target, session.signal);
      await writeFileAtomic(flags.out, encodeNpy(attributions));
      const heatmaps = flags.heatmaps
        ? await writeHeatmapFiles(flags.heatmaps, attributions, sources, {
            colormap: flags.colormap,
            alpha,
            format: flags.heatmapFormat,
            outlierPercent: Number(flags.outlierPercent),
            ...(flags.heatmapStyle ? { style: flags.heatmapStyle } : {}),
            ...(flags.sign ? { sign: flags.sign } : {}),
            ...(flags.overlay ? { images } : {}),
          })
        : [];
      out.result(
        {
          method: method.name,
          model: flags.model,
          inputs: sources,
          shape: attributions.shape,
          output: flags.out,
          heatmaps,
          explained: sources.map((input, i) => ({ input, ...explained[i]! })),
          seconds,
          kernels: { kind: selected.kind, description: selected.description },
        },
        () =>
          `${sources.map((s, i) => `${s}: explained class ${explained[i]!.class} (p = ${explained[i]!.probability.toFixed(3)})`).join('\n')}\nwrote ${flags.out}: ${method.name} attributions of shape [${attributions.shape.join(', ')}] for ${sources.length} input(s) in ${seconds.toFixed(2)} s${heatmaps.length ? `; ${heatmaps.length} heatmap(s) in ${flags.heatmaps}` : ''}`,
      );
    } finally {
      await session.close();
    }
  });
}

/**
 * The class explained for each sample and the model's softmax probability of it: one
 * batched forward pass gives both (the resolver takes its logits instead of a second pass).
 */
async function explainedClasses(
  model: Pick<Classifier, 'forward' | 'numClasses'>,
  x: Tensor,
  target: Target,
  signal: AbortSignal,
): Promise<Array<{ class: number; probability: number }>> {
  const B = x.shape[0]!;
  const logits = await forwardBatched(model, x, { signal });
  const targets = await resolveTargets(model, x, target, { logits, signal });
  const p = softmaxRows(logits.data, B, model.numClasses);
  return Array.from(targets, (c, b) => ({
    class: c,
    probability: Number(p[b * model.numClasses + c]!.toFixed(6)),
  }));
}
