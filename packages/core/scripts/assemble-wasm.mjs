// Assembles the WebAssembly kernels src/wasm/<name>.wat into src/wasm/<name>-bytes.ts (the
// module as base64) with wabt (WebAssembly's own text-format tools, as an npm package), so
// that the library and its tests need no assembler; test/wasm-bytes.test.ts runs `--check`,
// which fails when they differ.
//   node scripts/assemble-wasm.mjs           write the -bytes.ts files
//   node scripts/assemble-wasm.mjs --check   exit 1 if one is stale
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

/** Each module and the name of the constant its bytes file exports. */
const modules = [
  { name: 'prng', constant: 'PRNG_WASM_BASE64' },
  { name: 'blend', constant: 'BLEND_WASM_BASE64' },
];

const wabt = await wabtInit();
const check = process.argv.includes('--check');
let stale = 0;
for (const { name, constant } of modules) {
  const source = fileURLToPath(new URL(`../src/wasm/${name}.wat`, import.meta.url));
  const target = fileURLToPath(new URL(`../src/wasm/${name}-bytes.ts`, import.meta.url));
  const module = wabt.parseWat(`${name}.wat`, readFileSync(source, 'utf8'), { simd: true });
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
  const text = `// Generated from ${name}.wat by scripts/assemble-wasm.mjs; do not edit.
export const ${constant} =
${lines.join(' +\n')};
`;
  if (check) {
    if (readFileSync(target, 'utf8') !== text) {
      console.error(`src/wasm/${name}-bytes.ts is stale: run node scripts/assemble-wasm.mjs`);
      stale++;
    }
  } else {
    writeFileSync(target, text);
    console.log(`wrote ${target} (${bytes.length} bytes)`);
  }
}
if (stale > 0) process.exit(1);
