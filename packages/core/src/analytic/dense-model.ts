import { XaiError } from '../errors.js';
import type { Model } from '../model.js';
import { assertFinite, formatShape, sizeOf, type Tensor } from '../tensor.js';

/** One sample's logits, Jacobian `[K, D]` (row-major) and, when not zero, the logits' Hessians. */
export interface SampleDerivatives {
  readonly logits: Float64Array;
  readonly jacobian: Float64Array;
  /** `K` matrices `[D, D]`, or undefined when every logit is piecewise linear in the input. */
  readonly logitHessians?: Float64Array;
}

/**
 * A `Model` defined by exact per-sample derivatives computed in float64: `vjp` and `jvp`
 * are products with the explicit Jacobian, so they are exact up to the final float32
 * rounding. Used by tests as the independent reference for methods and backends.
 */
export class DenseAnalyticModel implements Model {
  readonly inputShape: readonly number[];
  readonly numClasses: number;
  readonly inputSize: number;
  /** How many forward, vjp and jvp calls (and samples) the model has served: tests check batching. */
  readonly calls = { forward: 0, vjp: 0, jvp: 0, samples: 0 };

  constructor(
    inputShape: readonly number[],
    numClasses: number,
    private readonly derive: (x: Float64Array) => SampleDerivatives,
  ) {
    this.inputShape = [...inputShape];
    this.numClasses = numClasses;
    this.inputSize = sizeOf(inputShape);
  }

  /** Exact derivatives of one sample given as float64. */
  derivatives(sample: Float64Array): SampleDerivatives {
    return this.derive(sample);
  }

  async forward(x: Tensor): Promise<Tensor> {
    this.calls.forward++;
    return this.map(x, (d) => d.logits, this.numClasses);
  }

  async vjp(x: Tensor, cotangent: Tensor): Promise<{ logits: Tensor; grad: Tensor }> {
    this.calls.vjp++;
    const batch = this.checkBatch(x);
    this.checkPerSample(cotangent, batch, [this.numClasses], 'the cotangent');
    const D = this.inputSize;
    const K = this.numClasses;
    const logits = new Float32Array(batch * K);
    const grad = new Float32Array(batch * D);
    for (let b = 0; b < batch; b++) {
      const d = this.derive(sampleAt(x, b, D));
      logits.set(d.logits, b * K);
      for (let i = 0; i < D; i++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += d.jacobian[k * D + i]! * cotangent.data[b * K + k]!;
        grad[b * D + i] = s;
      }
    }
    return {
      logits: { data: logits, shape: [batch, K] },
      grad: { data: grad, shape: [...x.shape] },
    };
  }

  async jvp(x: Tensor, tangent: Tensor): Promise<{ logits: Tensor; jvp: Tensor }> {
    this.calls.jvp++;
    const batch = this.checkBatch(x);
    this.checkPerSample(tangent, batch, this.inputShape, 'the tangent');
    const D = this.inputSize;
    const K = this.numClasses;
    const logits = new Float32Array(batch * K);
    const out = new Float32Array(batch * K);
    for (let b = 0; b < batch; b++) {
      const d = this.derive(sampleAt(x, b, D));
      logits.set(d.logits, b * K);
      for (let k = 0; k < K; k++) {
        let s = 0;
        for (let i = 0; i < D; i++) s += d.jacobian[k * D + i]! * tangent.data[b * D + i]!;
        out[b * K + k] = s;
      }
    }
    return { logits: { data: logits, shape: [batch, K] }, jvp: { data: out, shape: [batch, K] } };
  }

  private map(x: Tensor, pick: (d: SampleDerivatives) => Float64Array, width: number): Tensor {
    const batch = this.checkBatch(x);
    const out = new Float32Array(batch * width);
    for (let b = 0; b < batch; b++)
      out.set(pick(this.derive(sampleAt(x, b, this.inputSize))), b * width);
    return { data: out, shape: [batch, width] };
  }

  private checkBatch(x: Tensor): number {
    const batch = x.shape[0] ?? 0;
    this.checkPerSample(x, batch, this.inputShape, 'the input');
    assertFinite(x, 'the input');
    this.calls.samples += batch;
    return batch;
  }

  private checkPerSample(t: Tensor, batch: number, sample: readonly number[], what: string): void {
    const expected = [batch, ...sample];
    const ok = t.shape.length === expected.length && t.shape.every((d, i) => d === expected[i]);
    if (!ok) {
      throw new XaiError(
        'SHAPE_MISMATCH',
        `Expected ${what} of shape ${formatShape(expected)} but received ${formatShape(t.shape)}.`,
      );
    }
  }
}

function sampleAt(x: Tensor, b: number, D: number): Float64Array {
  return Float64Array.from(x.data.subarray(b * D, (b + 1) * D));
}
