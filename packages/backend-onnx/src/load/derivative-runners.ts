import type { BackwardRules } from '@xai/core';
import {
  buildJvpGraph,
  buildVjpGraph,
  type DerivativeGraph,
  type DerivativeGraphSpec,
} from '../autodiff/build.js';
import { buildDeepLiftGraph } from '../explanation-rules/deep-lift.js';
import { DerivativeRunner, type SessionOptions } from '../session.js';

/** What the runners of one model and of all its rule variants share. */
interface Shared {
  /** The derivative graphs' spec, with the probed shapes (probed once, on first use). */
  readonly spec: () => Promise<DerivativeGraphSpec>;
  readonly options: SessionOptions;
  readonly name: string;
  readonly input: string;
  readonly output: string;
  /** The JVP and DeepLIFT graphs take no backward rules: one of each per model. */
  readonly jvp: DerivativeRunner;
  readonly deepLift: DerivativeRunner;
}

/**
 * The derivative graphs of one model under one set of backward rules, each built and
 * given a session on first use: the VJP, one layer VJP per layer asked for, and the
 * model's JVP and DeepLIFT graphs. `withRules` makes a variant's runners, which own their
 * VJP and layer sessions (the caller disposes the variant); disposing the root frees the
 * shared ones too.
 */
export class DerivativeRunners {
  readonly vjp: DerivativeRunner;
  private readonly layers = new Map<string, DerivativeRunner>();
  private readonly owned: DerivativeRunner[] = [];

  private constructor(
    private readonly shared: Shared,
    readonly rules: BackwardRules,
    vjp: DerivativeRunner | undefined,
    private readonly isRoot: boolean,
  ) {
    this.vjp = vjp ?? this.own(async (spec) => buildVjpGraph(spec, rules));
  }

  /** The runners of a freshly loaded model (the true derivatives). */
  static create(
    spec: () => Promise<DerivativeGraphSpec>,
    options: SessionOptions,
    name: string,
    input: string,
    output: string,
  ): DerivativeRunners {
    const runner = (build: (s: DerivativeGraphSpec) => Promise<DerivativeGraph>) =>
      new DerivativeRunner(async () => build(await spec()), options, name, input, output);
    const shared: Shared = {
      spec,
      options,
      name,
      input,
      output,
      jvp: runner(async (s) => buildJvpGraph(s)),
      deepLift: runner(async (s) => buildDeepLiftGraph(s)),
    };
    return new DerivativeRunners(shared, {}, undefined, true);
  }

  get jvp(): DerivativeRunner {
    return this.shared.jvp;
  }

  get deepLift(): DerivativeRunner {
    return this.shared.deepLift;
  }

  /** The VJP that stops at the inner tensor `layer` and also returns its activation. */
  layer(layer: string): DerivativeRunner {
    let runner = this.layers.get(layer);
    if (!runner) {
      runner = this.own(async (spec) => buildVjpGraph(spec, this.rules, layer));
      this.layers.set(layer, runner);
    }
    return runner;
  }

  /** The runners under other rules; the same rules share this VJP session, not owning it. */
  withRules(rules: BackwardRules): DerivativeRunners {
    if (sameRules(rules, this.rules)) {
      return new DerivativeRunners(this.shared, this.rules, this.vjp, false);
    }
    return new DerivativeRunners(this.shared, rules, undefined, false);
  }

  async dispose(): Promise<void> {
    for (const r of this.owned) await r.dispose();
    if (this.isRoot) {
      await this.shared.jvp.dispose();
      await this.shared.deepLift.dispose();
    }
  }

  private own(build: (spec: DerivativeGraphSpec) => Promise<DerivativeGraph>): DerivativeRunner {
    const { spec, options, name, input, output } = this.shared;
    const runner = new DerivativeRunner(
      async () => build(await spec()),
      options,
      name,
      input,
      output,
    );
    this.owned.push(runner);
    return runner;
  }
}

/** True when two sets of backward rules build the same graph. */
function sameRules(a: BackwardRules, b: BackwardRules): boolean {
  const key = (r: BackwardRules) =>
    JSON.stringify([r.relu ?? 'standard', r.linear?.kind === 'gradient' ? undefined : r.linear]);
  return key(a) === key(b);
}
