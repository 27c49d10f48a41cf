import type { BackwardRules, LossName } from '@xai/core';
import {
  buildJvpGraph,
  buildVjpGraph,
  type DerivativeGraph,
  type DerivativeGraphSpec,
} from '../autodiff/build.js';
import { buildLossVjpGraph } from '../autodiff/loss-seed.js';
import { buildDeepLiftGraph } from '../explanation-rules/deep-lift.js';
import { legacyGraphs } from '../rules/legacy-graphs.js';
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
  /**
   * One VJP runner per other set of backward rules, built on first use and kept until the
   * model is disposed: guided backprop, LRP, ... called again on the same model reuse the
   * graph and its session instead of building both per call (docs/benchmarks/gradients.md).
   */
  readonly variants: Map<string, DerivativeRunner>;
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
  private readonly losses = new Map<LossName, DerivativeRunner>();
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
      variants: new Map(),
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

  /**
   * The VJP of `loss` seeded in the graph from the logits and int64 targets (one run
   * instead of a forward and a VJP), under these runners' rules; one per loss, built on
   * first use and kept until these runners are disposed.
   */
  loss(loss: LossName): DerivativeRunner {
    let runner = this.losses.get(loss);
    if (!runner) {
      runner = this.own(async (spec) => buildLossVjpGraph(spec, loss, this.rules));
      this.losses.set(loss, runner);
    }
    return runner;
  }

  /**
   * The runners under other rules. Their VJP is shared: this one's for the same rules,
   * else the model's cached runner for those rules (disposed with the root).
   */
  withRules(rules: BackwardRules): DerivativeRunners {
    if (sameRules(rules, this.rules)) {
      return new DerivativeRunners(this.shared, this.rules, this.vjp, false);
    }
    if (legacyGraphs('variants'))
      return new DerivativeRunners(this.shared, rules, undefined, false);
    const key = rulesKey(rules);
    let vjp = this.shared.variants.get(key);
    if (!vjp) {
      const { spec, options, name, input, output } = this.shared;
      vjp = new DerivativeRunner(
        async () => buildVjpGraph(await spec(), rules),
        options,
        name,
        input,
        output,
      );
      this.shared.variants.set(key, vjp);
    }
    return new DerivativeRunners(this.shared, rules, vjp, false);
  }

  async dispose(): Promise<void> {
    for (const r of this.owned) await r.dispose();
    if (this.isRoot) {
      await this.shared.jvp.dispose();
      await this.shared.deepLift.dispose();
      for (const r of this.shared.variants.values()) await r.dispose();
      this.shared.variants.clear();
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

/** What decides the graph a set of backward rules builds. */
function rulesKey(r: BackwardRules): string {
  return JSON.stringify([
    r.relu ?? 'standard',
    r.linear?.kind === 'gradient' ? undefined : r.linear,
    r.composite,
  ]);
}

/** True when two sets of backward rules build the same graph. */
function sameRules(a: BackwardRules, b: BackwardRules): boolean {
  return rulesKey(a) === rulesKey(b);
}
