import type { Tensor } from '../tensor.js';

/**
 * A reference input x': where an integration path starts (integrated gradients and kin)
 * and what removed pixels become (the perturbation metrics). `'zeros'`: zero in model
 * units; `'black'` and `'white'`: pixel 0 and 1 through the input domain (0 and 1 without
 * one); `'mean'`: each channel's mean over the image; `'min'`: the image's minimum over
 * all channels (Quantus' 'black'); `'blur'`: the image blurred with I-GOS's kernel (11
 * taps, sigma 5) over its last two axes; `'uniform'`: a seeded uniform draw between pixel
 * 0 and 1 through the domain (the sample's own minimum and maximum without one); a
 * number; or a tensor shaped like one sample or like the whole batch. Each method or
 * metric names in its option rule the kinds it takes.
 */
export type Baseline =
  | 'zeros'
  | 'black'
  | 'white'
  | 'mean'
  | 'min'
  | 'blur'
  | 'uniform'
  | number
  | Tensor;

/** The named baselines, in the order errors list them. */
export const baselineNames = ['zeros', 'black', 'white', 'mean', 'min', 'blur', 'uniform'] as const;

/** The stream of the `'uniform'` baseline's draws (offset: sample index x sample size). */
export const UNIFORM_BASELINE_STREAM = 0x4947; // 'IG'
