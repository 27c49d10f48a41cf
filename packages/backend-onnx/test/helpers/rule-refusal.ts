import type { BackwardRules } from '@xai/core';
import { expect } from 'vitest';
import { loadOnnxModel } from '../../src/index.js';

/**
 * Loads `bytes` and checks that asking for the `refused` rules fails at once with
 * UNSUPPORTED_OP and a message matching `message`, while the `accepted` rules still load:
 * a refusal that names the culprit and blocks only what cannot apply.
 */
export async function expectRulesRefused(
  bytes: Uint8Array,
  refused: BackwardRules,
  message: RegExp,
  accepted: BackwardRules,
): Promise<void> {
  const model = await loadOnnxModel(bytes);
  try {
    const error = await model.withBackwardRules(refused).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNSUPPORTED_OP' });
    expect((error as Error).message).toMatch(message);
    const variant = await model.withBackwardRules(accepted);
    await variant.dispose();
  } finally {
    await model.dispose();
  }
}
