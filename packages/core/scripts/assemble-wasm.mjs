// Assembles src/wasm/prng.wat into src/wasm/prng-bytes.ts (the module as base64), so that the
// library and its tests need no assembler; prng-wasm.test.ts fails when the two differ.
//   node scripts/assemble-wasm.mjs           write prng-bytes.ts
//   node scripts/assemble-wasm.mjs --check   exit 1 if prng-bytes.ts is stale
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assemblePrngWasm, bytesModuleText } from './wasm-source.mjs';

const target = fileURLToPath(new URL('../src/wasm/prng-bytes.ts', import.meta.url));
const text = bytesModuleText(await assemblePrngWasm());
if (process.argv.includes('--check')) {
  if (readFileSync(target, 'utf8') !== text) {
    console.error('src/wasm/prng-bytes.ts is stale: run node scripts/assemble-wasm.mjs');
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
