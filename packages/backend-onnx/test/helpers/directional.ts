import { createRng, type Model, type Tensor } from '@xai/core';

/** A tensor of standard normal draws from (seed, stream). */
export function randn(shape: readonly number[], seed: number, stream = 0, scale = 1): Tensor {
  const rng = createRng(seed, stream);
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = rng.normal() * scale;
  return { data, shape: [...shape] };
}

type Floats = Float32Array | Float64Array;

function rowDots(a: Floats, b: Floats, batch: number): Float64Array {
  const per = a.length / batch;
  const out = new Float64Array(batch);
  for (let s = 0; s < batch; s++) {
    let acc = 0;
    for (let i = s * per; i < (s + 1) * per; i++) acc += a[i]! * b[i]!;
    out[s] = acc;
  }
  return out;
}

export interface DirectionalReport {
  /** Per sample: `u . (J v)` from jvp. */
  readonly jvp: Float64Array;
  /** Per sample: `(J^T u) . v` from vjp. */
  readonly vjp: Float64Array;
  /** Per sample: `u . (f(x + h v) - f(x - h v)) / 2h`. */
  readonly fd: Float64Array;
  /** Worst over samples of `|u.Jv (jvp) - (J^T u).v (vjp)| / (|u| |Jv|)`. */
  readonly vjpVsJvp: number;
  /** Worst over samples of `|Jv - fd| / |Jv|` (vectors on the logits). */
  readonly jvpVsFd: number;
  /** Worst over samples of `|(J^T u).v - u.fd| / (|u| |Jv|)`. */
  readonly vjpVsFd: number;
  /** The median over samples of `|Jv - fd| / |Jv|`: robust to the odd kink a step crosses. */
  readonly medianJvpVsFd: number;
}

/**
 * Checks `u . J v` three ways per sample: jvp, vjp, and central differences of forward.
 * Errors are relative to the norms of the vectors involved, so a directional derivative
 * that happens to be near 0 does not blow them up.
 */
export async function directionalCheck(
  model: Model,
  x: Tensor,
  options: { seed: number; step: number; floor?: number },
): Promise<DirectionalReport> {
  const batch = x.shape[0]!;
  const u = randn([batch, model.numClasses], options.seed, 1);
  const v = randn(x.shape, options.seed, 2);
  const { logits, jvp } = await model.jvp(x, v);
  const { logits: logits2, grad } = await model.vjp(x, u);
  const plus = new Float32Array(x.data.length);
  const minus = new Float32Array(x.data.length);
  const h = options.step;
  for (let i = 0; i < x.data.length; i++) {
    plus[i] = x.data[i]! + h * v.data[i]!;
    minus[i] = x.data[i]! - h * v.data[i]!;
  }
  const fp = await model.forward({ data: plus, shape: x.shape });
  const fm = await model.forward({ data: minus, shape: x.shape });
  const diff = new Float32Array(fp.data.length);
  for (let i = 0; i < diff.length; i++) diff[i] = (fp.data[i]! - fm.data[i]!) / (2 * h);
  const ref = await model.forward(x);
  for (let i = 0; i < ref.data.length; i++) {
    const tol = 1e-4 * (1 + Math.abs(ref.data[i]!));
    if (
      Math.abs(ref.data[i]! - logits.data[i]!) > tol ||
      Math.abs(ref.data[i]! - logits2.data[i]!) > tol
    )
      throw new Error(`logits of the derivative graphs differ from forward at ${i}`);
  }
  return compareDirections(
    { u: u.data, v: v.data, jvp: jvp.data, grad: grad.data, diff },
    batch,
    options.floor ?? 1e-6,
  );
}

/**
 * The three per-sample values of `u . J v` (jvp, vjp, central differences `diff`) and the
 * worst relative gaps between them, in the vectors' own precision (float32 or float64).
 */
export function compareDirections(
  d: { u: Floats; v: Floats; jvp: Floats; grad: Floats; diff: Floats },
  batch: number,
  floor: number,
): DirectionalReport {
  const a = rowDots(d.u, d.jvp, batch);
  const b = rowDots(d.grad, d.v, batch);
  const fd = rowDots(d.u, d.diff, batch);
  const uu = rowDots(d.u, d.u, batch);
  const ff = rowDots(d.diff, d.diff, batch);
  const jj = rowDots(d.jvp, d.jvp, batch);
  const dd = d.diff.slice();
  for (let i = 0; i < dd.length; i++) dd[i] = d.jvp[i]! - d.diff[i]!;
  const ee = rowDots(dd, dd, batch);
  const perSample: number[] = [];
  let vjpVsJvp = 0;
  let jvpVsFd = 0;
  let vjpVsFd = 0;
  for (let s = 0; s < batch; s++) {
    const scale = Math.sqrt(uu[s]! * Math.max(ff[s]!, jj[s]!)) + floor;
    vjpVsJvp = Math.max(vjpVsJvp, Math.abs(a[s]! - b[s]!) / scale);
    vjpVsFd = Math.max(vjpVsFd, Math.abs(b[s]! - fd[s]!) / scale);
    perSample.push(Math.sqrt(ee[s]!) / (Math.sqrt(jj[s]!) + floor));
    jvpVsFd = Math.max(jvpVsFd, perSample[s]!);
  }
  perSample.sort((p, q) => p - q);
  return {
    jvp: a,
    vjp: b,
    fd,
    vjpVsJvp,
    jvpVsFd,
    vjpVsFd,
    medianJvpVsFd: perSample[Math.floor(batch / 2)]!,
  };
}

/**
 * A batch whose values are distinct multiples of `gap` (offset by half a gap, so never
 * 0), shuffled: steps below gap/2 then cross no max-pool tie and no ReLU kink.
 */
export function spread(shape: readonly number[], seed: number, gap = 0.05): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const rng = createRng(seed, 9);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = (order[i]! - Math.floor(n / 2) + 0.5) * gap;
  return { data, shape: [...shape] };
}
