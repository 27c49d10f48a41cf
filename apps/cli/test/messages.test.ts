import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeNpy } from '@xai/core';
import { fixtureImagePaths, fixtureModelPath } from '@xai/fixtures';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'xai-messages-'));
const model = fixtureModelPath('cnn');
const image = fixtureImagePaths()[0]!;

describe('what a user reads', () => {
  it('explain says which class it explained and its probability, in text and JSON', async () => {
    const args = ['explain', '-m', model, '-i', image, '--preprocess', 'fashion-mnist'];
    const text = await runCli([...args, '--method', 'saliency', '--out', join(dir, 'a.npy')]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/000-t-shirt-top\.png: explained class 0 \(p = 0\.\d{3}\)/);
    // Nothing on stderr: the kernels line is for --verbose only.
    expect(text.stderr).toBe('');
    const json = await runCli([
      ...args,
      '--method',
      'saliency',
      '--json',
      '--out',
      join(dir, 'b.npy'),
    ]);
    const r = JSON.parse(json.stdout) as {
      explained: Array<{ class: number; probability: number }>;
    };
    expect(r.explained).toHaveLength(1);
    expect(r.explained[0]!.class).toBe(0);
    expect(r.explained[0]!.probability).toBeGreaterThan(0.5);
    expect(r.explained[0]!.probability).toBeLessThanOrEqual(1);
    const verbose = await runCli([
      '--verbose',
      ...args,
      '--method',
      'saliency',
      '--out',
      join(dir, 'c.npy'),
    ]);
    expect(verbose.stderr).toMatch(/^kernels: /m);
  }, 60_000);

  it('a misspelt method or metric gets a "did you mean"', async () => {
    const r = await runCli([
      'explain',
      '-m',
      model,
      '-i',
      image,
      '--method',
      'integrated-gradient',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/Did you mean 'integrated-gradients'\?.*\[UNKNOWN_METHOD\]/);
    const m = await runCli([
      'evaluate',
      '-m',
      model,
      '-i',
      image,
      '--methods',
      'saliency',
      '--metrics',
      'insertoin',
      '--out',
      join(dir, 'eval'),
    ]);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/Did you mean 'insertion'\?/);
  }, 60_000);

  it('with --json an error is JSON on stdout with its code', async () => {
    const r = await runCli(['inspect', '--model', '/nonexistent/m.onnx', '--json']);
    expect(r.code).toBe(2);
    const e = JSON.parse(r.stdout) as { error: { code: string; message: string } };
    expect(e.error.code).toBe('FILE_NOT_FOUND');
    expect(e.error.message).toMatch(/\/nonexistent\/m\.onnx/);
    expect(r.stderr).toBe('');
  });

  it('warns of a .npy of raw 0-255 pixels and of a map that shows nothing', async () => {
    const raw = join(dir, 'raw.npy');
    const pixels = Float32Array.from({ length: 784 }, (_, i) => (i * 7) % 256);
    writeFileSync(raw, encodeNpy({ data: pixels, shape: [1, 1, 28, 28] }));
    const r = await runCli([
      'explain',
      '-m',
      model,
      '-i',
      raw,
      '--preprocess',
      'fashion-mnist',
      '--method',
      'occlusion',
      '--out',
      join(dir, 'raw-map.npy'),
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /warning: '.*raw\.npy' looks like raw 0-255 pixels .*--preprocess fashion-mnist expects model units/,
    );
    // Occlusion with a window as large as the image and the baseline equal to the input
    // changes nothing: every value is zero.
    const zeros = join(dir, 'zeros.npy');
    writeFileSync(zeros, encodeNpy({ data: new Float32Array(784), shape: [1, 1, 28, 28] }));
    const z = await runCli([
      'explain',
      '-m',
      model,
      '-i',
      zeros,
      '--method',
      'occlusion',
      '--out',
      join(dir, 'z.npy'),
    ]);
    expect(z.code).toBe(0);
    expect(z.stderr).toMatch(/warning: the map of '.*zeros\.npy' is all zero/);
  }, 60_000);
});
