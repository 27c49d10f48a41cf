/**
 * The scripts that remake the papers' tables (bench/results/run.mjs) run end to end on one
 * image and a couple of methods, into a temporary folder, and write pages with the rows
 * they should have and finite numbers in them: a broken method name, metric option or
 * page template fails here rather than in a 30-minute run.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
const out = mkdtempSync(join(tmpdir(), 'xai-results-'));
// The CIFAR-10 data lie outside the repository (../shared/data/cifar10); without them the
// CIFAR-10 runs are skipped.
const cifar10 = resolve(root, '..', 'shared', 'data', 'cifar10');
const haveCifar10 = existsSync(join(cifar10, 'inputs.npy'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function runTable(args: string[]): Promise<string> {
  const { stderr } = await promisify(execFile)(
    process.execPath,
    ['bench/results/run.mjs', ...args, '--out', out, '--no-cache'],
    { cwd: root, maxBuffer: 1 << 24 },
  );
  return stderr;
}

/** The cells of the Markdown table row whose first cells are `first` (trimmed). */
function row(markdown: string, ...first: string[]): string[] {
  const line = markdown.split('\n').find((l) => {
    const cells = l.split('|').map((c) => c.trim());
    return first.every((f, i) => cells[i + 1] === f);
  });
  expect(line, `a row starting ${first.join(' | ')}`).toBeDefined();
  return line!
    .split('|')
    .slice(1, -1)
    .map((c) => c.trim());
}

/** The cells of row `label` in the page's last section, "Settings per row". */
function settingsRow(markdown: string, label: string): string[] {
  const at = markdown.indexOf('## Settings per row');
  expect(at, 'a "Settings per row" section').toBeGreaterThan(0);
  return row(markdown.slice(at), label);
}

/** The leading number of a cell such as `0.1234 ± 0.0100`. */
function num(cell: string): number {
  return Number(cell.split(' ')[0]);
}

