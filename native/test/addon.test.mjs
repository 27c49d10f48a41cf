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
  assert.equal(d.napiVersion, 8);
  assert.match(d.compiler, /\S/);
  assert.equal(typeof d.cudaCompiled, 'boolean');
  assert.ok(Number.isInteger(d.cudaDevices) && d.cudaDevices >= 0);
  assert.ok(Number.isInteger(d.threads) && d.threads >= 1);
  // A reason is given exactly when no device is usable.
  assert.equal(d.cudaDevices === 0, typeof d.cudaError === 'string');
});

test('checkedSum() sums a Float32Array', { skip }, () => {
  const { checkedSum } = load();
  assert.equal(checkedSum(new Float32Array([1.5, -2, 4.25])), 3.75);
  assert.equal(checkedSum(new Float32Array(0)), 0);
  // A view into a larger buffer reads only its own elements.
  const view = new Float32Array(new Float32Array([100, 1, 2, 100]).buffer, 4, 2);
  assert.equal(checkedSum(view), 3);
});

test('bad arguments throw JS errors with code INVALID_ARGUMENT', { skip }, () => {
  const { checkedSum } = load();
  const cases = [
    [() => checkedSum(), TypeError, /Expected 1 argument\(s\) for checkedSum\(x\) but received 0/],
    [() => checkedSum([1, 2]), TypeError, /Expected a Float32Array for x but received an Array/],
    [() => checkedSum(new Float64Array(2)), TypeError, /received Float64Array/],
    [() => checkedSum(null), TypeError, /received null/],
    [() => checkedSum(new Float32Array([1, Number.NaN])), RangeError, /element 1 is NaN/],
    [
      () => checkedSum(new Float32Array([Number.POSITIVE_INFINITY])),
      RangeError,
      /element 0 is infinite/,
    ],
  ];
  for (const [call, type, message] of cases) {
    assert.throws(
      call,
      (e) => e instanceof type && e.code === 'INVALID_ARGUMENT' && message.test(e.message),
    );
  }
});
