import { readFileSync } from 'node:fs';
import { isDifferentiable, sliceBatch, XaiError } from '@xai/core';
import { fixtureModelPath, loadFixtureInputs } from '@xai/fixtures';
import { describe, expect, it } from 'vitest';
import { attr } from '../src/graph/attributes.js';
import type { GraphBuilder } from '../src/graph/builder.js';
import { inspectOnnxModel, loadOnnxModel } from '../src/index.js';
import { tinyModel } from './helpers/tiny-model.js';
import { expectTorchLogits } from './helpers/torch-logits.js';

describe.each(['cnn', 'resnet'] as const)('loadOnnxModel(%s)', (name) => {
  it('reads the interface and reproduces the torch logits, in one call or in chunks', async () => {
    const model = await loadOnnxModel(fixtureModelPath(name), { maxBatchSize: 7 });
    try {
      expect(model.inputShape).toEqual([1, 28, 28]);
      expect(model.numClasses).toBe(10);
      expect(model.inputName).toBe('input');
      expect(model.outputName).toBe('logits');
      const logits = await expectTorchLogits(model, name);
      const one = await model.forward(sliceBatch(loadFixtureInputs(), 13, 14));
      expect(Array.from(one.data)).toEqual(Array.from(logits.data.subarray(130, 140)));
    } finally {
      await model.dispose();
    }
  });
});

describe('loadOnnxModel input checks', () => {
  it('names the expected and received shapes, and finds NaNs', async () => {
    const model = await loadOnnxModel(fixtureModelPath('cnn'));
    try {
      await expect(
        model.forward({ data: new Float32Array(28 * 28), shape: [1, 28, 28] }),
      ).rejects.toThrow(/\[batch, 1, 28, 28\].*\[1, 28, 28\]/);
      const x = new Float32Array(784);
      x[5] = Number.NaN;
      await expect(model.forward({ data: x, shape: [1, 1, 28, 28] })).rejects.toMatchObject({
        code: 'NON_FINITE_INPUT',
      });
    } finally {
      await model.dispose();
    }
  });

  it('rejects missing, truncated and non-ONNX files with XaiErrors', async () => {
    await expect(loadOnnxModel('/no/such/model.onnx')).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
    });
    const bytes = new Uint8Array(readFileSync(fixtureModelPath('resnet')));
    for (const cut of [10, 100, Math.floor(bytes.length / 2), bytes.length - 3]) {
      const err = await loadOnnxModel(bytes.subarray(0, cut)).catch((e: unknown) => e);
      expect(XaiError.isInstance(err), `cut at ${cut}`).toBe(true);
      expect((err as XaiError).code).toMatch(/INVALID_FILE|MODEL_LOAD_FAILED/);
    }
    const text = new TextEncoder().encode('this is not a model at all, just some text');
    await expect(loadOnnxModel(text)).rejects.toMatchObject({ code: 'INVALID_FILE' });
  });

  it('rejects an input or output name the model lacks, listing the names it has', async () => {
    await expect(loadOnnxModel(fixtureModelPath('cnn'), { inputName: 'images' })).rejects.toThrow(
      /'images'.*'input'/,
    );
    await expect(loadOnnxModel(fixtureModelPath('cnn'), { outputName: 'probs' })).rejects.toThrow(
      /'probs'.*'logits'/,
    );
  });
});

describe('inspectOnnxModel', () => {
  it('counts the ops of the ResNet fixture, batch norm included', async () => {
    const info = await inspectOnnxModel(fixtureModelPath('resnet'));
    expect(info.opsets.find((o) => o.domain === 'ai.onnx')?.version).toBe(13);
    expect(info.opCounts.Conv).toBeGreaterThan(2);
    expect(info.opCounts.Add).toBeGreaterThan(0);
    expect(info.opCounts.BatchNormalization).toBeGreaterThan(0);
    expect(info.opCounts.GlobalAveragePool ?? info.opCounts.ReduceMean).toBeGreaterThan(0);
    expect(info.parameterCount).toBeGreaterThan(1000);
    expect(info.inputs.map((i) => i.name)).toEqual(['input']);
  });
});

