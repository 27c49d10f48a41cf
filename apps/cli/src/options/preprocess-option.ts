import { presets } from '@xai/images';
import type { Command } from 'commander';

/** `--preprocess` and the flags that adjust it, shared by explain and evaluate. */
export function addPreprocessOptions(command: Command): Command {
  return command
    .option(
      '--preprocess <preset>',
      `how images become inputs: ${[...Object.keys(presets), 'custom'].join(', ')}`,
      'none',
    )
    .option('--resize <n>', 'resize images so that the shorter side is n pixels (before --crop)')
    .option('--crop <n>', 'centre-crop images to n x n pixels (after --resize)')
    .option(
      '--mean <m>',
      'per-channel mean in [0, 1] units, comma-separated (overrides the preset)',
    )
    .option('--std <s>', 'per-channel std in [0, 1] units, comma-separated (overrides the preset)');
}
