import { type Target, XaiError } from '@xai/core';
import type { Command } from 'commander';
import { parseTarget } from './parse-target.js';

/** `--target` and its alias `--labels`, as commander leaves them (no default, so both are seen). */
export interface TargetFlags {
  target?: string;
  labels?: string;
}

const values = '<index|predicted|labels.npy|labels.json>';

/** Adds `--target` (the one name of the class flag) and `--labels`, kept as its alias. */
export function addTargetFlags(command: Command, what: string): Command {
  return command
    .option(`-t, --target ${values}`, `${what} (default: predicted)`)
    .option(`--labels ${values}`, 'alias of --target');
}

/** The class flag's text: `--target` or `--labels` (the same if both), else 'predicted'. */
export function targetText(flags: TargetFlags): string {
  const { target, labels } = flags;
  if (target !== undefined && labels !== undefined && target !== labels) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected one class flag but received --target '${target}' and --labels '${labels}' (--labels is an alias of --target); give only --target.`,
    );
  }
  return target ?? labels ?? 'predicted';
}

/** The classes the flags name: checked and read (labels files) before any model is loaded. */
export function readTargetFlags(flags: TargetFlags): Promise<Target> {
  return parseTarget(targetText(flags));
}
