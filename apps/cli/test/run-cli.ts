import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built CLI, as users run it. */
export const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/** Runs `xai args...` and resolves with its exit code and output (never rejects). */
export function runCli(
  args: readonly string[],
  timeout = 120_000,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { timeout }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
