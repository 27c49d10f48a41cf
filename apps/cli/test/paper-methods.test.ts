import { describe, expect, it } from 'vitest';
import { explainFixtureImage } from './run-cli.js';

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
    it.each(settings.map(([m, s], i) => [m, s.join(' '), s, i] as const))(
      '%s (%s) writes a finite map shaped like the input',
      async (method, _label, set) => {
        const { code, stderr, map } = await explainFixtureImage(name, method, set);
        expect(code, stderr).toBe(0);
        expect(map!.shape).toEqual([1, 1, 28, 28]);
        expect(map!.data.every(Number.isFinite)).toBe(true);
        // Not constant (CAFO and CASO are sparse by design: few distinct values after 3 steps).
        expect(new Set(map!.data).size).toBeGreaterThan(1);
      },
      60_000,
    );
  },
);
