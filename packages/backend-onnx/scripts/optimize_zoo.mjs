#!/usr/bin/env node
// Saves models of test/zoo-ops/ after ONNX Runtime's optimiser (level 'extended': its
// com.microsoft fusions such as FusedConv, Gelu, FusedMatMul), as users get them from
// `SessionOptions.optimizedModelFilePath`, with the torch goldens of the original copied.
//
//   node packages/backend-onnx/scripts/optimize_zoo.mjs
import { copyFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../package.json', import.meta.url));
const ort = require('onnxruntime-node');
const dir = new URL('../test/zoo-ops/', import.meta.url);
const manifestUrl = new URL('manifest.json', dir);
const manifest = JSON.parse(readFileSync(manifestUrl, 'utf8'));
const sources = ['unet', 'groupnorm_cnn', 'einsum_vit', 'activations'];

for (const name of sources) {
  const entry = manifest.find((e) => e.name === name);
  const out = `${name}_ort`;
  const tmp = new URL(`${out}.onnx.tmp`, dir).pathname;
  const session = await ort.InferenceSession.create(new URL(entry.file, dir).pathname, {
    graphOptimizationLevel: 'extended',
    optimizedModelFilePath: tmp,
  });
  await session.release();
  renameSync(tmp, new URL(`${out}.onnx`, dir).pathname);
  for (const suffix of ['x', 'u', 'grad', 'logits'])
    copyFileSync(new URL(`${name}.${suffix}.npy`, dir), new URL(`${out}.${suffix}.npy`, dir));
  const rest = manifest.filter((e) => e.name !== out);
  rest.push({ ...entry, name: out, file: `${out}.onnx` });
  manifest.splice(0, manifest.length, ...rest.sort((a, b) => a.name.localeCompare(b.name)));
  console.log('optimised', name);
}
writeFileSync(`${manifestUrl.pathname}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
renameSync(`${manifestUrl.pathname}.tmp`, manifestUrl.pathname);
