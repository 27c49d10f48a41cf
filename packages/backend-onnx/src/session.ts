import { planBatches, type RunOptions, type Tensor, throwIfAborted, XaiError } from '@xai/core';
import * as ort from 'onnxruntime-node';
import type { DerivativeGraph } from './autodiff/build.js';
import { checkExecutionProviders, providerStartError } from './execution-providers.js';
import { heldSince, passOptions, warnIfBelowHeld } from './memory-budget.js';
import { logPlan } from './memory-log.js';
import { RowCost } from './row-cost.js';

/** Session options shared by the forward and derivative sessions. */
export interface SessionOptions {
  readonly executionProviders?: readonly string[];
  readonly threads?: number;
  readonly spinWait?: SpinWait;
  /**
   * The process's resident bytes when the model began to load: what the memory bound
   * does not cover (the runtime, the caller's data); set by the loader.
   */
  readonly residentAtLoad?: number;
  /** The caller's memory bound; when set, sessions run without ONNX Runtime's memory pattern. */
  readonly memoryLimitBytes?: number;
}

/**
 * How ONNX Runtime's intra-op threads wait for work: `'within-run'` (the default) spin
 * between the ops of one run and sleep as soon as it returns (`session.force_spinning_stop`);
 * `false` sleep after every op; `true` also spin between runs (ONNX Runtime's own default).
 */
export type SpinWait = boolean | 'within-run';

