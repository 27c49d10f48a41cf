/**
 * CAFO, CASO, SmoothCAFO and SmoothCASO are one method (Singla et al. 2019): the sparse
 * perturbation that maximises a first- or second-order model of the cross-entropy, at the
 * input or averaged over its noisy copies. The table below says what tells the four apart;
 * `contextAwareMethod` builds the descriptor of one of them. The options, their rules and
 * the two presets' keys are shared (`options.ts`, `presets.ts`).
 */
import { type AttributionMethod, papers, resolveOptions } from '@xai/core';
import { explainContextAware } from './context-aware.js';
import { type ContextAwareOptions, contextAwareDefaults, contextAwareRules } from './options.js';
import { contextAwarePresets } from './presets.js';
import type { ObjectiveOrder } from './problem.js';

interface ContextAwareVariant {
  /** 1: the gradient only (CAFO); 2: the gradient and the Hessian (CASO). */
  readonly order: ObjectiveOrder;
  /** Whether the presets average over noisy copies of the input. */
  readonly smooth: boolean;
  readonly title: string;
  readonly summary: string;
}

const variants = {
  cafo: {
    order: 1,
    smooth: false,
    title: 'CAFO',
    summary:
      'Context-aware first-order: sparse perturbation maximising the linearised cross-entropy (FISTA, L1 sweep).',
  },
  caso: {
    order: 2,
    smooth: false,
    title: 'CASO',
    summary:
      'Context-aware second-order: sparse perturbation maximising the quadratic (gradient + Hessian) model of the cross-entropy.',
  },
  'smooth-cafo': {
    order: 1,
    smooth: true,
    title: 'SmoothCAFO',
    summary: 'CAFO on the gradient averaged over Gaussian-noised copies of the input.',
  },
  'smooth-caso': {
    order: 2,
    smooth: true,
    title: 'SmoothCASO',
    summary: 'CASO on the gradient and Hessian averaged over Gaussian-noised copies of the input.',
  },
} satisfies Record<string, ContextAwareVariant>;

/** The descriptor of the method `name`. */
export function contextAwareMethod(
  name: keyof typeof variants,
): AttributionMethod<ContextAwareOptions> {
  const { order, smooth, ...about }: ContextAwareVariant = variants[name];
  const presets = contextAwarePresets(order, smooth);
  const method: AttributionMethod<ContextAwareOptions> = {
    name,
    family: 'second-order',
    ...about,
    paper: papers.singla2019,
    defaults: { ...contextAwareDefaults, ...presets.paper },
    presets,
    rules: contextAwareRules,
    explain(model, x, options) {
      return explainContextAware(model, x, order, resolveOptions(method, options));
    },
  };
  return method;
}
