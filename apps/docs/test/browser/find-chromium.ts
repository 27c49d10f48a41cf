/**
 * Where Chromium is: `XAI_CHROMIUM`, else the first of Debian's and Google's names on the
 * PATH (scripts/ensure-chromium.sh, run by `npm test`, installs Debian's `chromium`).
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

const names = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

function executable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.XAI_CHROMIUM) return executable(env.XAI_CHROMIUM) ? env.XAI_CHROMIUM : undefined;
  for (const name of names)
    for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean))
      if (executable(path.join(dir, name))) return path.join(dir, name);
  return undefined;
}

/** In CI (`CI` or `XAI_NATIVE_REQUIRED=1`, as .ci/run sets) a missing browser is a failure, not a skip. */
export function browserRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.CI && env.CI !== 'false' && env.CI !== '0') || env.XAI_NATIVE_REQUIRED === '1';
}
