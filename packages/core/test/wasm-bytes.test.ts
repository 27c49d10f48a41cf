/** src/wasm/<name>-bytes.ts must be what src/wasm/<name>.wat assembles to (scripts/assemble-wasm.mjs). */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('the WebAssembly kernels', () => {
  it('are the assembly of prng.wat and blend.wat (the -bytes.ts files are current)', () => {
    const script = fileURLToPath(new URL('../scripts/assemble-wasm.mjs', import.meta.url));
    expect(() =>
      execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' }),
    ).not.toThrow();
  });
});
