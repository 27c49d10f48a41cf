import { describe, expect, it } from 'vitest';
import { decodeOnnxModel } from '../src/decode-model.js';
import { DOUBLE } from '../src/graph/graph.js';
import { spread } from './helpers/directional.js';
import { directionalCheck64 } from './helpers/float64.js';
import { gapReport } from './helpers/report-gaps.js';
import { tinyModel } from './helpers/tiny-model.js';
import { allCases } from './rule-cases/all.js';

/**
 * Ops ONNX Runtime's CPU provider cannot run in float64 (runtime 1.30), and why. A case
 * using one (or an op ONNX Runtime expands into one) is checked in float32 only
 * (rules.test.ts); when a runtime update adds the kernel, this test says to take the op
 * off the list.
 */
const noFloat64: ReadonlyMap<string, string> = new Map([
  ...[
    'Conv',
    'ConvTranspose',
    'AveragePool',
    'GlobalAveragePool',
    'GlobalMaxPool',
    'LpPool',
    'GlobalLpPool',
    'MaxUnpool',
    'Resize',
    'Upsample',
    'GridSample',
    'LRN',
    'InstanceNormalization',
    'LayerNormalization',
    'LeakyRelu',
    'PRelu',
    'Elu',
    'Selu',
    'Softplus',
    'Softsign',
    'HardSigmoid',
    'ThresholdedRelu',
    'Erf',
    'Tan',
    'Asin',
    'Acos',
    'Atan',
    'Sinh',
    'Cosh',
    'Asinh',
    'Acosh',
    'Atanh',
    'Mean',
    'RNN',
    'FusedConv',
    'BiasGelu',
  ].map((op): [string, string] => [op, 'no float64 kernel']),
  ['GRU', 'its kernel refuses float64'],
  ['LSTM', 'its kernel refuses float64'],
  ['Celu', "ONNX's schema types it for float32 only"],
  ['SkipLayerNormalization', 'its com.microsoft schema takes float32 and float16 only'],
  [
    'MeanVarianceNormalization',
    'it runs as an ONNX function whose body makes its epsilon a float32 constant',
  ],
]);

/**
 * Ops whose float64 kernel rounds through float32, so central differences of the forward
 * carry float32 noise (measured: Shrink's output is unchanged by a 1e-9 step of its input).
 */
const roundsThroughFloat32: ReadonlySet<string> = new Set(['Shrink']);

const opsOf = (bytes: Uint8Array) =>
  new Set((decodeOnnxModel(bytes).graph?.node ?? []).map((n) => n.opType ?? ''));

describe('derivative rules against central differences in float64', () => {
  const record = gapReport();

  it.each(allCases)(
    '$name',
    async (c) => {
      const options = { flatten: c.flatten, opset: c.opset };
      const single = tinyModel(c.sample, c.body, options);
      const ops = opsOf(single);
      if ([...ops].some((op) => roundsThroughFloat32.has(op))) return;
      const blockers = [...ops].filter((op) => noFloat64.has(op));
      const x = spread([3, ...c.sample], 11, c.gap ?? 0.05);
      const r = await directionalCheck64(
        tinyModel(c.sample, c.body, { ...options, floatType: DOUBLE }),
        single,
        Float64Array.from(x.data),
        x.shape,
        { seed: 5, step: 1e-5 },
      );
      if ('noDoubleKernel' in r) {
        // An op ONNX Runtime expands into a function (Gelu, HardSwish) names the inner op.
        const named = /implementation for (\w+)\(/.exec(r.noDoubleKernel)?.[1];
        const explained = blockers.length > 0 || (named !== undefined && noFloat64.has(named));
        expect(explained, r.noDoubleKernel).toBe(true);
        return;
      }
      expect(blockers, 'these ops now run in float64: take them off the list').toEqual([]);
      record(c.name, r);
      // float64 rounding against a step of 1e-5 leaves ~1e-10; truncation ~1e-10 on these
      // inputs: 1e-6 still catches any wrong term (float32 needs 1e-3).
      expect(r.vjpVsJvp).toBeLessThan(1e-12);
      expect(r.jvpVsFd).toBeLessThan(1e-6);
      expect(r.vjpVsFd).toBeLessThan(1e-6);
    },
    60_000,
  );
});
