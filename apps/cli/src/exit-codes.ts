/** The CLI's exit codes, documented in docs/cli.md. */
export const exitCodes = {
  ok: 0,
  /** The command line itself is wrong (unknown option, missing argument). */
  usage: 1,
  /** An XaiError: bad input, a missing file, an unsupported model. */
  xai: 2,
  /** Anything else: a bug to report. */
  unexpected: 3,
  /** Stopped by Ctrl-C (SIGINT): the conventional 128 + 2. Nothing half-written is left. */
  interrupted: 130,
  /** Stopped by SIGTERM (128 + 15), handled like Ctrl-C. */
  terminated: 143,
} as const;
