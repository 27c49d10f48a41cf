import { loadOnnxModel } from '@xai/backend-onnx';
import { type Classifier, meteredModel, sliceBatch } from '@xai/core';
import { fixtureModelPath, loadFixtureInputs } from '@xai/fixtures';
import { describe, expect, it } from 'vitest';
import { warmSessions } from './warm-sessions.js';

describe('warmSessions', () => {
  it('calls each pass once on the batch and returns the forward logits', async () => {
    const onnx = await loadOnnxModel(fixtureModelPath('cnn'));
    try {
      const x = sliceBatch(loadFixtureInputs(), 0, 2);
      const metered = meteredModel(onnx);
      const logits = await warmSessions(metered, x);
      const { forward, vjp, jvp } = metered.meter;
      expect([forward, vjp, jvp]).toEqual([
        { calls: 1, rows: 2 },
        { calls: 1, rows: 2 },
        { calls: 1, rows: 2 },
      ]);
      expect(Array.from(logits.data)).toEqual(Array.from((await onnx.forward(x)).data));
    } finally {
      await onnx.dispose();
    }
  });

  it('warms only the forward of a model without gradients', async () => {
    const onnx = await loadOnnxModel(fixtureModelPath('cnn'));
    try {
      const calls: string[] = [];
      const forwardOnly: Classifier = {
        inputShape: onnx.inputShape,
        numClasses: onnx.numClasses,
        forward: (x) => {
          calls.push('forward');
          return onnx.forward(x);
        },
      };
      await warmSessions(forwardOnly, sliceBatch(loadFixtureInputs(), 0, 1));
      expect(calls).toEqual(['forward']);
    } finally {
      await onnx.dispose();
    }
  });
});
