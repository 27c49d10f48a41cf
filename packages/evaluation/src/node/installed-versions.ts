import { createRequire } from 'node:module';
import { evaluationVersion } from '../version.js';

const computing = ['@xai/core', '@xai/methods', '@xai/metrics', '@xai/backend-onnx'];

/**
 * The versions of the packages that compute results, as resolved from `from` (a file URL
 * or path; the CLI passes its own): part of every identity, so an upgrade recomputes.
 * Packages not installed there are left out.
 */
export function installedVersions(from: string | URL = import.meta.url): Record<string, string> {
  const require = createRequire(from);
  const out: Record<string, string> = { '@xai/evaluation': evaluationVersion };
  for (const name of computing) {
    try {
      out[name] = (require(`${name}/package.json`) as { version: string }).version;
    } catch {
      // not installed beside the caller: it computes nothing here
    }
  }
  return out;
}
