import { fixtureModelPath } from '@xai/fixtures';
import { describe, expect, it, vi } from 'vitest';
import { createOutput } from '../output.js';
import { openCommand, openModelCommand } from './command-setup.js';
import { parseModelFlags } from './model-flags.js';

const setup = parseModelFlags({ kernels: 'js' });
const out = createOutput(true);

describe('the shared command setup', () => {
  it('selects the kernels, loads the model, holds the signals; close() releases all of it', async () => {
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    const session = await openModelCommand(fixtureModelPath('cnn'), setup, out, true);
    expect(session.kernels.kind).toBe('js');
    expect(session.model.inputShape).toEqual([1, 28, 28]);
    expect(session.signal.aborted).toBe(false);
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(
      before.map((n) => n + 1),
    );
    const dispose = vi.spyOn(session.model, 'dispose');
    const line = session.progress('x');
    const done = vi.spyOn(line, 'done');
    await session.close();
    expect(dispose).toHaveBeenCalledOnce();
    expect(done).toHaveBeenCalledOnce();
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before);
  });

  it('without a model file, loads models with the same options for the caller to dispose', async () => {
    const session = await openCommand(setup, out, true);
    const model = await session.loadModel(fixtureModelPath('cnn'));
    expect(model.numClasses).toBe(10);
    await session.close();
    // close() does not own it: it still runs.
    expect(
      (await model.forward({ data: new Float32Array(784), shape: [1, 1, 28, 28] })).shape,
    ).toEqual([1, 10]);
    await model.dispose();
  });
});
