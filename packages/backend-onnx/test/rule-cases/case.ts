import type { GraphBuilder } from '../../src/graph/builder.js';
import type { tinyModel } from '../helpers/tiny-model.js';

/** One row of the rule table: a tiny model checked against central differences. */
export interface Case {
  readonly name: string;
  readonly sample: readonly number[];
  readonly body: Parameters<typeof tinyModel>[1];
  readonly step?: number;
  readonly tol?: number;
  readonly flatten?: boolean;
  readonly gap?: number;
  readonly opset?: number;
}

/** x^2 + 1: a positive argument. */
export const sq1 = (b: GraphBuilder, x: string) => b.op('Add', [b.op('Mul', [x, x]), b.float(1)]);
