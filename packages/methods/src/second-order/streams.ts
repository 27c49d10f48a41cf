/** The counter-based streams of this family's draws. */

export const NOISE_STREAM = 2019_0001;
export const POWER_STREAM = 2019_0002;
