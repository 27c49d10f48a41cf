import type { MethodFamily } from './method.js';
import type { MetricFamily } from './metric.js';

/**
 * The order metric families are listed in (Quantus' grouping): `xai metrics`, the docs
 * sidebar, the metric catalogue and the README read it. The record's type makes a new
 * family in `MetricFamily` fail to compile until it is placed here.
 */
const metricFamilyOrder = {
  faithfulness: 0,
  robustness: 1,
  localisation: 2,
  randomisation: 3,
  complexity: 4,
  axioms: 5,
} satisfies Record<MetricFamily, number>;

export const metricFamilies = Object.keys(metricFamilyOrder) as readonly MetricFamily[];

/** How a method family is shown: a heading and one line on what its methods share. */
export interface MethodFamilyInfo {
  readonly title: string;
  readonly description: string;
}

/**
 * The method families with their headings, in the order `xai methods`, the docs sidebar,
 * the methods index page and the README list them (from the plain gradient outwards). As
 * for metrics, the record's type makes a new `MethodFamily` fail to compile until it is here.
 */
export const methodFamilyInfo = {
  gradient: {
    title: 'Gradients',
    description: 'The gradient of the target score at the input, alone or times the input.',
  },
  path: {
    title: 'Path integrals',
    description:
      'Gradients integrated along a path from a baseline or towards the decision boundary.',
  },
  smoothing: {
    title: 'Noise averaging',
    description: 'Gradients averaged over noise added to the input or to the weights.',
  },
  perturbation: {
    title: 'Perturbation',
    description: 'Scores of perturbed or masked inputs, or a mask optimised against them.',
  },
  backward: {
    title: 'Modified backward rules',
    description: 'Relevance passed back layer by layer with rules other than the chain rule.',
  },
  'second-order': {
    title: 'Loss approximations',
    description:
      'First- and second-order approximations of the loss with a sparsity term (CAFO, CASO).',
  },
  search: {
    title: 'Iterative searches',
    description: 'Attributions found by an iterative search over paths or masks (ISA, I-GOS).',
  },
} as const satisfies Record<MethodFamily, MethodFamilyInfo>;

export const methodFamilies = Object.keys(methodFamilyInfo) as readonly MethodFamily[];
