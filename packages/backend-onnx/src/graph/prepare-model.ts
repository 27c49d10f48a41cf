import type { ModelProto } from '../onnx-proto.js';
import { decomposeContribOps } from './decompose-contrib.js';
import { widenFloat16 } from './widen-float16.js';

/**
 * The model as the backend runs it: half precision widened to float32 (widen-float16.ts),
 * contrib ops without a CPU kernel rewritten into standard ops (decompose-contrib.ts).
 * Undefined when nothing changed, so the original bytes can be used as they are.
 */
export function prepareModel(model: ModelProto): ModelProto | undefined {
  const widened = widenFloat16(model);
  return decomposeContribOps(widened ?? model) ?? widened;
}