/** `spinWait` with its default, or INVALID_ARGUMENT naming the values it takes. */
export function checkSpinWait(spinWait: unknown): SpinWait {
  const spin = spinWait ?? 'within-run';
  if (spin !== true && spin !== false && spin !== 'within-run') {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected spinWait to be true, false or 'within-run' but received ${JSON.stringify(spin)}.`,
    );
  }
  return spin;
}

/**
 * The threading part of ONNX Runtime's session options. Between runs the threads sleep
 * unless `spinWait: true`: a model has up to three sessions, each with threads of its own,
 * and spinning threads would hold the cores that the next session, the kernels' threads and
 * the JavaScript between model calls need; inside a run they spin, since waking a sleeping
 * thread for each of a gradient graph's hundreds of ops cost more than the op on small
 * batches (docs/benchmarks/threads.md).
 */
export function threadingOptions(
  options: Pick<SessionOptions, 'threads' | 'spinWait'>,
): ort.InferenceSession.SessionOptions {
  const spin = checkSpinWait(options.spinWait);
  return {
    ...(options.threads ? { intraOpNumThreads: options.threads, interOpNumThreads: 1 } : {}),
    extra: {
      session: {
        intra_op: { allow_spinning: spin === false ? '0' : '1' },
        ...(spin === 'within-run' ? { force_spinning_stop: '1' } : {}),
      },
    },
  };
}

/**
 * ONNX Runtime's memory pattern allocates, from the second run of a shape on, one block
 * for the whole run beside what its arena already holds from the first run, and the arena
 * never gives memory back: a ResNet-50 forward of 64 rows grew resident memory by 6.1 MiB
 * a row on its first run and 13.0 after its second (docs/benchmarks/memory.md). Under a
 * memory bound the sessions run without the pattern (6.1, then 6.7: the arena reuses its
 * chunks); without the arena instead, every run faults its pages in anew and ran 1.5-3x
 * slower.
 */
export function memoryOptions(
  options: Pick<SessionOptions, 'memoryLimitBytes'>,
): ort.InferenceSession.SessionOptions {
  return options.memoryLimitBytes !== undefined ? { enableMemPattern: false } : {};
}

/**
 * An ONNX Runtime session on the requested execution providers; a provider that cannot
 * start becomes BACKEND_UNAVAILABLE saying what to install, other failures
 * MODEL_LOAD_FAILED naming the model.
 */
export async function createSession(
  bytes: Uint8Array,
  options: SessionOptions,
  name: string,
): Promise<ort.InferenceSession> {
  const executionProviders = checkExecutionProviders(options.executionProviders);
  try {
    return await ort.InferenceSession.create(bytes, {
      executionProviders,
      graphOptimizationLevel: 'all',
      ...memoryOptions(options),
      ...threadingOptions(options),
    });
  } catch (e) {
    throw (
      providerStartError(executionProviders, e) ??
      new XaiError(
        'MODEL_LOAD_FAILED',
        `ONNX Runtime could not load ${name}: ${(e as Error).message}`,
        { cause: e },
      )
    );
  }
}

/** A derivative graph's seed: a float cotangent or tangent, or int64 targets (a loss VJP). */
export type SeedTensor =
  | Tensor
  | { readonly data: BigInt64Array; readonly shape: readonly number[] };

/**
 * A derivative graph (forward+VJP or forward+JVP), built and given its session on first
 * use, then reused; runs batches under the memory bound (two inputs per sample).
 */
export class DerivativeRunner {
  private pending:
    | Promise<{ session: ort.InferenceSession; graph: Omit<DerivativeGraph, 'bytes'> }>
    | undefined;

  private readonly seen = { warned: false };

  /**
   * What a gradient row really costs under a caller's bound: the graph's estimate
   * (`graph.rowBytes`, from its shapes at build) corrected by measuring, as the forward's is.
   */
  private readonly rowCost: RowCost;

  constructor(
    private readonly build: () => DerivativeGraph | Promise<DerivativeGraph>,
    private readonly options: SessionOptions,
    private readonly name: string,
    private readonly inputName: string,
    private readonly outputName: string,
  ) {
    this.rowCost = new RowCost(options.memoryLimitBytes !== undefined);
  }

  private ready() {
    this.pending ??= (async () => {
      const { bytes, ...graph } = await this.build();
      const session = await createSession(
        bytes,
        this.options,
        `the gradient graph of ${this.name}`,
      );
      // The encoded graph is not kept: the session holds its own copy of the weights (on
      // ViT-B/16 the bytes were 330 MB more for the model's lifetime).
      return { session, graph };
    })();
    this.pending.catch(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** `reference` (shaped like `x`) feeds a DeepLIFT graph's reference input. */
  async run(
    x: Tensor,
    seed: SeedTensor,
    options: RunOptions,
    reference?: Tensor,
  ): Promise<{ out: Tensor; result: Tensor; activation?: Tensor; referenceOut?: Tensor }> {
    const { session, graph } = await this.ready();
    const batch = x.shape[0]!;
    // The caller's inputs; with the outputs (about their size again) and what the pass itself
    // holds, a row's cost.
    const callerBatchBytes = 4 * x.data.length * (reference ? 2 : 1);
    const ioBytes = ((callerBatchBytes + 4 * seed.data.length) / batch) * 2;
    const estimate = ioBytes + (graph.rowBytes ?? 0) * (reference ? 2 : 1);
    const extra = graph.activation ?? graph.referenceOutput;
    const names = [this.outputName, graph.result, ...(extra ? [extra] : [])];
    const parts: Float32Array[][] = names.map(() => []);
    const shapes: number[][] = names.map(() => []);
    // One reference for every row (DeepLIFT's zeros, say): its forward pass runs once.
    const sharedRow =
      reference && graph.sharedReference && sameRows(reference)
        ? rowsView(reference, 0, 1)
        : undefined;
    for (let s = 0; s < batch; ) {
      throwIfAborted(options.signal);
      const rowBytes = this.rowCost.bytes(estimate);
      // What the model (this session included) and the caller hold now (memory-budget.ts).
      const held = heldSince(this.options.residentAtLoad);
      warnIfBelowHeld(this.seen, this.name, this.options.memoryLimitBytes, held, rowBytes);
      const pass = passOptions(options, held, rowBytes, callerBatchBytes);
      const rows = this.rowCost.rows(planBatches(batch - s, rowBytes, pass)[0]![1]);
      logPlan({ pass: 'gradient', rows: batch - s, rowBytes, heldBytes: held, batch: rows });
      const end = s + rows;
      const xs = rowsView(x, s, end);
      const ss = rowsView(seed, s, end);
      const feeds = {
        [this.inputName]: new ort.Tensor('float32', xs.data, [...xs.shape]),
        [graph.seed]:
          ss.data instanceof BigInt64Array
            ? new ort.Tensor('int64', ss.data, [...ss.shape])
            : new ort.Tensor('float32', ss.data, [...ss.shape]),
      };
      if (reference && graph.reference) {
        const rs = sharedRow ?? rowsView(reference, s, end);
        feeds[graph.reference] = new ort.Tensor('float32', rs.data, [...rs.shape]);
      }
      let r: ort.InferenceSession.ReturnType;
      try {
        r = await this.rowCost.measure(rows, () => session.run(feeds, names));
      } catch (e) {
        throw new XaiError(
          'NOT_SUPPORTED',
          `ONNX Runtime failed to run the derivative graph of ${this.name}: ${(e as Error).message}`,
          { cause: e },
        );
      }
      names.forEach((n, i) => {
        const t = r[n]!;
        parts[i]!.push(t.data as Float32Array);
        shapes[i] = t.dims.map(Number);
      });
      s = end;
    }
    const joined = names.map((_, i) => ({
      data: concat(parts[i]!),
      shape: [batch, ...shapes[i]!.slice(1)],
    }));
    return {
      out: joined[0]!,
      result: joined[1]!,
      ...(graph.activation ? { activation: joined[2]! } : {}),
      ...(graph.referenceOutput ? { referenceOut: joined[2]! } : {}),
    };
  }

  async dispose(): Promise<void> {
    const p = this.pending;
    this.pending = undefined;
    if (p) await (await p).session.release();
  }
}

/**
 * Samples `s .. e-1` of a batch as a view (no copy; the batch itself when that is all of it),
 * for a pass that only reads them.
 */
export function rowsView(t: Tensor, s: number, e: number): Tensor;
export function rowsView(t: SeedTensor, s: number, e: number): SeedTensor;
export function rowsView(t: SeedTensor, s: number, e: number): SeedTensor {
  if (s === 0 && e === t.shape[0]) return t;
  const per = t.data.length / t.shape[0]!;
  const shape = [e - s, ...t.shape.slice(1)];
  return t.data instanceof BigInt64Array
    ? { data: t.data.subarray(s * per, e * per), shape }
    : { data: t.data.subarray(s * per, e * per), shape };
}

/** Whether every sample of the batch `t` equals the first, value for value. */
function sameRows(t: Tensor): boolean {
  const per = t.data.length / t.shape[0]!;
  const d = t.data;
  for (let i = per; i < d.length; i++) if (d[i] !== d[i - per]) return false;
  return true;
}

function concat(parts: readonly Float32Array[]): Float32Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
