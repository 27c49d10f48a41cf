// The README's list of every method and every metric, generated from the registries (the
// metrics under the family each declares), so it cannot fall behind them. `--write`
// updates the page between its markers; without it, exits 1 when it is stale (the docs
// test runs the same comparison).
//
//   node apps/docs/scripts/family-lists.mjs [--write]
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { metricFamilies } from '@xai/core';
import { methods } from '@xai/methods';
import { metrics } from '@xai/metrics';

export const begin = '<!-- begin generated: family-lists.mjs -->';
export const end = '<!-- end generated -->';
const root = new URL('../../../', import.meta.url);
export const pageFiles = ['README.md'].map((p) => fileURLToPath(new URL(p, root)));

const byFamily = (families, items) =>
  families
    .map((f) => {
      const names = items.filter((d) => d.family === f).map((d) => `\`${d.name}\``);
      return `  - ${f} (${names.length}): ${names.join(', ')}`;
    })
    .join('\n');

/** The generated block: the methods in the registry's order, the metrics by family. */
export function familyLists() {
  return `${begin}
- ${methods.length} attribution methods (\`xai methods\` lists them with their papers and
  defaults): ${methods.map((m) => `\`${m.name}\``).join(', ')}
- ${metrics.length} metrics, by family as in Quantus (\`xai metrics\` lists them with their
  direction):
${byFamily(metricFamilies, metrics)}
${end}`;
}

/** `text` with its generated block replaced, or an error naming the file without one. */
export function withLists(text, file) {
  const a = text.indexOf(begin);
  const b = text.indexOf(end, a);
  if (a < 0 || b < 0) throw new Error(`Expected the markers ${begin} ... ${end} in ${file}.`);
  return `${text.slice(0, a)}${familyLists()}${text.slice(b + end.length)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let stale = 0;
  for (const file of pageFiles) {
    const text = readFileSync(file, 'utf8');
    const next = withLists(text, file);
    if (next === text) continue;
    stale++;
    if (process.argv.includes('--write')) writeFileSync(file, next);
    else console.error(`stale: ${file}`);
  }
  if (stale && !process.argv.includes('--write')) process.exit(1);
}