describe('gradient support', () => {
  it('inspect marks every op of the fixtures as differentiable', async () => {
    for (const name of ['cnn', 'resnet'] as const) {
      const info = await inspectOnnxModel(fixtureModelPath(name));
      for (const op of Object.keys(info.opCounts)) expect(info.gradientSupport[op]).toBe('vjp+jvp');
    }
  });

  it('lists every unsupported op on the path with node names and opset, at load time', async () => {
    const bytes = tinyModel(
      [4],
      (b, x) => {
        const e = b.op('Hardmax', [x]);
        const c = b.op('Det', [b.op('Reshape', [b.op('Celu', [e]), b.int64([-1, 1, 2, 2])])]);
        const custom = b.op('Relu', [c]);
        b.nodes[b.nodes.length - 1]!.opType = 'Swish';
        b.nodes[b.nodes.length - 1]!.domain = 'com.example';
        // A Shape branch is a constant to the gradient: not reported.
        const n = b.op('Slice', [b.op('Shape', [x]), b.int64([0]), b.int64([1])]);
        const shape = b.op('Concat', [n, b.int64([1])], [attr.int('axis', 0)]);
        return b.op('Reshape', [custom, shape]);
      },
      { flatten: false },
    );
    const err = await loadOnnxModel(bytes).catch((e: unknown) => e);
    expect(XaiError.isInstance(err)).toBe(true);
    expect((err as XaiError).code).toBe('UNSUPPORTED_OP');
    const message = (err as XaiError).message;
    expect(message).toMatch(/opset 13/);
    expect(message).toMatch(/Hardmax \('tiny\/Hardmax_\d+'\)/);
    expect(message).toMatch(/Det \('tiny\/Det_\d+'\)/);
    expect(message).toMatch(/com\.example::Swish/);
    expect(message).not.toMatch(/Shape|Reshape|Celu|Slice|Concat/);
    const info = await inspectOnnxModel(bytes);
    expect(info.gradientSupport).toMatchObject({
      Hardmax: 'unsupported',
      Det: 'unsupported',
      Celu: 'vjp+jvp',
      Shape: 'constant',
      Reshape: 'vjp+jvp',
      'com.example::Swish': 'unsupported',
    });
  });

  it.each([
    [
      'an Einsum diagonal',
      [2, 2],
      (b: GraphBuilder, x: string) => b.op('Einsum', [x], [attr.string('equation', 'bii->bi')]),
      /Einsum .*repeats a label/,
    ],
    [
      'ConvTranspose with auto_pad SAME_UPPER',
      [2, 3, 3],
      (b: GraphBuilder, x: string) =>
        b.op(
          'ConvTranspose',
          [x, b.float(new Array(8).fill(0.5), [2, 1, 2, 2])],
          [attr.string('auto_pad', 'SAME_UPPER'), attr.ints('strides', [2, 2])],
        ),
      /ConvTranspose .*auto_pad=SAME_UPPER is not supported/,
    ],
    [
      'GridSample with reflection padding',
      [1, 2, 2],
      (b: GraphBuilder, x: string) =>
        b.op(
          'GridSample',
          [
            x,
            b.op('Expand', [
              b.float([0.1, 0.2], [1, 1, 1, 2]),
              b.op(
                'Concat',
                [
                  b.op('Slice', [b.op('Shape', [x]), b.int64([0]), b.int64([1])]),
                  b.int64([1, 1, 2]),
                ],
                [attr.int('axis', 0)],
              ),
            ]),
          ],
          [attr.string('padding_mode', 'reflection')],
        ),
      /GridSample .*padding_mode=reflection is not supported/,
    ],
  ] as const)('a rule refuses %s at load, saying why', async (_name, sample, body, reason) => {
    const bytes = tinyModel(sample, body, { opset: 16 });
    const err = await loadOnnxModel(bytes).catch((e: unknown) => e);
    expect(XaiError.isInstance(err) && err.code).toBe('UNSUPPORTED_OP');
    expect((err as XaiError).message).toMatch(reason);
  });

  it('refuses Upsample before opset 9 at load, naming the opset to export at', async () => {
    const bytes = tinyModel(
      [1, 2, 2],
      (b, x) =>
        b.op(
          'Upsample',
          [x],
          [attr.string('mode', 'nearest'), attr.floats('scales', [1, 1, 2, 2])],
        ),
      { opset: 7 },
    );
    const err = await loadOnnxModel(bytes).catch((e: unknown) => e);
    expect(XaiError.isInstance(err) && err.code).toBe('UNSUPPORTED_OP');
    expect((err as XaiError).message).toMatch(/Upsample .*export at opset 9 or later/);
  });

  it("loads such a model forward-only with gradients: 'optional'", async () => {
    const bytes = tinyModel([4], (b, x) => b.op('Hardmax', [x]), { flatten: false });
    const model = await loadOnnxModel(bytes, { gradients: 'optional' });
    try {
      expect(isDifferentiable(model)).toBe(false);
      expect(model.gradientProblem).toMatch(/^Hardmax \('tiny\/Hardmax_\d+'\)$/);
      const y = await model.forward({ data: new Float32Array([1, -1, 2, 0]), shape: [1, 4] });
      expect(y.shape).toEqual([1, 4]);
    } finally {
      await model.dispose();
    }
  });

  it('a differentiable model is a core Model', async () => {
    const model = await loadOnnxModel(fixtureModelPath('cnn'));
    try {
      expect(isDifferentiable(model)).toBe(true);
    } finally {
      await model.dispose();
    }
  });
});

describe('before opset 13', () => {
  it('a live operand broadcast by a binary op is a clear error at run time, never a wrong number', async () => {
    const bytes = tinyModel([3, 2, 2], (b, x) => b.op('Mul', [x, b.op('GlobalAveragePool', [x])]), {
      opset: 11,
    });
    const model = await loadOnnxModel(bytes);
    try {
      const x = { data: new Float32Array(12).fill(1), shape: [1, 3, 2, 2] };
      await expect(
        model.vjp(x, { data: new Float32Array(12), shape: [1, 12] }),
      ).rejects.toMatchObject({
        code: 'NOT_SUPPORTED',
      });
    } finally {
      await model.dispose();
    }
  });
});
