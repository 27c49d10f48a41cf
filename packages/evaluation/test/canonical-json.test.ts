import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/identity/canonical-json.js';
import { sha256Hex } from '../src/identity/sha256.js';
import { resolvedOptionsOf } from '../src/resolved-options.js';

describe('canonicalJson', () => {
  it('gives one text whatever the key order, leaving undefined members out', () => {
    const a = canonicalJson({ b: 1, a: { y: [1, 2], x: 'z' }, c: undefined });
    const b = canonicalJson({ a: { x: 'z', y: [1, 2] }, b: 1 });
    expect(a).toBe(b);
    expect(a).toBe('{"a":{"x":"z","y":[1,2]},"b":1}');
  });

  it('writes typed arrays as arrays and non-finite numbers as strings', () => {
    expect(canonicalJson({ m: new Float32Array([0.5, 1]), s: Number.NaN, t: -Infinity })).toBe(
      '{"m":[0.5,1],"s":"NaN","t":"-Infinity"}',
    );
  });

  it('rejects values with no stable text, naming where they are', () => {
    expect(() => canonicalJson({ a: { f: () => 1 } }, 'the options')).toThrow(
      /the options\.a\.f but received a function/,
    );
    expect(() => canonicalJson({ d: new Date(0) })).toThrow(/instance of Date/);
  });
});

describe('sha256Hex', () => {
  it('matches the FIPS 180-2 test vector', async () => {
    expect(await sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});

describe('resolvedOptionsOf', () => {
  it('merges defaults under the given values, and undefined never wipes a default', () => {
    const d = { name: 'd', defaults: { steps: 8, baseline: 'black' as string | undefined } };
    expect(resolvedOptionsOf(d, { steps: undefined })).toEqual({ steps: 8, baseline: 'black' });
    expect(resolvedOptionsOf(d, { steps: 3 })).toEqual({ steps: 3, baseline: 'black' });
    // Unknown keys are errors of core's resolver, not extra identity members.
    expect(() => resolvedOptionsOf(d, { extra: 2 })).toThrow(/'extra'/);
  });

  it("rejects a key the owner does not know (core's resolver), naming the nearest", () => {
    const d = { name: 'm', defaults: { steps: 8 } };
    expect(() => resolvedOptionsOf(d, { stpes: 3 })).toThrow(/did you mean 'steps'/);
  });
});
