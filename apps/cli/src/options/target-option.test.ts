import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addTargetFlags, targetText } from './target-option.js';

/** The flags commander hands the action for these arguments. */
function parse(args: string[]): Record<string, string | undefined> {
  const command = addTargetFlags(new Command('x').exitOverride(), 'the class');
  command.parse(args, { from: 'user' });
  return command.opts();
}

describe('--target and its alias --labels', () => {
  it("is 'predicted' when neither is given", () => {
    expect(targetText(parse([]))).toBe('predicted');
  });

  it('takes either name, and -t', () => {
    expect(targetText(parse(['--target', '3']))).toBe('3');
    expect(targetText(parse(['-t', 'labels.npy']))).toBe('labels.npy');
    expect(targetText(parse(['--labels', 'labels.json']))).toBe('labels.json');
  });

  it('accepts both when they agree, and names both when they do not', () => {
    expect(targetText(parse(['--target', '2', '--labels', '2']))).toBe('2');
    expect(() => targetText(parse(['--target', '2', '--labels', '5']))).toThrow(
      /Expected one class flag but received --target '2' and --labels '5' \(--labels is an alias of --target\); give only --target\./,
    );
  });
});
