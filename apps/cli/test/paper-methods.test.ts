/**
 * Every paper method through `xai explain` on both ONNX fixtures: a finite map shaped like
 * the input. Small settings keep it quick; the unit tests of @xai/methods check the
 * algorithms themselves and their cost.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { npyToTensor } from '@xai/core';
import { fixtureImagePaths, fixtureModelPath } from '@xai/fixtures';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const settings: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['isa', ['k=200', 'ascentSteps=2', 'descentSteps=2']],
  ['i-gos', ['maskSize=7', 'maxIterations=2', 'integrationSteps=4']],
  ['cafo', ['powerIterations=2', 'iterations=3']],
  ['caso', ['powerIterations=2', 'iterations=3']],
  ['smooth-cafo', ['powerIterations=2', 'iterations=3', 'samples=3']],
  ['smooth-caso', ['powerIterations=2', 'iterations=3', 'samples=3']],
  ['adapt-grad', ['samples=4']],
  ['adapt-grad', ['samples=2', 'weightNoise={"models":2,"sigma":0.1}']],
  ['smooth-grad', ['samples=4', 'inner=integrated-gradients', 'steps=4']],
  ['invariant-perturbation', ['steps=10', 'learningRate=0.2', 'samples=4']],
];

describe.each(['cnn', 'resnet'] as const)(
  'the paper methods through xai explain on the %s fixture',
  (name) => {
    const dir = mkdtempSync(join(tmpdir(), `xai-papers-${name}-`));
    it.each(settings.map(([m, s], i) => [m, s.join(' '), s, i] as const))(
      '%s (%s) writes a finite map shaped like the input',
      async (method, _label, set, i) => {
        const out = join(dir, `${method}-${i}.npy`);
        const r = await runCli([
          'explain',
          '--model',
          fixtureModelPath(name),
          '--input',
          fixtureImagePaths()[0]!,
          '--preprocess',
          'fashion-mnist',
          '--method',
          method,
          ...set.flatMap((s) => ['--set', s]),
          '--set',
          'seed=1',
          '--out',
          out,
          '--quiet',
        ]);
        expect(r.code, r.stderr).toBe(0);
        const a = npyToTensor(new Uint8Array(readFileSync(out)));
        expect(a.shape).toEqual([1, 1, 28, 28]);
        expect(a.data.every(Number.isFinite)).toBe(true);
        // Not constant (CAFO and CASO are sparse by design: few distinct values after 3 steps).
        expect(new Set(a.data).size).toBeGreaterThan(1);
      },
      60_000,
    );
  },
);
