import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOnnxModel } from '@xai/backend-onnx';
import { encodeNpy, npyToTensor, sliceBatch } from '@xai/core';
import { fixtureImagePaths, fixtureModelPath, loadFixtureInputs } from '@xai/fixtures';
import { occlusion } from '@xai/methods';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const cnn = fixtureModelPath('cnn');

const run = (args: string[]) => runCli(args);

describe('xai explain', () => {
  it('explains a PNG with the fixture normalisation exactly as the library does on inputs.npy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xai-explain-'));
    const out = join(dir, 'occ.npy');
    const png = fixtureImagePaths()[0]!;
    const r = await run([
      'explain',
      '--model',
      cnn,
      '--input',
      png,
      '--method',
      'occlusion',
      '--preprocess',
      'fashion-mnist',
      '--set',
      'window=4',
      '--set',
      'stride=4',
      '--target',
      '0',
      '--out',
      out,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      method: 'occlusion',
      shape: [1, 1, 28, 28],
      output: out,
    });
    const cli = npyToTensor(new Uint8Array(readFileSync(out)));
    const model = await loadOnnxModel(cnn);
    const lib = await occlusion.explain(model, sliceBatch(loadFixtureInputs(), 0, 1), {
      target: 0,
      window: 4,
      stride: 4,
    });
    await model.dispose();
    expect(cli.shape).toEqual([1, 1, 28, 28]);
    for (let i = 0; i < lib.data.length; i++) expect(cli.data[i]).toBeCloseTo(lib.data[i]!, 5);
    expect(readdirSync(dir)).toEqual(['occ.npy']);
  }, 60_000);

  it('takes a batch .npy and per-sample labels, and is deterministic for a seed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xai-explain-'));
    const x = sliceBatch(loadFixtureInputs(), 0, 2);
    writeFileSync(join(dir, 'x.npy'), encodeNpy(x));
    writeFileSync(join(dir, 'labels.json'), '[0, 1]');
    const args = (o: string) => [
      'explain',
      '--model',
      cnn,
      '--input',
      join(dir, 'x.npy'),
      '--method',
      'rise',
      '--set',
      'masks=64',
      '--target',
      join(dir, 'labels.json'),
      '--seed',
      '3',
      '--out',
      join(dir, o),
      '--quiet',
    ];
    expect((await run(args('a.npy'))).code).toBe(0);
    expect((await run(args('b.npy'))).code).toBe(0);
    const a = readFileSync(join(dir, 'a.npy'));
    expect(npyToTensor(new Uint8Array(a)).shape).toEqual([2, 1, 28, 28]);
    expect(readFileSync(join(dir, 'b.npy')).equals(a)).toBe(true);
  }, 60_000);

  it('names the culprit for an unknown method, a missing input, a wrong-size image and a bad target', async () => {
    const base = ['explain', '--model', cnn, '--out', join(tmpdir(), 'never.npy')];
    const unknown = await run([...base, '--input', fixtureImagePaths()[0]!, '--method', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/UNKNOWN_METHOD/);
    const missing = await run([...base, '--input', '/no/such/dir', '--method', 'occlusion']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/\/no\/such\/dir.*FILE_NOT_FOUND/);
    const labels = await run([
      ...base,
      '--input',
      fixtureImagePaths()[0]!,
      '--method',
      'occlusion',
      '--target',
      '/no/labels.json',
    ]);
    expect(labels.stderr).toMatch(/\/no\/labels\.json.*FILE_NOT_FOUND/);
    const range = await run([
      ...base,
      '--input',
      fixtureImagePaths()[0]!,
      '--method',
      'occlusion',
      '--target',
      '10',
    ]);
    expect(range.code).toBe(2);
    expect(range.stderr).toMatch(/TARGET_OUT_OF_RANGE/);
  }, 60_000);
});

describe('xai explain --kernels', () => {
  it('gives the same map, byte for byte, with the JS and the native CPU kernels (same seed)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xai-kernels-'));
    const run1 = (kernels: string) =>
      run([
        'explain',
        '--model',
        cnn,
        '--input',
        fixtureImagePaths()[3]!,
        '--preprocess',
        'fashion-mnist',
        '--method',
        'rise',
        '--set',
        'masks=96',
        '--seed',
        '5',
        '--kernels',
        kernels,
        '--out',
        join(dir, `${kernels}.npy`),
        '--json',
      ]);
    const js = await run1('js');
    const cpu = await run1('cpu');
    expect(js.code, js.stderr).toBe(0);
    expect(cpu.code, cpu.stderr).toBe(0);
    expect(JSON.parse(js.stdout).kernels.kind).toBe('js');
    expect(JSON.parse(cpu.stdout).kernels.kind).toBe('cpu');
    expect(readFileSync(join(dir, 'cpu.npy')).equals(readFileSync(join(dir, 'js.npy')))).toBe(true);
    const bad = await run1('gpu');
    expect(bad.code).toBe(2);
    // With --json the error is JSON on stdout.
    expect(JSON.parse(bad.stdout).error.code).toBe('INVALID_ARGUMENT');
    expect(JSON.parse(bad.stdout).error.message).toMatch(/--kernels auto, js, cpu or cuda/);
  }, 60_000);
});
