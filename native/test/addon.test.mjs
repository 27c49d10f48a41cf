// Loads the built addon and checks its surface from JavaScript: describe(), and that
// bad arguments throw JS errors with a code instead of crashing the process.
// Skips when the addon was not built (no toolchain), unless XAI_NATIVE_REQUIRED=1.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const addonPath = fileURLToPath(new URL('../build/Release/xai_native.node', import.meta.url));
const built = existsSync(addonPath);
const skip = !built && process.env.XAI_NATIVE_REQUIRED !== '1' && `not built: ${addonPath}`;
const load = () => createRequire(import.meta.url)(addonPath);

test('describe() reports the build', { skip }, () => {
  const d = load().describe();
  assert.equal(typeof d.version, 'string');
  assert.match(d.buildType, /^(Release|Debug|RelWithDebInfo|MinSizeRel)$/);
  assert.equal(d.napiVersion, 8);
  assert.match(d.compiler, /\S/);
  assert.equal(typeof d.cudaCompiled, 'boolean');
  assert.ok(Number.isInteger(d.cudaDevices) && d.cudaDevices >= 0);
  assert.ok(Number.isInteger(d.threads) && d.threads >= 1);
  // A reason is given exactly when no device is usable.
  assert.equal(d.cudaDevices === 0, typeof d.cudaError === 'string');
});

test('bad arguments throw JS errors with code INVALID_ARGUMENT', { skip }, () => {
  const { centralDifference } = load();
  const one = new Float32Array([1]);
  const cases = [
    [
      () => centralDifference(),
      TypeError,
      /Expected 4 argument\(s\) for centralDifference\(gradPlus, gradMinus, h, device\) but received 0/,
    ],
    [
      () => centralDifference([1], one, 0.1, 'cpu'),
      TypeError,
      /Expected a Float32Array for .* but received an Array/,
    ],
    [
      () => centralDifference(new Float64Array(1), one, 0.1, 'cpu'),
      TypeError,
      /received Float64Array/,
    ],
    [() => centralDifference(null, one, 0.1, 'cpu'), TypeError, /received null/],
    [
      () => centralDifference(one, one, 0, 'cpu'),
      TypeError,
      /finite number > 0 for the step h but received 0/,
    ],
    [
      () => centralDifference(new Float32Array([Number.NaN]), one, 0.1, 'cpu'),
      TypeError,
      /Expected finite values in the gradient at x \+ h·v but received nan at flat index 0/,
    ],
    [
      () => centralDifference(one, new Float32Array([1, 2]), 0.1, 'cpu'),
      TypeError,
      /gradient at x − h·v/,
    ],
  ];
  for (const [call, type, message] of cases) {
    assert.throws(
      call,
      (e) => e instanceof type && e.code === 'INVALID_ARGUMENT' && message.test(e.message),
    );
  }
});
