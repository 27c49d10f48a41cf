// The kernel functions of the built addon from JavaScript: each returns a Promise of new
// arrays with the values of the hand-computed cases in test/*_test.cpp, and bad arguments
// throw (synchronously, from the binding) or reject with code INVALID_ARGUMENT.
// Skips when the addon was not built, unless XAI_NATIVE_REQUIRED=1.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const addonPath = fileURLToPath(new URL('../build/Release/xai_native.node', import.meta.url));
const built = existsSync(addonPath);
const skip = !built && process.env.XAI_NATIVE_REQUIRED !== '1' && `not built: ${addonPath}`;
const load = () => createRequire(import.meta.url)(addonPath);

test('random draws match docs/rng.md (seed 42, stream 0)', { skip }, async () => {
  const { random } = load();
  const pending = random('uniform', 2, 42, 0, 0, 'cpu');
  assert.ok(pending instanceof Promise);
  assert.deepEqual([...(await pending)], [0.6129598617553711, 0.4685865044593811]);
  const z = await random('normal', 2, 42, 0, 0, 'cpu');
  assert.deepEqual([...new Uint32Array(z.buffer)], [0xbf785e5a, 0x3e46acec]);
});

test('upsample, perturb, softmaxHvp, centralDifference, argsort, rankMasks, curveAreas', {
  skip,
}, async () => {
  const a = load();
  assert.deepEqual(
    [...(await a.upsample(new Float32Array([0, 1]), 1, 1, 2, 1, 4, 'cpu'))],
    [0, 0.25, 0.75, 1],
  );
  const x = new Float32Array([1, 2, 3, 4]);
  const p = await a.perturb(x, 1, 2, 2, 1, new Float32Array([0, 0.5]), 2, 1, 1, undefined, 'cpu');
  assert.deepEqual([...p], [1, 1, 1, 1, 1, 1.5, 2, 2.5]);
  const h = await a.softmaxHvp(
    new Float32Array([0.5, 0.25, 0.25]),
    new Float32Array([1, 2, -4]),
    1,
    3,
    'cpu',
  );
  assert.deepEqual([...h], [0.5, 0.5, -1]);
  const d = await a.centralDifference(
    new Float32Array([1, 0.5]),
    new Float32Array([0, 1.5]),
    0.25,
    'cpu',
  );
  assert.deepEqual([...d], [2, -2]);
  const order = await a.argsort(
    new Float32Array([1, 3, -0, 3, Number.POSITIVE_INFINITY, 0]),
    1,
    6,
    6,
    'cpu',
  );
  assert.deepEqual([...order], [4, 1, 3, 0, 2, 5]);
  const masks = await a.rankMasks(new Int32Array([3, 0, 2, 1]), 1, 4, 2, 2, 0, 3, false, 'cpu');
  assert.deepEqual([...masks], [0, 0, 0, 0, 1, 0, 0, 1, 1, 1, 1, 1]);
  const { auc, mean } = await a.curveAreas(new Float32Array([0, 1, 2, 1, 3, 5]), 2, 3, 'cpu');
  assert.deepEqual([...auc], [1, 3]);
  assert.deepEqual([...mean], [1, 3]);
});

test('large outputs are new arrays, never shared with a live one', { skip }, async () => {
  const { random } = load();
  const n = 1 << 20; // 4 MiB: from the output cache
  const first = await random('uniform', n, 1, 0, 0, 'cpu');
  const second = await random('uniform', n, 1, 1, 0, 'cpu');
  assert.notEqual(first.buffer, second.buffer);
  assert.equal(first[0], (await random('uniform', 1, 1, 0, 0, 'cpu'))[0]);
  assert.notEqual(first[0], second[0]);
});

test('bad arguments throw or reject with code INVALID_ARGUMENT, the CUDA stub with NATIVE_ERROR', {
  skip,
}, async () => {
  const a = load();
  const invalid = (e) =>
    e.code === 'INVALID_ARGUMENT' && /Expected .* but received/.test(e.message);
  assert.throws(() => a.upsample(new Float32Array(3), 1, 2, 2, 4, 4, 'cpu'), invalid);
  assert.throws(() => a.argsort(new Float32Array([1, Number.NaN]), 1, 2, 2, 'cpu'), invalid);
  assert.throws(() => a.random('uniform', 2, 0, 0, Number.MAX_SAFE_INTEGER, 'cpu'), invalid);
  assert.throws(() => a.curveAreas(new Float32Array(2), 2, 1, 'cpu'), invalid);
  assert.throws(() => a.random('uniform', 2, 0, 0, 0, 'tpu'), invalid);
  assert.throws(
    () =>
      a.perturb(new Float32Array(4), 1, 2, 2, 0, new Float32Array(1), 1, 1, 1, { sigma: 1 }, 'cpu'),
    invalid,
  );
  await assert.rejects(
    a.rankMasks(new Int32Array([0, 1, 1, 3]), 1, 4, 2, 2, 0, 3, false, 'cpu'),
    invalid,
  );
  const { cudaCompiled, cudaDevices } = a.describe();
  if (cudaDevices === 0) {
    await assert.rejects(
      a.random('uniform', 2, 0, 0, 0, 'cuda'),
      (e) =>
        e.code === 'NATIVE_ERROR' &&
        (cudaCompiled ? /no usable CUDA device/ : /not compiled/).test(e.message),
    );
  }
  const t = a.cudaTransfers();
  assert.equal(typeof t.hostToDevice, 'number');
});
