// Assembles src/wasm/prng.wat into src/wasm/prng-bytes.ts (the module as base64) with wabt
// (WebAssembly's own text-format tools, as an npm package), so that the library and its tests
// need no assembler; test/prng-wasm-bytes.test.ts runs `--check`, which fails when they differ.
//   node scripts/assemble-wasm.mjs           write prng-bytes.ts
//   node scripts/assemble-wasm.mjs --check   exit 1 if prng-bytes.ts is stale
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const source = fileURLToPath(new URL('../src/wasm/prng.wat', import.meta.url));
const target = fileURLToPath(new URL('../src/wasm/prng-bytes.ts', import.meta.url));

const wabt = await wabtInit();
const module = wabt.parseWat('prng.wat', readFileSync(source, 'utf8'), { simd: true });
let bytes;
try {
  module.validate();
  bytes = Buffer.from(module.toBinary({}).buffer);
} finally {
  module.destroy();
}
const lines = bytes
  .toString('base64')
  .match(/.{1,96}/g)
  .map((line) => `  '${line}'`);
const text = `// Generated from prng.wat by scripts/assemble-wasm.mjs; do not edit.
export const PRNG_WASM_BASE64 =
${lines.join(' +\n')};
`;

if (process.argv.includes('--check')) {
  if (readFileSync(target, 'utf8') !== text) {
    console.error('src/wasm/prng-bytes.ts is stale: run node scripts/assemble-wasm.mjs');
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
