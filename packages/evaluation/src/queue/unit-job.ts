/**
 * One job: a (sample, method) unit and the results it must compute, with what a worker
 * needs to rebuild it from files it sees (the model and inputs at the same paths) and the
 * hashes it checks them against. Plain JSON: it travels through Redis.
 */
export interface UnitJobData {
  readonly modelPath: string;
  readonly modelHash: string;
  readonly inputPath: string;
  /** How the inputs are made from `inputPath` (the CLI's preprocessing flags). */
  readonly inputSpec: Readonly<Record<string, unknown>>;
  readonly sample: number;
  readonly sampleHash: string;
  readonly source: string;
  readonly target: number;
  readonly method: string;
  readonly methodOptions: Readonly<Record<string, unknown>>;
  readonly explanation: string;
  /** Each result's metric and options (tensors encoded: `decodeJobOptions`). */
  readonly results: ReadonlyArray<{
    readonly id: string;
    readonly metric: string;
    readonly options: Readonly<Record<string, unknown>>;
  }>;
  /**
   * For set-level metrics: the evaluation's first `count` samples of the inputs, with
   * these targets, are the set they compare with (absent when no result needs it).
   */
  readonly dataset?: { readonly count: number; readonly targets: readonly number[] };
  readonly seed: number;
  readonly versions: Readonly<Record<string, string>>;
}

/** The name of the queue in Redis (several evaluations share it: job ids are identities). */
export const queueName = 'xai-evaluate';
