import type { Model } from '../model.js';

/**
 * The same model with only `forward`, `vjp` and `jvp`: core's `lossGradient` then takes
 * its forward + vjp path, the reference `Model.lossVjp` is checked against.
 */
export function withoutLossVjp(model: Model): Model {
  return {
    inputShape: model.inputShape,
    numClasses: model.numClasses,
    forward: (x) => model.forward(x),
    vjp: (x, u) => model.vjp(x, u),
    jvp: (x, v) => model.jvp(x, v),
  };
}
