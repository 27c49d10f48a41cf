/**
 * The options each method runs with in the pin test: fewer steps, samples and masks than
 * the defaults for the slow ones, so every method runs on both fixture models in seconds;
 * the rest keep their defaults.
 */
export const pinSettings: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  isa: { k: 100, ascentSteps: 4, descentSteps: 4 },
  'i-gos': { maxIterations: 8, integrationSteps: 10 },
  cafo: { iterations: 5, powerIterations: 5, maxLambda1Steps: 6 },
  caso: { iterations: 5, powerIterations: 5, maxLambda1Steps: 6 },
  'smooth-cafo': { iterations: 4, powerIterations: 4, maxLambda1Steps: 4, samples: 4 },
  'smooth-caso': { iterations: 4, powerIterations: 4, maxLambda1Steps: 4, samples: 4 },
  'invariant-perturbation': { samples: 8, steps: 50, learningRate: 0.05 },
  rise: { masks: 500 },
  'meaningful-perturbation': { iterations: 50 },
  'smooth-grad': { samples: 10 },
  'adapt-grad': { samples: 10 },
  'guided-ig': { steps: 32 },
  'blur-ig': { steps: 32 },
  big: { epsilons: [0.1, 0.3, 0.5], attackSteps: 10, steps: 10 },
  agi: { maxIter: 10 },
  mfaba: { steps: 20 },
  'noise-grad': { models: 4 },
  'fusion-grad': { samples: 4, models: 4 },
};
