import { XaiError } from '@xai/core';
import { describe, expect, it } from 'vitest';
import { callNative } from '../src/native-call.js';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return XaiError.isInstance(e) ? e.code : 'not an XaiError';
  }
  return undefined;
}

describe('callNative', () => {
  it('passes results through', () => {
    expect(callNative('f', () => 3)).toBe(3);
  });

  it('maps the addon error codes onto XaiError', () => {
    const argument = Object.assign(new TypeError('Expected a Float32Array for x'), {
      code: 'INVALID_ARGUMENT',
    });
    expect(
      codeOf(() =>
        callNative('f', () => {
          throw argument;
        }),
      ),
    ).toBe('INVALID_ARGUMENT');
    expect(
      codeOf(() =>
        callNative('f', () => {
          throw new Error('boom');
        }),
      ),
    ).toBe('NATIVE_ERROR');
  });
});
