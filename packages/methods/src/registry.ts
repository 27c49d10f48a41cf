import { type AttributionMethod, findByName } from '@xai/core';
import { deconvnet } from './backward/deconvnet.js';
import { deepLift } from './backward/deep-lift.js';
import { excitationBackprop } from './backward/excitation-backprop.js';
import { gradCam } from './backward/grad-cam.js';
import { guidedBackprop } from './backward/guided-backprop.js';
import { guidedGradCam } from './backward/guided-grad-cam.js';
import { lrp } from './backward/lrp.js';
import { gradient } from './gradient/gradient.js';
import { gradientXInput } from './gradient/gradient-x-input.js';
import { saliency } from './gradient/saliency.js';
import { agi } from './path/agi.js';
import { big } from './path/big.js';
import { blurIg } from './path/blur-ig.js';
import { fastIg } from './path/fast-ig.js';
import { guidedIg } from './path/guided-ig.js';
import { integratedGradients } from './path/integrated-gradients.js';
import { mfaba } from './path/mfaba.js';
import { invariantPerturbation } from './perturbation/invariant-perturbation.js';
import { meaningfulPerturbation } from './perturbation/meaningful-perturbation.js';
import { occlusion } from './perturbation/occlusion.js';
import { rise } from './perturbation/rise.js';
import { iGos } from './search/i-gos.js';
import { isa } from './search/isa.js';
import { cafo } from './second-order/cafo.js';
import { caso } from './second-order/caso.js';
import { smoothCafo } from './second-order/smooth-cafo.js';
import { smoothCaso } from './second-order/smooth-caso.js';
import { adaptGrad } from './smoothing/adapt-grad.js';
import { fusionGrad } from './smoothing/fusion-grad.js';
import { noiseGrad } from './smoothing/noise-grad.js';
import { smoothGrad } from './smoothing/smooth-grad.js';

/**
 * Every method by name, for the CLI and the docs. Listed explicitly rather than
 * registered by import side effects, so bundlers can't drop an entry.
 */
// biome-ignore lint/suspicious/noExplicitAny: each method has its own options type.
export const methods: ReadonlyArray<AttributionMethod<any, any>> = [
  gradient,
  saliency,
  isa,
  iGos,
  cafo,
  caso,
  smoothCafo,
  smoothCaso,
  invariantPerturbation,
  occlusion,
  rise,
  meaningfulPerturbation,
  gradientXInput,
  integratedGradients,
  smoothGrad,
  adaptGrad,
  fastIg,
  guidedIg,
  blurIg,
  big,
  agi,
  mfaba,
  noiseGrad,
  fusionGrad,
  guidedBackprop,
  deconvnet,
  gradCam,
  guidedGradCam,
  lrp,
  excitationBackprop,
  deepLift,
];

/** The method called `name`, or UNKNOWN_METHOD listing the known names. */
// biome-ignore lint/suspicious/noExplicitAny: each method has its own options type.
export function getMethod(name: string): AttributionMethod<any, any> {
  return findByName(
    methods,
    name,
    'a method',
    'UNKNOWN_METHOD',
    "Run 'xai methods' to read about them.",
  );
}
