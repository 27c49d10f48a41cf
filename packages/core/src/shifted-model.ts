import { XaiError } from './errors.js';
import { type Classifier, isDifferentiable, type Model } from './model.js';
import type { Tensor } from './tensor.js';

/**
 * The model that sees inputs shifted by `c`: `f'(x') = f(x' - c)`, so `f'(x + c) = f(x)`
 * with the same gradients (Kindermans et al. 2019, the input-invariance check). A wrapper,
 * so it works on every backend; it is the same function as folding the shift into the
 * first layer's bias, and gradient and perturbation methods cannot tell them apart.
 */
export function shiftedInputModel<M extends Classifier>(model: M, shift: number | Float32Array): M {
  const sub = (x: Tensor): Tensor => {
    const data = new Float32Array(x.data.length);
    if (typeof shift === 'number') {
      for (let i = 0; i < data.length; i++) data[i] = x.data[i]! - shift;
    } else {
      if (x.data.length % shift.length !== 0) {
        throw new XaiError(
          'SHAPE_MISMATCH',
          `Expected a shift of one sample (${shift.length} values) to tile the input but it has ${x.data.length}.`,
        );
      }
      for (let i = 0; i < data.length; i++) data[i] = x.data[i]! - shift[i % shift.length]!;
    }
    return { data, shape: x.shape };
  };
  const shifted: Classifier = {
    inputShape: model.inputShape,
    numClasses: model.numClasses,
    forward: (x) => model.forward(sub(x)),
  };
  if (!isDifferentiable(model)) return shifted as M;
  const m: Model = model;
  const diff: Model = {
    ...shifted,
    vjp: (x, u) => m.vjp(sub(x), u),
    jvp: (x, v) => m.jvp(sub(x), v),
  };
  // The other optional capabilities are left out: they would see unshifted inputs.
  if (m.lossVjp) {
    const f = m.lossVjp.bind(m);
    diff.lossVjp = (x, loss, targets) => f(sub(x), loss, targets);
  }
  return diff as unknown as M;
}
