/** Where commands write: data to stdout, messages to stderr, so `--json` output stays parseable. */
export interface Output {
  readonly json: boolean;
  /** The result: pretty JSON with `--json`, else the human text. */
  result(data: unknown, human: () => string): void;
  /** A note for people (never printed with `--json`). */
  info(message: string): void;
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
  };
}
