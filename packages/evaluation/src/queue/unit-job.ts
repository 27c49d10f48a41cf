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
  readonly results: ReadonlyArray<{
    readonly id: string;
    readonly metric: string;
    readonly options: Readonly<Record<string, unknown>>;
  }>;
  readonly seed: number;
  readonly versions: Readonly<Record<string, string>>;
}

/** The name of the queue in Redis (several evaluations share it: job ids are identities). */
export const queueName = 'xai-evaluate';
