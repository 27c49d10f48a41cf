/**
 * Every registered method runs through `xai explain` on both ONNX fixtures. The paper
 * methods, the backward-rule methods, ISA, occlusion and RISE have CLI tests of their own;
 * this file runs the rest and checks that, together, the CLI tests leave none out.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { methods } from '@xai/methods';
import { describe, expect, it } from 'vitest';
import { explainFixtureImage } from './run-cli.js';

// Small settings keep it quick; the unit tests of @xai/methods check the algorithms.
const settings: Record<string, readonly string[]> = {
  gradient: [],
  saliency: [],
  'gradient-x-input': [],
  'integrated-gradients': ['steps=8'],
  'meaningful-perturbation': ['iterations=5', 'maskSize=7'],
  'fast-ig': [],
  'guided-ig': ['steps=8'],
  'blur-ig': ['steps=8', 'maxSigma=4'],
  big: ['attackSteps=5', 'attackStepSize=0.05', 'steps=8'],
  agi: ['maxIter=4', 'epsilon=0.1'],
  mfaba: ['steps=5', 'stepSize=0.01'],
  'noise-grad': ['models=2'],
  'fusion-grad': ['models=2', 'samples=2'],
};

/** Methods whose CLI runs on both fixtures live in another test file of this folder. */
const elsewhere = [
  'isa',
  'i-gos',
  'cafo',
  'caso',
  'smooth-cafo',
  'smooth-caso',
  'adapt-grad',
  'smooth-grad',
  'invariant-perturbation',
  'occlusion',
  'rise',
  'guided-backprop',
  'deconvnet',
  'grad-cam',
  'guided-grad-cam',
  'lrp',
  'excitation-backprop',
  'deep-lift',
];

describe('the CLI tests cover every registered method', () => {
  it('each method is run here or named in another CLI test', () => {
    const others = readdirSync(new URL('.', import.meta.url))
      .filter((f) => f.endsWith('.test.ts') && !f.startsWith('baseline-methods-cli'))
      .map((f) => readFileSync(new URL(f, import.meta.url), 'utf8'))
      .join('\n');
    for (const m of methods) {
      if (m.name in settings) continue;
      expect(elsewhere, `${m.name} has no CLI test`).toContain(m.name);
      expect(others, `${m.name} is listed as tested elsewhere but no CLI test names it`).toContain(
        `'${m.name}'`,
      );
    }
  });
});

describe.each(['cnn', 'resnet'] as const)(
  'baselines through xai explain on the %s fixture',
  (name) => {
    it.each(Object.entries(settings))(
      '%s writes a finite map shaped like the input',
      async (method, set) => {
        const { code, stderr, map } = await explainFixtureImage(name, method, set);
        expect(code, stderr).toBe(0);
        expect(map!.shape).toEqual([1, 1, 28, 28]);
        expect(map!.data.every(Number.isFinite)).toBe(true);
        expect(new Set(map!.data).size).toBeGreaterThan(1);
      },
      60_000,
    );
  },
);
