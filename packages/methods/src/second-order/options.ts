/** The options the four context-aware methods share, their defaults and rules. */
import { type ExplainContext, type Kernels, type OptionRules, rule, XaiError } from '@xai/core';
import type { FistaMomentum } from '../optim/fista.js';

/** The options of the four methods; defaults from Singla et al. 2019, appendix G. */
export interface ContextAwareOptions {
  /** `'paper'` (the defaults below) or `'reference-code'`, the authors' code (see each method's doc comment). */
  readonly preset: 'paper' | 'reference-code';
  /** L1 weight: `'sweep'` picks it per sample by the sparsity rule of section 4.1; a number fixes it. */
  readonly lambda1: number | 'sweep';
  /** L2 weight: `'auto'` is L/2 + c1 with L the top Hessian eigenvalue (Theorem 3); a number fixes it. */
  readonly lambda2: number | 'auto';
  /** The margin c1 of lambda2 = L/2 + c1 (section 3.2: 10, the "lambda2 threshold" 20 = 2 c1 of Table 3). */
  readonly c1: number;
  /** Power-method iterations for L (Table 3: 10). */
  readonly powerIterations: number;
  /** FISTA iterations per lambda1 (Table 3: 10). */
  readonly iterations: number;
  /** FISTA's initial step, the learning rate (section 4: 0.1). */
  readonly step: number;
  /** Backtracking factor on the step (Table 3: 0.5). */
  readonly decay: number;
  /** Use monotone FISTA (MFISTA) instead of FISTA (the paper uses FISTA). */
  readonly monotone: boolean;
  /** FISTA's extrapolation: Beck and Teboulle's t-sequence, or (k - 2)/(k + 1) (the authors' code). */
  readonly momentum: FistaMomentum;
  /** Backtracking starts each iteration from `step` (the authors' code) rather than the last accepted step. */
  readonly resetStep: boolean;
  /** First lambda1 of the sweep (section 4.1: 1e-5). */
  readonly lambda1Start: number;
  /** Factor between the sweep's lambda1 values (section 4.1: 10). */
  readonly lambda1Factor: number;
  /** Most lambda1 values tried before the all-zero one (a guard; 12 decades reach 1e7). */
  readonly maxLambda1Steps: number;
  /** Accepted sparsity ratios [low, high) (section 4.1: 0.75 <= eta < 1). */
  readonly sparsityRange: readonly [number, number];
  /** Halvings of the first all-zero lambda1 tried when no decade fits the range (3 span the decade). */
  readonly halvings: number;
  /** Hessian-vector products: Gauss-Newton (exact for ReLU networks) or central differences of gradients. */
  readonly hvp: 'gauss-newton' | 'finite-difference';
  /** Step of the finite-difference HVP. */
  readonly finiteDifferenceStep: number;
  /** Noisy copies per sample: 1 (no averaging) for CAFO and CASO, n for the smooth variants. */
  readonly samples: number;
  /** Standard deviation of the Gaussian noise added to the input (eq. 8: sigma = 0.15, in input units). */
  readonly sigma: number;
  /** `sigma` in input units (`'absolute'`), or as a share of each sample's max - min (`'range'`, the authors' code). */
  readonly sigmaScale: 'absolute' | 'range';
  /** With `target: 'predicted'`: the class predicted for the input, or each noisy copy's own prediction (the authors' code). */
  readonly predictedOn: 'input' | 'each-copy';
  /** `'delta'`: the signed perturbation Delta; `'normalized'`: appendix D's map in [0, 1], repeated over channels. */
  readonly output: 'delta' | 'normalized';
}

export const contextAwareDefaults: ContextAwareOptions = {
  preset: 'paper',
  lambda1: 'sweep',
  lambda2: 'auto',
  c1: 10,
  powerIterations: 10,
  iterations: 10,
  step: 0.1,
  decay: 0.5,
  monotone: false,
  momentum: 'beck-teboulle',
  resetStep: false,
  lambda1Start: 1e-5,
  lambda1Factor: 10,
  maxLambda1Steps: 12,
  sparsityRange: [0.75, 1],
  halvings: 3,
  hvp: 'gauss-newton',
  finiteDifferenceStep: 1e-3,
  samples: 1,
  sigma: 0,
  sigmaScale: 'absolute',
  predictedOn: 'input',
  output: 'delta',
};

/** The rules of the options every context-aware method shares (see `resolveOptions`). */
export const contextAwareRules: OptionRules<ContextAwareOptions> = {
  preset: rule.oneOf('paper', 'reference-code'),
  lambda1: { type: 'number', min: 0, oneOf: ['sweep'] },
  lambda2: { type: 'number', min: 0, oneOf: ['auto'] },
  c1: rule.positive,
  powerIterations: rule.integer(),
  iterations: rule.integer(),
  step: rule.positive,
  decay: { type: 'number', greaterThan: 0, max: 1 },
  monotone: rule.boolean,
  momentum: rule.oneOf('beck-teboulle', 'k-2-over-k+1'),
  resetStep: rule.boolean,
  lambda1Start: rule.positive,
  lambda1Factor: { type: 'number', greaterThan: 1 },
  maxLambda1Steps: rule.integer(),
  sparsityRange: rule.numbers(0, 1),
  halvings: rule.integer(0),
  hvp: rule.oneOf('gauss-newton', 'finite-difference'),
  finiteDifferenceStep: rule.positive,
  samples: rule.integer(),
  sigma: rule.nonNegative,
  sigmaScale: rule.oneOf('absolute', 'range'),
  predictedOn: rule.oneOf('input', 'each-copy'),
  output: rule.oneOf('delta', 'normalized'),
};

/** The call's context; the kernels (which draw the noise and combine the HVPs) as core's `resolveOptions` fills them in. */
export type RunContext = Pick<
  ExplainContext,
  'signal' | 'onProgress' | 'maxBatchSize' | 'memoryLimitBytes' | 'target' | 'seed'
> & { readonly kernels: Kernels };
export function checkCount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected a positive integer for ${what} but received ${n}.`,
    );
  }
}
export function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** `options` over `defaults`, where an option given as `undefined` keeps the default. */
export function withDefaults<O extends object, C extends object>(defaults: O, options: C): O & C {
  return { ...defaults, ...stripUndefined(options) } as O & C;
}

/** A call's options over `contextAwareDefaults` (an option given as `undefined` keeps its default). */
export function contextAwareSettings<C extends object>(options: C): ContextAwareOptions & C {
  return withDefaults(contextAwareDefaults, options);
}
