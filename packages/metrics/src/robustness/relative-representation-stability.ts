/**
 * Relative representation stability (Agarwal et al. 2022, section 4, eq. 4):
 * `RRS = max_{x'} ||(e_x - e_x') / e_x||_2 / max(||(L_x - L_x') / L_x||_2, eps_min)` with
 * L the activation of an inner layer (default: the model's last convolution), read
 * through the model's optional `layerVjp` (ONNX models loaded by @xai/backend-onnx have
 * it). Lower is better. Defaults as relative input stability's (Quantus'). Needs `explain`.
 */
import {
  type AttributionMetric,
  type Model,
  papers,
  resolveOptions,
  rule,
  XaiError,
} from '@xai/core';
import {
  type RelativeStabilityOptions,
  relativeRowDistances,
  relativeStability,
  relativeStabilityRules,
} from '../shared/relative-stability.js';

export interface RelativeRepresentationStabilityOptions extends RelativeStabilityOptions {
  /** The inner tensor compared (default: the model's `lastConvLayer`). */
  readonly layer: string | undefined;
}

export const relativeRepresentationStability: AttributionMetric<RelativeRepresentationStabilityOptions> =
  {
    name: 'relative-representation-stability',
    title: 'Relative representation stability',
    summary:
      "Largest relative change of the explanation over the relative change of an inner layer's activation.",
    paper: papers.agarwal2022,
    family: 'robustness',
    higherIsBetter: false,
    defaults: { samples: 200, radius: 0.02, epsMin: 1e-6, layer: undefined },
    rules: {
      samples: relativeStabilityRules.samples,
      radius: relativeStabilityRules.radius,
      epsMin: relativeStabilityRules.epsMin,
      layer: rule.string,
    },
    async evaluate(model, x, attributions, options) {
      const o = resolveOptions(relativeRepresentationStability, options);
      const m = model as Partial<Model>;
      const layer = o.layer ?? m.lastConvLayer;
      if (typeof m.layerVjp !== 'function' || layer === undefined) {
        throw new XaiError(
          'NOT_SUPPORTED',
          `Expected a model with inner-layer outputs (layerVjp) and a layer name for 'relative-representation-stability' but this one ${typeof m.layerVjp !== 'function' ? 'has no layerVjp' : 'names no lastConvLayer; pass layer'}.`,
        );
      }
      const layerVjp = m.layerVjp.bind(model);
      const scores = await relativeStability(
        'relative-representation-stability',
        model,
        x,
        attributions,
        o,
        async (inputs) => {
          const rows = inputs.shape[0]!;
          const zero = {
            data: new Float32Array(rows * model.numClasses),
            shape: [rows, model.numClasses],
          };
          const { activation } = await layerVjp(inputs, zero, layer);
          return relativeRowDistances(activation.data, rows, o.epsMin);
        },
      );
      return { scores, higherIsBetter: false };
    },
  };
