import { sliceBatch } from '@xai/core';
import { fixtureModelPath, loadFixtureInputs } from '@xai/fixtures';
import * as ort from 'onnxruntime-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadOnnxModel } from '../src/index.js';
import { threadingOptions } from '../src/session.js';

type Waiting = { session: { intra_op: { allow_spinning: string }; force_spinning_stop?: string } };
/** ONNX Runtime's two settings behind spinWait: spinning at all, and stopping at a run's end. */
const waiting = (o: ort.InferenceSession.SessionOptions) => {
  const { session } = o.extra as Waiting;
  return [session.intra_op.allow_spinning, session.force_spinning_stop];
};

describe('threadingOptions', () => {
  it('spins within a run unless spinWait says otherwise, and pins inter-op threads with threads', () => {
    expect(waiting(threadingOptions({}))).toEqual(['1', '1']);
    expect(waiting(threadingOptions({ spinWait: 'within-run' }))).toEqual(['1', '1']);
    expect(waiting(threadingOptions({ spinWait: false }))).toEqual(['0', undefined]);
    expect(waiting(threadingOptions({ spinWait: true }))).toEqual(['1', undefined]);
    expect(threadingOptions({}).intraOpNumThreads).toBeUndefined();
    expect(threadingOptions({ threads: 3 })).toMatchObject({
      intraOpNumThreads: 3,
      interOpNumThreads: 1,
    });
  });
});

describe('loadOnnxModel({ spinWait })', () => {
  afterEach(() => vi.restoreAllMocks());

  it('rejects a value it does not know before loading anything', async () => {
    const create = vi.spyOn(ort.InferenceSession, 'create');
    for (const spinWait of ['always', 1, 'within run']) {
      const loading = loadOnnxModel(fixtureModelPath('resnet'), {
        spinWait: spinWait as unknown as boolean,
      });
      await expect(loading).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining(`true, false or 'within-run'`),
      });
    }
    expect(create).not.toHaveBeenCalled();
  });

  it('reaches every session it creates, and changes no result', async () => {
    const create = vi.spyOn(ort.InferenceSession, 'create');
    const x = sliceBatch(loadFixtureInputs(), 0, 2);
    const results = [];
    const settings = [undefined, false, true] as const;
    const expected = { undefined: ['1', '1'], false: ['0', undefined], true: ['1', undefined] };
    for (const spinWait of settings) {
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
        expect(waiting(options as ort.InferenceSession.SessionOptions)).toEqual(
          expected[String(spinWait) as keyof typeof expected],
        );
      }
    }
    const [withinRun, sleeping, spinning] = results;
    for (let i = 0; i < 3; i++) {
      expect(sleeping![i]).toEqual(withinRun![i]);
      expect(spinning![i]).toEqual(withinRun![i]);
    }
  });
});
