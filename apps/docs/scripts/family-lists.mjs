// The lists of every method and every metric under the family each descriptor declares,
// generated from the registries so they cannot fall behind them: the README's and Getting
// started's lists and the methods index page's list by family. `--write` updates each page
// between its markers; without it, exits 1 when one is stale (the docs test runs the same
// comparison).
//
//   node apps/docs/scripts/family-lists.mjs [--write]
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { methodFamilies, methodFamilyInfo, metricFamilies } from '@xai/core';
import { methods } from '@xai/methods';
import { metrics } from '@xai/metrics';

export const begin = '<!-- begin generated: family-lists.mjs -->';
export const end = '<!-- end generated -->';
const root = new URL('../../../', import.meta.url);
const file = (p) => fileURLToPath(new URL(p, root));

/** Each family's descriptors, families in their order, empty ones left out. */
const groups = (families, items) =>
  families
    .map((family) => ({ family, items: items.filter((d) => d.family === family) }))
    .filter((g) => g.items.length > 0);

const byFamily = (families, items) =>
  groups(families, items)
    .map(
      ({ family, items }) =>
        `  - ${family} (${items.length}): ${items.map((d) => `\`${d.name}\``).join(', ')}`,
    )
    .join('\n');

/** The README's block: the methods and the metrics, each by family. */
export function familyLists() {
  return `${begin}
- ${methods.length} attribution methods, by family (\`xai methods\` lists them with their
  papers and defaults):
${byFamily(methodFamilies, methods)}
- ${metrics.length} metrics, by family as in Quantus (\`xai metrics\` lists them with their
  direction):
${byFamily(metricFamilies, metrics)}
${end}`;
}

/** The methods index page's block: a heading a family, its description, its methods' pages. */
export function methodFamilyList() {
  const sections = groups(methodFamilies, methods).map(
    ({ family, items }) =>
      `### ${methodFamilyInfo[family].title} (\`${family}\`)\n\n${methodFamilyInfo[family].description}\n\n${items.map((m) => `- [${m.title}](./${m.name}.md) (\`${m.name}\`): ${m.summary}`).join('\n')}`,
  );
  return `${begin}\n${sections.join('\n\n')}\n${end}`;
}

/** Each generated page with the block it holds. */
export const pages = [
  { file: file('README.md'), block: familyLists },
  { file: file('docs/guide/getting-started.md'), block: familyLists },
  { file: file('docs/methods/index.md'), block: methodFamilyList },
];
export const pageFiles = pages.map((p) => p.file);

/** `text` with its generated block replaced, or an error naming the file without one. */
export function withLists(text, file, block = familyLists) {
  const a = text.indexOf(begin);
  const b = text.indexOf(end, a);
  if (a < 0 || b < 0) throw new Error(`Expected the markers ${begin} ... ${end} in ${file}.`);
  return `${text.slice(0, a)}${block()}${text.slice(b + end.length)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let stale = 0;
  for (const { file, block } of pages) {
    const text = readFileSync(file, 'utf8');
    const next = withLists(text, file, block);
    if (next === text) continue;
    stale++;
    if (process.argv.includes('--write')) writeFileSync(file, next);
    else console.error(`stale: ${file}`);
  }
  if (stale && !process.argv.includes('--write')) process.exit(1);
}
