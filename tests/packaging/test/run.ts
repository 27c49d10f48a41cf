import { execFile } from 'node:child_process';

/**
 * Runs a command, resolving with its stdout or rejecting with all its output. Async, so
 * long installs do not block the test worker's event loop.
 */
export function run(
  cmd: string,
  args: readonly string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      cmd,
      [...args],
      { cwd: opts.cwd, env: { ...process.env, ...opts.env }, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        if (error)
          reject(
            new Error(
              `${cmd} ${args.join(' ')} failed (${error.code ?? error.signal}) in ${opts.cwd}:\n${stdout}\n${stderr}`,
            ),
          );
        else resolve(stdout);
      },
    );
  });
}
