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
import { createOutput } from '../output.js';
import { type GalleryRow, galleryHtml, writeHeatmaps } from '../render/demo-gallery.js';
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
}

/**
 * The demo on the embedded Fashion-MNIST models: their predictions on the sample images.
 * With --out it also explains one image per class with saliency and integrated gradients
 * and writes the heatmaps and an HTML gallery.
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
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExamples:\n  $ xai demo\n  $ xai demo --out demo-output --json')
    .action(async (opts: DemoOptions) => {
      const out = createOutput(Boolean(opts.json));
      const manifest = fixtureManifest();
      const inputs = loadFixtureInputs();
      const labels = loadFixtureLabels();
      const n = labels.length;
      const results: ModelResult[] = [];
      const gallery: GalleryRow[] = [];
      const pixels = loadFixtureImages();
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
            out.info(`explaining one image per class with ${name}...`);
            const shown = samples.filter((s) => s.index % 10 === 0);
            gallery.push(...(await writeHeatmaps(model, name, inputs, pixels, shown, opts.out)));
          }
        } finally {
          await model.dispose();
        }
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
      if (opts.out) await writeFileAtomic(join(opts.out, 'index.html'), galleryHtml(gallery));
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
