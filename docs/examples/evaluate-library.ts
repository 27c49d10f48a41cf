// An evaluation from a program, without the CLI (as Quantus' evaluate()): two methods, two
// metrics, results kept in a folder so a second call reuses them.
// Run by the docs tests on the embedded Fashion-MNIST CNN.
import { loadOnnxModel } from '@xai/backend-onnx';
import { sliceBatch } from '@xai/core';
import { evaluate } from '@xai/evaluation';
import { hashFile, installedVersions, openJsonlStore } from '@xai/evaluation/node';
import { fixtureModelPath, loadFixtureInputs, loadFixtureLabels } from '@xai/fixtures';
import { integratedGradients, saliency } from '@xai/methods';
import { deletion, sparseness } from '@xai/metrics';

export async function evaluateFixtures(outDir: string, samples: number) {
  const path = fixtureModelPath('cnn');
  const model = await loadOnnxModel(path);
  try {
    return await evaluate({
      model,
      modelHash: await hashFile(path), // part of every result's identity
      inputs: sliceBatch(loadFixtureInputs(), 0, samples),
      targets: Array.from(loadFixtureLabels()).slice(0, samples),
      methods: [saliency, { method: integratedGradients, options: { steps: 16 } }],
      metrics: [{ metric: deletion, options: { pixelsPerStep: 28 } }, sparseness],
      seed: 0,
      store: await openJsonlStore(`${outDir}/results.jsonl`),
      versions: installedVersions(import.meta.url),
      onProgress: (e) => process.stderr.write(`\r${e.phase} ${e.done}/${e.total}`),
    });
  } finally {
    await model.dispose();
  }
}
