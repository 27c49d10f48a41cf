// The data sets the results pages run on: the Fashion-MNIST fixtures (the default) and the
// CIFAR-10 ResNets with 1,000 test images in ../shared/data/cifar10, read where they lie
// (their README gives the format). Each data set says its models, input domain, sizes, how to
// spread samples over the classes, and the suffix its pages and caches carry.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadOnnxModel } from '@xai/backend-onnx';
import { npyToTensor, parseNpy } from '@xai/core';
import {
  fixtureManifest,
  fixtureModelPath,
  loadFixtureImages,
  loadFixtureInputs,
  loadFixtureLabels,
} from '@xai/fixtures';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

/** Where the CIFAR-10 data lie: ../shared/data/cifar10 beside the repository. */
export function cifar10Dir() {
  return resolve(repoRoot, '..', 'shared', 'data', 'cifar10');
}

function readNpy(path) {
  if (!existsSync(path)) {
    throw new Error(
      `Expected the CIFAR-10 data at ${path} (../shared/data/cifar10 beside the repository: inputs.npy, labels.npy, images-uint8.npy and the ResNets) but it is missing.`,
    );
  }
  return new Uint8Array(readFileSync(path));
}

const fixtures = {
  name: 'fixtures',
  title: 'the fixture models',
  description: 'Fashion-MNIST, 1×28×28',
  suffix: '',
  models: ['cnn', 'resnet'],
  modelNames: ['mlp', 'cnn', 'resnet'],
  modelTitle: (m) => ({ mlp: 'MLP', cnn: 'CNN', resnet: 'ResNet' })[m] ?? m,
  channels: 1,
  side: 28,
  classes: 10,
  perClass: 10,
  normalization() {
    const { mean, std } = fixtureManifest().normalisation;
    return { mean: [mean], std: [std] };
  },
  loadModel: (name, options) => loadOnnxModel(fixtureModelPath(name), options),
  loadInputs: loadFixtureInputs,
  loadLabels: loadFixtureLabels,
  /** Pixels in [0, 1], NCHW. */
  loadImages: loadFixtureImages,
};

const cifar10 = {
  name: 'cifar10',
  title: 'the CIFAR-10 ResNets',
  description: 'CIFAR-10 test images, 3×32×32 colour',
  suffix: '-cifar10',
  models: ['resnet20', 'resnet56'],
  modelNames: ['resnet20', 'resnet56'],
  modelTitle: (m) => ({ resnet20: 'ResNet-20', resnet56: 'ResNet-56' })[m] ?? m,
  channels: 3,
  side: 32,
  classes: 10,
  perClass: 100,
  // The ImageNet statistics the weights were trained with (the README: `inputs.npy`).
  normalization: () => ({ mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] }),
  loadModel: (name, options) => loadOnnxModel(join(cifar10Dir(), `${name}.onnx`), options),
  loadInputs() {
    const path = join(cifar10Dir(), 'inputs.npy');
    return npyToTensor(readNpy(path), path);
  },
  loadLabels() {
    const path = join(cifar10Dir(), 'labels.npy');
    const { data, dtype } = parseNpy(readNpy(path), path);
    if (!(data instanceof BigInt64Array)) {
      throw new Error(`Expected int64 labels in ${path} but received ${dtype}.`);
    }
    return Int32Array.from(data, Number);
  },
  /** Pixels in [0, 1], NCHW, from the uint8 NHWC file. */
  loadImages() {
    const path = join(cifar10Dir(), 'images-uint8.npy');
    const { data, shape } = parseNpy(readNpy(path), path);
    const [n, h, w, c] = shape;
    const out = new Float32Array(data.length);
    for (let i = 0; i < n; i++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++)
          for (let k = 0; k < c; k++)
            out[((i * c + k) * h + y) * w + x] = data[((i * h + y) * w + x) * c + k] / 255;
    return { data: out, shape: [n, c, h, w] };
  },
};

export const datasets = { fixtures, cifar10 };

/** The data set named by `--dataset` (default the fixtures). */
export function getDataset(name = 'fixtures') {
  const d = datasets[name];
  if (!d) {
    throw new Error(
      `Expected --dataset among ${Object.keys(datasets).join(', ')} but received '${name}'.`,
    );
  }
  return d;
}

/** Features per sample. */
export const featureCount = (d) => d.channels * d.side * d.side;

/** The largest channel std: 1/that is pixel 1 in model units for every channel at once. */
export const largestStd = (d) => Math.max(...d.normalization().std);

/**
 * `count` sample indices spread over the classes: the images are stored class by class,
 * `perClass` each, so index k takes image floor(k / classes) of class k mod classes.
 */
export function sampleIndices(count, d = fixtures) {
  const most = d.classes * d.perClass;
  if (!Number.isInteger(count) || count < 1 || count > most) {
    throw new Error(`Expected a sample count in [1, ${most}] but received ${count}.`);
  }
  return Array.from(
    { length: count },
    (_, k) => (k % d.classes) * d.perClass + Math.floor(k / d.classes),
  );
}
