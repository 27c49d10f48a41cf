import { join } from 'node:path';
import { loadOnnxModel } from '@xai/backend-onnx';
import { argmaxRows, softmaxRows } from '@xai/core';
import {
  type FixtureModelName,
  fixtureManifest,
  fixtureModelPath,
  loadFixtureImages,
  loadFixtureInputs,
  loadFixtureLabels,
} from '@xai/fixtures';
import type { Command } from 'commander';
import { handleInterrupts } from '../interrupt.js';
import { createOutput } from '../output.js';
import { progressLine } from '../progress-line.js';
import { type GallerySection, writeGallerySection } from '../render/demo-gallery.js';
import { galleryHtml } from '../render/gallery-html.js';
import { writeFileAtomic } from '../write-atomic.js';

interface ModelResult {
  model: string;
  accuracy: number;
  correct: number;
  total: number;
  samples: Array<{ index: number; label: string; predicted: string; probability: number }>;
}

interface DemoOptions {
  json?: boolean;
  out?: string;
  quiet?: boolean;
}

/** The test images the gallery shows per model: a T-shirt, a dress and a sneaker. */
const galleryIndices = [0, 30, 70];

/**
 * The demo on the embedded Fashion-MNIST models: their predictions on the sample images.
 * With --out it also explains a few images with the papers' methods and the usual
 * baselines, scores each map (insertion, deletion) and writes an HTML gallery.
 */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'run the embedded Fashion-MNIST models on the sample images, with heatmaps under --out',
    )
    .option(
      '-o, --out <dir>',
      'also write predictions.json and a heatmap gallery (index.html) into this directory',
    )
    .option('-q, --quiet', 'no progress display')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExamples:\n  $ xai demo\n  $ xai demo --out demo-output --json')
    .action(async (opts: DemoOptions) => {
      const out = createOutput(Boolean(opts.json));
      const manifest = fixtureManifest();
      const inputs = loadFixtureInputs();
      const labels = loadFixtureLabels();
      const n = labels.length;
      const results: ModelResult[] = [];
      const gallery: GallerySection[] = [];
      const pixels = loadFixtureImages();
      const interrupt = handleInterrupts();
      try {
        for (const name of Object.keys(manifest.models) as FixtureModelName[]) {
          out.info(`running ${name} on ${n} images...`);
          const model = await loadOnnxModel(fixtureModelPath(name));
          try {
            const logits = await model.forward(inputs);
            const predicted = argmaxRows(logits.data, n, model.numClasses);
            const probs = softmaxRows(logits.data, n, model.numClasses);
            let correct = 0;
            const samples = Array.from(predicted, (p, i) => {
              if (p === labels[i]) correct++;
              return {
                index: i,
                label: manifest.classNames[labels[i]!]!,
                predicted: manifest.classNames[p]!,
                probability: Number(probs[i * model.numClasses + p]!.toFixed(4)),
              };
            });
            results.push({ model: name, accuracy: correct / n, correct, total: n, samples });
            if (opts.out) {
              const shown = galleryIndices.map((i) => samples[i]!);
              const progress = progressLine(
                `${name}: explaining ${shown.length} images`,
                Boolean(opts.quiet || opts.json),
              );
              try {
                gallery.push(
                  await writeGallerySection(model, name, inputs, pixels, shown, opts.out, {
                    onProgress: progress.onProgress,
                    signal: interrupt.signal,
                  }),
                );
              } finally {
                progress.done();
              }
            }
          } finally {
            await model.dispose();
          }
        }
      } finally {
        interrupt.dispose();
      }
      const summary = {
        dataset: 'Fashion-MNIST test images (MIT licence, Zalando SE)',
        models: results,
      };
      if (opts.out)
        await writeFileAtomic(
          join(opts.out, 'predictions.json'),
          `${JSON.stringify(summary, null, 2)}\n`,
        );
      if (opts.out) {
        const notes = Object.fromEntries(
          results.map((r) => [
            r.model,
            `${r.correct} of ${r.total} test images classified right (${((100 * r.correct) / r.total).toFixed(0)}%).`,
          ]),
        );
        await writeFileAtomic(
          join(opts.out, 'index.html'),
          galleryHtml({
            title: 'xai demo: attribution maps on Fashion-MNIST',
            notes,
            sections: gallery,
          }),
        );
      }
      out.result(summary, () => humanSummary(results));
      if (opts.out)
        out.info(
          `wrote ${join(opts.out, 'predictions.json')} and the heatmap gallery ${join(opts.out, 'index.html')}`,
        );
    });
}

function humanSummary(results: readonly ModelResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(
      `${r.model}: ${r.correct}/${r.total} correct (${((100 * r.correct) / r.total).toFixed(1)}%)`,
    );
    for (const s of r.samples.filter((_, i) => i % 10 === 0)) {
      const mark = s.label === s.predicted ? 'ok ' : 'err';
      lines.push(
        `  ${mark} ${s.label.padEnd(12)} -> ${s.predicted.padEnd(12)} p=${s.probability.toFixed(3)}`,
      );
    }
  }
  return lines.join('\n');
}
