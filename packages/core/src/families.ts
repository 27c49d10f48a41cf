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
