// The assembly of src/wasm/prng.wat with wabt (WebAssembly's own text-format tools, as an npm
// package), shared by assemble-wasm.mjs and the test that checks prng-bytes.ts is current.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const source = fileURLToPath(new URL('../src/wasm/prng.wat', import.meta.url));

/** The module's bytes. */
export async function assemblePrngWasm() {
  const wabt = await wabtInit();
  const module = wabt.parseWat('prng.wat', readFileSync(source, 'utf8'), { simd: true });
  try {
    module.validate();
    return Buffer.from(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}

/** prng-bytes.ts for those bytes. */
export function bytesModuleText(bytes) {
  const base64 = bytes.toString('base64');
  const lines = base64.match(/.{1,96}/g).map((line) => `  '${line}'`);
  return `// Generated from prng.wat by scripts/assemble-wasm.mjs; do not edit.
export const PRNG_WASM_BASE64 =
${lines.join(' +\n')};
`;
}
