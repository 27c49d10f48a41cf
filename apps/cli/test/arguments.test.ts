/**
 * Every argument error is found before any work: the model given here does not exist, so
 * an argument error that was not checked first would surface as FILE_NOT_FOUND (or worse,
 * after the work, as exit 3). Each case must exit 2 (an XaiError) naming its culprit.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtureImagePaths } from '@xai/fixtures';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'xai-args-'));
const aFile = join(dir, 'a-file.txt');
writeFileSync(aFile, 'not a directory');
const missingModel = join(dir, 'no-such-model.onnx');
const image = fixtureImagePaths()[0]!;

const explain = (...extra: string[]) => [
  'explain',
  '--model',
  missingModel,
  '--input',
  image,
  '--method',
  'integrated-gradients',
  '--out',
  join(dir, 'map.npy'),
  ...extra,
];
const evaluate = (...extra: string[]) => [
  'evaluate',
  '--model',
  missingModel,
  '--input',
  image,
  '--methods',
  'gradient',
  '--metrics',
  'insertion,deletion',
  '--out',
  join(dir, 'eval'),
  ...extra,
];
const bench = (...extra: string[]) => [
  'bench',
  '--model',
  missingModel,
  '--methods',
  'rise',
  ...extra,
];

const cases: ReadonlyArray<[string, string[], RegExp]> = [
  [
    'a misspelt method option',
    explain('--set', 'stpes=3'),
    /Expected an option of 'integrated-gradients' among preset, steps, baseline, rule, objective, normalization but received 'stpes'; did you mean 'steps'\?/,
  ],
  [
    'a step count no one means',
    explain('--set', 'steps=1e12'),
    /Expected an integer >= 1 and <= 1000000 for option 'steps' of 'integrated-gradients' but received 1000000000000/,
  ],
  [
    'a null normalization',
    explain('--set', 'normalization=null'),
    /Expected an input domain .* for option 'normalization' of 'integrated-gradients' but received 'null'/,
  ],
  ['an unknown colormap', explain('--colormap', 'rainbow'), /Expected --colormap among/],
  [
    'an --out under a file',
    [...explain(), '--out', join(aFile, 'map.npy')],
    /Expected a writable location for --out .* is a file, not a directory/,
  ],
  [
    'an --out that is a directory',
    [...explain(), '--out', dir],
    /Expected a file path for --out but received .*, which is a directory/,
  ],
  [
    '--heatmaps under a file',
    explain('--heatmaps', join(aFile, 'maps')),
    /Expected a writable location for --heatmaps/,
  ],
  [
    '--overlay without --heatmaps',
    explain('--overlay'),
    /Expected --heatmaps <dir> with --overlay/,
  ],
  ['an unknown method', [...explain(), '--method', 'gradients'], /Expected a method among/],
  [
    'a misspelt metric option',
    evaluate('--set', 'deletion.pixelsPerStepp=5'),
    /Expected an option of 'deletion' among .* but received 'pixelsPerStepp'; did you mean 'pixelsPerStep'\?/,
  ],
  [
    'a metric option out of range',
    evaluate('--set', 'insertion.score=accuracy'),
    /Expected one of 'logit', 'probability' for option 'score' of 'insertion'/,
  ],
  ['an unknown metric', [...evaluate(), '--metrics', 'insertion,pics'], /Expected a metric among/],
  [
    'an evaluate --out that is a file',
    [...evaluate(), '--out', aFile],
    /Expected a directory for --out but received .*, which is a file/,
  ],
  ['a bad --samples', evaluate('--samples', '0'), /Expected --samples to be a positive integer/],
  [
    'a bench option out of range',
    bench('--set', 'rise.masks=0'),
    /Expected an integer >= 1 and <= 1000000 for option 'masks' of 'rise' but received 0/,
  ],
  [
    'a bench --out under a file',
    bench('--out', join(aFile, 'report.md')),
    /Expected a writable location for --out/,
  ],
  [
    '--target and its alias --labels naming different classes (explain)',
    explain('--target', '1', '--labels', '2'),
    /Expected one class flag but received --target '1' and --labels '2'/,
  ],
  [
    '--target and --labels naming different classes (evaluate)',
    evaluate('--target', 'predicted', '--labels', '3'),
    /Expected one class flag but received --target 'predicted' and --labels '3'/,
  ],
  [
    '--target and --labels naming different classes (bench)',
    bench('-t', '0', '--labels', 'predicted'),
    /Expected one class flag but received --target '0' and --labels 'predicted'/,
  ],
  ['a bad --labels', evaluate('--labels', 'cat'), /Expected --target to be a class index/],
  ['an unknown --kernels', bench('--kernels', 'gpu'), /Expected --kernels auto, js, cpu or cuda/],
  ['a bad --threads', evaluate('--threads', '0'), /Expected --threads to be a positive integer/],
];

describe('argument errors', () => {
  it.each(cases)('%s: exit 2 before the model is loaded', async (_, args, message) => {
    const r = await runCli(args);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/no-such-model/);
    expect(r.code).toBe(2);
  });
});
