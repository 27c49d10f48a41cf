/** A dense layer `[out, in]` (row-major weights) with its bias. */
export interface DenseWeights {
  readonly w: ArrayLike<number>;
  readonly bias: ArrayLike<number>;
  readonly out: number;
  readonly in: number;
}

/**
 * One sample through dense layers with ReLU between them, in float64: each layer's input
 * `inputs[l]` and pre-activation `pre[l]` (the plain-JS side of the backward-rule tests).
 */
export function denseReluForward(layers: readonly DenseWeights[], x: ArrayLike<number>) {
  const inputs: Float64Array[] = [Float64Array.from(x)];
  const pre: Float64Array[] = [];
  layers.forEach((l, li) => {
    const a = inputs[li]!;
    const z = new Float64Array(l.out);
    for (let k = 0; k < l.out; k++) {
      let s = l.bias[k]!;
      for (let j = 0; j < l.in; j++) s += l.w[k * l.in + j]! * a[j]!;
      z[k] = s;
    }
    pre.push(z);
    inputs.push(z.map((v) => Math.max(0, v)));
  });
  return { inputs, pre };
}
