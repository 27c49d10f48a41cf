import { fixtureModelPath } from '@xai/fixtures';
import { describe, it } from 'vitest';
import { loadOnnxModel } from '../src/index.js';
import { checkFixtureDerivatives } from './helpers/fixture-derivatives.js';

describe.each(['cnn', 'resnet'] as const)('vjp and jvp of the %s fixture', (name) => {
  it('agree with each other and with central differences of forward', async () => {
    const model = await loadOnnxModel(fixtureModelPath(name), { maxBatchSize: 5 });
    try {
      const r = await checkFixtureDerivatives(model);
      console.log(name, r.vjpVsJvp, r.jvpVsFd, r.vjpVsFd, r.medianJvpVsFd);
    } finally {
      await model.dispose();
    }
  });
});
