// The generated part of each method page (docs/methods/<name>.md): the defaults, read from
// the method's registry entry, and the gallery of heatmaps that make-gallery.mjs drew.
// `--write` updates every page between its markers; without it, prints nothing and exits
// 1 when a page is stale (the docs test runs the same comparison).
//
//   node apps/docs/scripts/method-pages.mjs [--write]
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { classNames, loadFixtureLabels } from '@xai/fixtures';
import { methods } from '@xai/methods';
import { galleryImages, galleryModels, gallerySamples } from './gallery-layout.mjs';

export const begin = '<!-- begin generated: method-pages.mjs -->';
export const end = '<!-- end generated -->';
export const pagesDir = fileURLToPath(new URL('../../../docs/methods/', import.meta.url));

// `normalization` is the context's `domain` under its former name (kept as an alias).
const code = (v, k) =>
  k === 'normalization'
    ? 'deprecated: pass the input `domain` in the context'
    : v === undefined
      ? '(none: see below)'
      : `\`${JSON.stringify(v)}\``;

const methodsSrc = fileURLToPath(new URL('../../../packages/methods/src/', import.meta.url));

/** Where `method` is written, under its family's folder (one file per method). */
function sourceFile(method) {
  const file = readdirSync(methodsSrc, { recursive: true }).find(
    (f) => f.replaceAll('\\', '/').split('/').at(-1) === `${method.name}.ts`,
  );
  if (!file)
    throw new Error(`Expected packages/methods/src/**/${method.name}.ts for '${method.name}'.`);
  return `packages/methods/src/${file.replaceAll('\\', '/')}`;
}

/** The generated section of the page of `method`. */
export function generatedSection(method) {
  const { authors, title, venue, year } = method.paper;
  const options = Object.entries(method.defaults);
  const defaults = options.length
    ? `| option | default |\n| --- | --- |\n${options.map(([k, v]) => `| \`${k}\` | ${code(v, k)} |`).join('\n')}`
    : 'The method has no options of its own.';
  const labels = loadFixtureLabels();
  const names = galleryImages();
  // Inputs are 28 x 28 drawn at 112; heatmaps are xai explain's figures (a 224 px map
  // with its colour bar, 320 x 240) drawn at half size, so both maps are 112 px.
  const cell = (src, alt, pixelated) =>
    pixelated
      ? `<td><img src="${src}" alt="${alt}" width="112" height="112" style="image-rendering: pixelated"></td>`
      : `<td><img src="${src}" alt="${alt}" width="160" height="120"></td>`;
  const header = gallerySamples.map((s) => `<th>${classNames[labels[s]]}</th>`).join('');
  const rows = [
    `<tr><th>input</th>${names.map((n) => cell(`/gallery/inputs/${n}`, `input ${n}`, true)).join('')}</tr>`,
    ...galleryModels.map(
      ([model, label]) =>
        `<tr><th>${label}</th>${names.map((n) => cell(`/gallery/${model}/${method.name}/${n}`, `${method.name} on the ${label}, ${n}`, false)).join('')}</tr>`,
    ),
  ];
  return `${begin}

## Defaults

From ${authors}, _${title}_, ${venue} ${year}; the source file
(\`${sourceFile(method)}\`) gives each option's source in a one-line comment.
Any option can be set in code or with \`xai explain --set key=value\`.

${defaults}

## Gallery

The map of the predicted class on three fixture images, with both
[fixture models](../fixtures.md), at the defaults above and seed 1, drawn by
\`xai explain --heatmaps\` as Captum's \`visualize_image_attr\` draws a heat map:
absolute values summed over channels, the largest values holding 2% of the total clipped,
inferno, with the colour bar in the method's units. Made by
\`node apps/docs/scripts/make-gallery.mjs\`.

<table class="xai-gallery">
<thead><tr><th></th>${header}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>

${end}`;
}

/** `text` with its generated section replaced by `section`. */
export function replaceSection(text, section, page) {
  const a = text.indexOf(begin);
  const b = text.indexOf(end, a);
  if (a < 0 || b < a) throw new Error(`${page} has no '${begin}' ... '${end}' section`);
  return text.slice(0, a) + section + text.slice(b + end.length);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let stale = 0;
  for (const method of methods) {
    const page = `${pagesDir}${method.name}.md`;
    const text = readFileSync(page, 'utf8');
    const next = replaceSection(text, generatedSection(method), page);
    if (next === text) continue;
    stale++;
    if (process.argv.includes('--write')) writeFileSync(page, next);
    else console.error(`stale: ${page}`);
  }
  if (stale && !process.argv.includes('--write')) process.exit(1);
}
