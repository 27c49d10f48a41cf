import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { npyToTensor } from '@xai/core';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// The op zoo of @xai/backend-onnx (U-Net, GroupNorm, einsum ViT, fp16, models saved after
// ONNX Runtime's optimiser, GridSample, GRU, LSTM, and a forward-only model with Det).
const zoo = fileURLToPath(new URL('../../../packages/backend-onnx/test/zoo-ops/', import.meta.url));
const entries: Array<{ name: string; file: string; gradients: boolean }> = JSON.parse(
  readFileSync(join(zoo, 'manifest.json'), 'utf8'),
);
const tmp = () => mkdtempSync(join(tmpdir(), 'xai-zoo-'));

describe('xai explain on the op zoo', () => {
  it.each(entries)(
    '$name: explains with saliency (or occlusion when forward-only)',
    async (e) => {
      const out = join(tmp(), 'map.npy');
      const method = e.gradients ? 'saliency' : 'occlusion';
      const r = await runCli([
        'explain',
        '--model',
        join(zoo, e.file),
        '--input',
        join(zoo, `${e.name}.x.npy`),
        '--method',
        method,
        '--out',
        out,
        '--quiet',
      ]);
      expect(r.code, r.stderr).toBe(0);
      const map = npyToTensor(new Uint8Array(readFileSync(out)));
      expect(map.shape).toEqual([2, 3, 16, 16]);
      expect(map.data.some((v) => v !== 0)).toBe(true);
    },
    60_000,
  );

  it('a gradient method on a forward-only model names the ops and suggests forward methods', async () => {
    const r = await runCli([
      'explain',
      '--model',
      join(zoo, 'det_head.onnx'),
      '--input',
      join(zoo, 'det_head.x.npy'),
      '--method',
      'saliency',
      '--out',
      join(tmp(), 'map.npy'),
    ]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/NOT_SUPPORTED/);
    expect(r.stderr).toMatch(/Det \('/);
    expect(r.stderr).toMatch(/occlusion or rise/);
  });

  it('bench skips gradient methods on a forward-only model, with the reason', async () => {
    const r = await runCli([
      'bench',
      '--model',
      join(zoo, 'det_head.onnx'),
      '--input',
      join(zoo, 'det_head.x.npy'),
      '--methods',
      'saliency,occlusion',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const rows = (JSON.parse(r.stdout) as { rows: Array<{ method: string; skipped?: string }> })
      .rows;
    expect(rows.find((x) => x.method === 'saliency')!.skipped).toMatch(/Det \('/);
    expect(rows.find((x) => x.method === 'occlusion')!.skipped).toBeUndefined();
  }, 60_000);

  it('--input-name and --output-name pick the tensors; a wrong name is an error naming the choices', async () => {
    const base = [
      'explain',
      '--model',
      join(zoo, 'unet.onnx'),
      '--input',
      join(zoo, 'unet.x.npy'),
      '--method',
      'saliency',
      '--out',
      join(tmp(), 'map.npy'),
      '--quiet',
    ];
    expect((await runCli([...base, '--input-name', 'input', '--output-name', 'logits'])).code).toBe(
      0,
    );
    const r = await runCli([...base, '--output-name', 'nope']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/nope/);
    expect(r.stderr).toMatch(/logits/);
  }, 60_000);

  it('evaluate skips gradient methods on a forward-only model, with the reason', async () => {
    const out = tmp();
    const r = await runCli([
      'evaluate',
      '--model',
      join(zoo, 'det_head.onnx'),
      '--input',
      join(zoo, 'det_head.x.npy'),
      '--methods',
      'saliency,occlusion',
      '--metrics',
      'deletion',
      '--samples',
      '1',
      '--out',
      out,
      '--quiet',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/skipped saliency: .*Det \('/);
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(summary).toMatch(/occlusion/);
    expect(summary).not.toMatch(/saliency/);
  }, 60_000);
});
