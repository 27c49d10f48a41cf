import { stat } from 'node:fs/promises';
import { type Classifier, type Kernels, sliceBatch, type Tensor, XaiError } from '@xai/core';
import { computeUnit, type ResultRecord, tensorHash } from '@xai/evaluation';
import { hashFile } from '@xai/evaluation/node';
import { decodeJobOptions, type UnitJobData } from '@xai/evaluation/queue';
import { loadInputs, type Preprocess } from '@xai/images';
import { getMethod } from '@xai/methods';
import { getMetric } from '@xai/metrics';

export interface ProcessorDeps {
  /** Loads a model file (the worker keeps the last one open). */
  readonly loadModel: (path: string) => Promise<Classifier & { dispose(): Promise<void> }>;
  readonly kernels?: Kernels;
  /** The versions this worker computes with; a job planned with others fails. */
  readonly versions: Readonly<Record<string, string>>;
}

/**
 * `xai worker`'s job: checks that the model and input files it sees are those the
 * coordinator hashed, rebuilds the unit and computes its results. The model, its hash and
 * the inputs are kept between jobs while their files do not change.
 */
export function unitProcessor(deps: ProcessorDeps): {
  process(job: UnitJobData): Promise<ResultRecord[]>;
  close(): Promise<void>;
} {
  let model: { key: string; m: Classifier & { dispose(): Promise<void> } } | undefined;
  const hashes = new Map<string, string>();
  let inputs: { key: string; x: Tensor } | undefined;

  async function fileKey(path: string, what: string): Promise<string> {
    const s = await stat(path).catch(() => null);
    if (!s?.isFile()) {
      throw new XaiError(
        'FILE_NOT_FOUND',
        `Expected the ${what} '${path}' on this worker but it does not exist; every worker must see the files at the paths the coordinator was given.`,
      );
    }
    return `${path}:${s.size}:${s.mtimeMs}`;
  }

  return {
    async process(job) {
      const theirs = JSON.stringify(job.versions);
      const ours = JSON.stringify(
        Object.fromEntries(Object.keys(job.versions).map((k) => [k, deps.versions[k]])),
      );
      if (theirs !== ours) {
        throw new XaiError(
          'INVALID_ARGUMENT',
          `Expected the worker to run the versions the job was planned with (${theirs}) but it runs ${JSON.stringify(deps.versions)}; install the same version everywhere.`,
        );
      }
      const mKey = await fileKey(job.modelPath, 'model file');
      let hash = hashes.get(mKey);
      if (!hash) {
        hash = await hashFile(job.modelPath);
        hashes.set(mKey, hash);
      }
      if (hash !== job.modelHash) {
        throw new XaiError(
          'INVALID_FILE',
          `Expected the model file '${job.modelPath}' to have sha-256 ${job.modelHash} but it has ${hash} on this worker; give every worker the same file.`,
        );
      }
      if (model?.key !== mKey) {
        await model?.m.dispose();
        model = undefined;
        model = { key: mKey, m: await deps.loadModel(job.modelPath) };
      }
      const iKey = `${await fileKey(job.inputPath, 'input')}:${JSON.stringify(job.inputSpec)}`;
      if (inputs?.key !== iKey) {
        const loaded = await loadInputs(
          job.inputPath,
          model.m.inputShape,
          job.inputSpec as unknown as Preprocess,
        );
        inputs = { key: iKey, x: loaded.x };
      }
      if (job.sample >= inputs.x.shape[0]!) {
        throw new XaiError(
          'INVALID_FILE',
          `Expected sample ${job.sample} in '${job.inputPath}' but it holds ${inputs.x.shape[0]} on this worker.`,
        );
      }
      const sample = sliceBatch(inputs.x, job.sample, job.sample + 1);
      const sampleHash = await tensorHash(sample);
      if (sampleHash !== job.sampleHash) {
        throw new XaiError(
          'INVALID_FILE',
          `Expected sample ${job.sample} of '${job.inputPath}' to hash to ${job.sampleHash} after preprocessing but it hashes to ${sampleHash} on this worker; give every worker the same files.`,
        );
      }
      const method = getMethod(job.method);
      const unit = {
        sample: job.sample,
        sampleHash,
        source: job.source,
        target: job.target,
        method,
        methodOptions: job.methodOptions,
        explanation: job.explanation,
        results: job.results.map((r) => ({
          ...r,
          metric: getMetric(r.metric),
          options: decodeJobOptions(r.options),
        })),
      };
      const dataset = job.dataset && {
        x: sliceBatch(inputs.x, 0, job.dataset.count),
        targets: Int32Array.from(job.dataset.targets),
      };
      return computeUnit(unit, unit.results, {
        model: model.m,
        sample,
        seed: job.seed,
        ...(dataset ? { dataset } : {}),
        ...(deps.kernels ? { kernels: deps.kernels } : {}),
      });
    },
    async close() {
      await model?.m.dispose();
    },
  };
}
