/** src/wasm/prng-bytes.ts must be what src/wasm/prng.wat assembles to (scripts/assemble-wasm.mjs). */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('the WebAssembly random kernel', () => {
  it('is the assembly of prng.wat (prng-bytes.ts is current)', () => {
    const script = fileURLToPath(new URL('../scripts/assemble-wasm.mjs', import.meta.url));
    expect(() =>
      execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' }),
    ).not.toThrow();
  });
});
