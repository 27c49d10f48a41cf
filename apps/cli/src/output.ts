/** Where commands write: data to stdout, messages to stderr, so `--json` output stays parseable. */
export interface Output {
  readonly json: boolean;
  /** The result: pretty JSON with `--json`, else the human text. */
  result(data: unknown, human: () => string): void;
  /** A note for people (never printed with `--json`). */
  info(message: string): void;
  /** A warning about the input or the result: stderr, also with `--json` (stdout stays data). */
  warn(message: string): void;
  /** A detail only `--verbose` asks for (which kernels run, ...); never with `--json`. */
  detail(message: string): void;
}

/** Whether `--verbose` was given; set once by `main` (it is an option of the program). */
let verbose = false;
export function setVerbose(on: boolean): void {
  verbose = on;
}

export function createOutput(
  json: boolean,
  stdout = process.stdout,
  stderr = process.stderr,
): Output {
  return {
    json,
    result(data, human) {
      stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${human()}\n`);
    },
    info(message) {
      if (!json) stderr.write(`${message}\n`);
    },
    warn(message) {
      stderr.write(`${message}\n`);
    },
    detail(message) {
      if (verbose && !json) stderr.write(`${message}\n`);
    },
  };
}
