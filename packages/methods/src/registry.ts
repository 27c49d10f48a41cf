import { type AttributionMethod, didYouMean, XaiError } from '@xai/core';
import { adaptGrad } from './adapt-grad.js';
import { agi } from './agi.js';
import { big } from './big.js';
import { blurIg } from './blur-ig.js';
import { cafo } from './cafo.js';
import { caso } from './caso.js';
import { deconvnet } from './deconvnet.js';
import { deepLift } from './deep-lift.js';
import { excitationBackprop } from './excitation-backprop.js';
import { fastIg } from './fast-ig.js';
import { fusionGrad } from './fusion-grad.js';
import { gradCam } from './grad-cam.js';
import { gradient } from './gradient.js';
import { gradientXInput } from './gradient-x-input.js';
import { guidedBackprop } from './guided-backprop.js';
import { guidedGradCam } from './guided-grad-cam.js';
import { guidedIg } from './guided-ig.js';
import { iGos } from './i-gos.js';
import { integratedGradients } from './integrated-gradients.js';
import { invariantPerturbation } from './invariant-perturbation.js';
import { isa } from './isa.js';
import { lrp } from './lrp.js';
import { meaningfulPerturbation } from './meaningful-perturbation.js';
import { mfaba } from './mfaba.js';
import { noiseGrad } from './noise-grad.js';
import { occlusion } from './occlusion.js';
import { rise } from './rise.js';
import { saliency } from './saliency.js';
import { smoothCafo } from './smooth-cafo.js';
import { smoothCaso } from './smooth-caso.js';
import { smoothGrad } from './smooth-grad.js';

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
  const m = methods.find((x) => x.name === name);
  if (!m) {
    throw new XaiError(
      'UNKNOWN_METHOD',
      `Expected a method among ${methods.map((x) => x.name).join(', ')} but received '${name}'.${didYouMean(
        name,
        methods.map((x) => x.name),
      )} Run 'xai methods' to read about them.`,
    );
  }
  return m;
}
