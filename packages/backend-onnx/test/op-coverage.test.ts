import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { gradientSupport, notCovered } from '../src/index.js';

const versions = JSON.parse(
  readFileSync(new URL('../scripts/onnx-ops.json', import.meta.url), 'utf8'),
) as Record<string, number[]>;

const script = fileURLToPath(new URL('../scripts/op-coverage.mjs', import.meta.url));
const page = fileURLToPath(new URL('../../../docs/op-coverage.md', import.meta.url));

describe('docs/op-coverage.md', () => {
  it('is the table the rule registry gives (run node packages/backend-onnx/scripts/op-coverage.mjs --write after a build)', () => {
    const generated = execFileSync(process.execPath, [script], { encoding: 'utf8' });
    expect(readFileSync(page, 'utf8')).toBe(generated);
  });

  it('gives no reason for leaving out an op that has a rule', () => {
    for (const op of notCovered.keys()) expect(gradientSupport(op), op).toBe('unsupported');
  });

  it('says, for every standard op up to opset 21, how it is differentiated or why not', () => {
    const unexplained = Object.keys(versions).filter(
      (op) => gradientSupport(op) === 'unsupported' && !notCovered.has(op),
    );
    expect(unexplained).toEqual([]);
  });
});
