import { sliceBatch } from '@xai/core';
import { fixtureModelPath, loadFixtureInputs } from '@xai/fixtures';
import * as ort from 'onnxruntime-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadOnnxModel } from '../src/index.js';
import { threadingOptions } from '../src/session.js';

describe('threadingOptions', () => {
  it('lets intra-op threads sleep unless spinWait, and pins inter-op threads with threads', () => {
    const spinning = (o: ort.InferenceSession.SessionOptions) =>
      (o.extra as { session: { intra_op: { allow_spinning: string } } }).session.intra_op
        .allow_spinning;
    expect(spinning(threadingOptions({}))).toBe('0');
    expect(spinning(threadingOptions({ spinWait: false }))).toBe('0');
    expect(spinning(threadingOptions({ spinWait: true }))).toBe('1');
    expect(threadingOptions({}).intraOpNumThreads).toBeUndefined();
    expect(threadingOptions({ threads: 3 })).toMatchObject({
      intraOpNumThreads: 3,
      interOpNumThreads: 1,
    });
  });
});

describe('loadOnnxModel({ spinWait })', () => {
  afterEach(() => vi.restoreAllMocks());

  it('reaches every session it creates, and changes no result', async () => {
    const create = vi.spyOn(ort.InferenceSession, 'create');
    const x = sliceBatch(loadFixtureInputs(), 0, 2);
    const results = [];
    for (const spinWait of [undefined, true]) {
      create.mockClear();
      const model = await loadOnnxModel(fixtureModelPath('resnet'), { threads: 1, spinWait });
      try {
        const logits = await model.forward(x);
        const { grad } = await model.vjp(x, {
          data: logits.data.map(() => 1),
          shape: logits.shape,
        });
        const tangent = { data: x.data.map((v) => v * 0.5), shape: x.shape };
        const { jvp } = await model.jvp(x, tangent);
        results.push([logits.data, grad.data, jvp.data]);
      } finally {
        await model.dispose();
      }
      // The forward, vjp and jvp sessions at least (the shape probe may add one).
      expect(create.mock.calls.length).toBeGreaterThanOrEqual(3);
      for (const [, options] of create.mock.calls) {
        const extra = (options as ort.InferenceSession.SessionOptions).extra as {
          session: { intra_op: { allow_spinning: string } };
        };
        expect(extra.session.intra_op.allow_spinning).toBe(spinWait ? '1' : '0');
      }
    }
    const [sleeping, spinning] = results;
    for (let i = 0; i < 3; i++) expect(spinning![i]).toEqual(sleeping![i]);
  });
});