describe('bench/results/run.mjs', () => {
  it('isa: insertion, deletion and INFD rows for saliency and IG, with the command on top', async () => {
    await runTable([
      'isa',
      '--samples',
      '1',
      '--methods',
      'saliency,integrated-gradients',
      '--models',
      'cnn',
    ]);
    const md = readFileSync(join(out, 'isa-tables.md'), 'utf8');
    expect(md).toContain(
      'Made by `node bench/results/run.mjs isa --samples 1 --methods saliency,integrated-gradients --models cnn`',
    );
    for (const method of ['Saliency', 'IG']) {
      const cells = row(md, 'CNN', method);
      expect(cells[2]).toBe('1');
      for (const c of cells.slice(3, 7)) {
        expect(Number.isFinite(num(c)), c).toBe(true);
        expect(num(c)).toBeGreaterThanOrEqual(0);
        expect(num(c)).toBeLessThanOrEqual(1);
      }
      expect(Number.isFinite(num(row(md, method)[1]!))).toBe(true);
    }
    expect(md).not.toMatch(/\| ISA \|/);
    // The rows left out by --methods, and only those, are named.
    expect(md).toContain(
      'This run leaves out Fast-IG, Guided IG, BIG, AGI, ISA, MFABA, I-GOS, CAFO, CASO, AdaptGrad, SmoothGrad, Invariant perturbation (`--methods`).',
    );
    expect(md).toContain('## Agreement with the paper');
    // Each row says which preset it ran: saliency has none, IG the one the script names.
    expect(settingsRow(md, 'Saliency').slice(1, 3)).toEqual(['`saliency`', 'none']);
    expect(settingsRow(md, 'IG')[1]).toBe('`integrated-gradients`');
  });

  it('i-gos: Grad-CAM at the last convolution and IG at full resolution', async () => {
    await runTable([
      'i-gos',
      '--samples',
      '1',
      '--methods',
      'grad-cam,integrated-gradients',
      '--models',
      'cnn',
    ]);
    const md = readFileSync(join(out, 'i-gos-tables.md'), 'utf8');
    const ig = row(md, 'IG');
    expect(Number.isFinite(num(ig[1]!)) && Number.isFinite(num(ig[2]!))).toBe(true);
    const cam = row(md, 'Grad-CAM');
    expect(Number.isFinite(num(cam[3]!)) && Number.isFinite(num(cam[4]!))).toBe(true); // 14x14
    expect(cam[1]).toBe('');
    expect(md).toContain('## Agreement with the paper');
    // Grad-CAM runs pytorch-grad-cam's preset, IG its default.
    expect(settingsRow(md, 'Grad-CAM').slice(1, 3)).toEqual(['`grad-cam`', 'reference-code']);
    expect(settingsRow(md, 'IG')[2]).toBe('paper (default)');
  });

  it('adapt-grad: consistency and invariance for Grad and AG on the MLP, sparseness and IL for IG(B)', async () => {
    await runTable([
      'adapt-grad',
      '--samples',
      '1',
      '--methods',
      'Grad,AG,IG(B)',
      '--models',
      'mlp',
    ]);
    const md = readFileSync(join(out, 'adapt-grad-tables.md'), 'utf8');
    const consistency = row(md, 'consistency (MLP)');
    expect(consistency.slice(1).every((c) => Number.isFinite(num(c)) && num(c) > 0)).toBe(true);
    const invariance = row(md, 'invariance (MLP)');
    // Both are input invariant: the shifted model computes the same function.
    expect(invariance.slice(1).every((c) => num(c) < 1e-3)).toBe(true);
    const ig = row(md, 'IG(B)');
    expect(num(ig[1]!)).toBeGreaterThan(0);
    expect(Number.isFinite(num(ig[2]!))).toBe(true);
    expect(md).toContain('## Agreement with the paper');
  });

  it('caso and flip-ratio: the figures as tables and SVG', async () => {
    await runTable(['caso', '--samples', '3', '--models', 'cnn']);
    const caso = readFileSync(join(out, 'caso-figure-1.md'), 'utf8');
    expect(caso).toContain('![CASO vs CAFO against confidence](./caso-figure-1.svg)');
    const svg = readFileSync(join(out, 'caso-figure-1.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('<circle');
    await runTable(['flip-ratio', '--samples', '1', '--methods', 'gradient', '--models', 'cnn']);
    const flip = readFileSync(join(out, 'invariant-perturbation-figure-1.md'), 'utf8');
    const g = row(flip, 'Gradient');
    expect(num(g[2]!)).toBe(0); // tau = 0 flips nothing
    for (const c of g.slice(3)) expect(num(c)).toBeGreaterThanOrEqual(0);
    expect(readFileSync(join(out, 'invariant-perturbation-figure-1-cnn.svg'), 'utf8')).toContain(
      '<polyline',
    );
    expect(settingsRow(flip, 'Gradient').slice(1, 4)).toEqual(['`gradient`', 'none', '-']);
  });

  it.skipIf(!haveCifar10)(
    '--dataset cifar10: the ResNets on colour images, ISA k for 3,072 features, pages with the suffix',
    async () => {
      const log = await runTable([
        'isa',
        '--dataset',
        'cifar10',
        '--samples',
        '2',
        '--methods',
        'saliency',
        '--models',
        'resnet20',
      ]);
      const md = readFileSync(join(out, 'isa-tables-cifar10.md'), 'utf8');
      expect(md).toContain('# ISA tables 1-2 on the CIFAR-10 ResNets');
      expect(md).toContain('k = 100 of 3072 gives ⌈3072/100⌉ = 31 rounds');
      const cells = row(md, 'ResNet-20', 'Saliency');
      expect(cells[2]).toBe('2');
      for (const c of cells.slice(3, 7)) {
        expect(num(c)).toBeGreaterThanOrEqual(0);
        expect(num(c)).toBeLessThanOrEqual(1);
      }
      expect(log).toContain('isa resnet20 Saliency: n 2');
      // I-GOS's resolutions for 32x32: Grad-CAM at the ResNets' last convolution, 8x8.
      await runTable([
        'i-gos',
        '--dataset',
        'cifar10',
        '--samples',
        '1',
        '--methods',
        'grad-cam',
        '--models',
        'resnet20',
      ]);
      const igos = readFileSync(join(out, 'i-gos-tables-cifar10.md'), 'utf8');
      expect(igos).toContain('# I-GOS tables 1-2 on the CIFAR-10 ResNets');
      expect(igos).toContain('| method | 32×32 deletion | 32×32 insertion | 16×16 deletion');
      const cam = row(igos, 'Grad-CAM');
      expect(cam.slice(1, 5)).toEqual(['', '', '', '']);
      for (const c of cam.slice(5, 7)) {
        expect(num(c)).toBeGreaterThanOrEqual(0);
        expect(num(c)).toBeLessThanOrEqual(1);
      }
      expect(settingsRow(igos, 'Grad-CAM')[1]).toBe('`grad-cam`');
    },
  );
});
