#!/usr/bin/env node
// Remakes onnx-ops.json (each standard op's versions up to opset 21) from ONNX's
// docs/Changelog.md, which has one `**Op-N**` heading per version of every ai.onnx op.
// Made from onnx/onnx at f7546912001bc31e92a238b17068a21b373d882e (onnx 1.23.0):
//
//   git -C <onnx checkout> show <commit>:docs/Changelog.md > /tmp/Changelog.md
//   node packages/backend-onnx/scripts/onnx-ops-from-changelog.mjs /tmp/Changelog.md
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

const MAX_OPSET = 21;
const path = process.argv[2];
if (!path) {
  console.error('Expected the path of ONNX docs/Changelog.md as the first argument.');
  process.exit(1);
}
const versions = new Map();
for (const m of readFileSync(path, 'utf8').matchAll(
  /^### <a name="[^"]+"><\/a>\*\*([A-Za-z0-9.]+)-(\d+)\*\*/gm,
)) {
  const [, op, v] = m;
  // Other domains (ai.onnx.preview.training.*) carry a dotted prefix.
  if (op.includes('.') || Number(v) > MAX_OPSET) continue;
  versions.set(op, [...(versions.get(op) ?? []), Number(v)]);
}
const sorted = Object.fromEntries(
  [...versions.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([op, v]) => [op, [...new Set(v)].sort((a, b) => a - b)]),
);
const out = new URL('./onnx-ops.json', import.meta.url);
const tmp = new URL('./onnx-ops.json.tmp', import.meta.url);
writeFileSync(
  tmp,
  `${JSON.stringify(sorted, null, 0)
    .replace(/([{[,])/g, '$1\n')
    .replace(/([\]}])/g, '\n$1')}\n`,
);
renameSync(tmp, out);
console.log(`${Object.keys(sorted).length} ops written to ${out.pathname}`);
