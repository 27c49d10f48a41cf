/**
 * Adam (Kingma and Ba 2015, algorithm 1) on a flat parameter vector, in float64. `step`
 * moves the parameters along the gradient (ascent) or against it (descent) and returns
 * nothing; the moments live in the optimiser.
 */
export interface AdamOptions {
  readonly learningRate: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
  /** 'ascent' maximises, 'descent' minimises. */
  readonly direction: 'ascent' | 'descent';
}

export class Adam {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;

  constructor(
    size: number,
    private readonly o: AdamOptions,
  ) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }

  /** One update of `params` in place from `grad`. */
  step(params: Float64Array, grad: ArrayLike<number>): void {
    const b1 = this.o.beta1 ?? 0.9;
    const b2 = this.o.beta2 ?? 0.999;
    const eps = this.o.epsilon ?? 1e-8;
    const sign = this.o.direction === 'ascent' ? 1 : -1;
    this.t++;
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    for (let i = 0; i < params.length; i++) {
      const g = grad[i]!;
      this.m[i] = b1 * this.m[i]! + (1 - b1) * g;
      this.v[i] = b2 * this.v[i]! + (1 - b2) * g * g;
      params[i]! +=
        (sign * this.o.learningRate * (this.m[i]! / c1)) / (Math.sqrt(this.v[i]! / c2) + eps);
    }
  }
}
