import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addModelFlags, type ModelFlags, parseModelFlags } from './model-flags.js';

function flags(args: string[], choice: Parameters<typeof addModelFlags>[1]): ModelFlags {
  const command = addModelFlags(new Command('x').exitOverride(), choice);
  command.parse(args, { from: 'user' });
  return command.opts<ModelFlags>();
}

describe('the model flags', () => {
  it('declare only what the command asks for', () => {
    const names = (c: Command) => c.options.map((o) => o.long);
    expect(names(addModelFlags(new Command('a')))).toEqual(['--kernels']);
    expect(names(addModelFlags(new Command('b'), { names: true, threads: true }))).toEqual([
      '--kernels',
      '--threads',
      '--input-name',
      '--output-name',
    ]);
  });

  it('become the loader options: forward-only allowed, only what was given', () => {
    expect(parseModelFlags(flags([], {}))).toEqual({
      kernels: 'auto',
      load: { gradients: 'optional' },
    });
    expect(
      parseModelFlags(
        flags(['--kernels', 'js', '--threads', '2', '--input-name', 'in', '--output-name', 'out'], {
          names: true,
          threads: true,
        }),
      ),
    ).toEqual({
      kernels: 'js',
      load: { gradients: 'optional', threads: 2, inputName: 'in', outputName: 'out' },
    });
  });

  it('reject a bad value naming the flag and what it takes', () => {
    expect(() => parseModelFlags(flags(['--kernels', 'gpu'], {}))).toThrow(
      "Expected --kernels auto, js, cpu or cuda but received 'gpu'.",
    );
    expect(() => parseModelFlags(flags(['--threads', '1.5'], { threads: true }))).toThrow(
      "Expected --threads to be a positive integer but received '1.5'.",
    );
  });
});
