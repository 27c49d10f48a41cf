import { execFile } from 'node:child_process';

/**
 * The environment every command starts from: this process's, without the npm_config_*
 * variables a pnpm or turbo parent passes down (its registry among them), so npm reads
 * only the npmrc and registry the tests name.
 */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_config_/i.test(k)) env[k] = v;
  return env;
}

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
      { cwd: opts.cwd, env: { ...baseEnv(), ...opts.env }, maxBuffer: 64 << 20 },
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
