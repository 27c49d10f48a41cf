/**
 * VitePress configuration for the xai documentation site.
 *
 * The site's sources are the Markdown files in the repository's `docs/` folder; this
 * package (apps/docs) holds only the tooling, so `docs/` never collects build output:
 * the cache goes to apps/docs/.vitepress/cache and the site to apps/docs/dist.
 *
 * The build must work with no network: local search (MiniSearch, built into VitePress),
 * the default theme's self-hosted fonts, no remote <head> assets, no analytics.
 */
import { fileURLToPath } from 'node:url';
import { methods } from '@xai/methods';
import { type DefaultTheme, defineConfig } from 'vitepress';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const srcDir = here('../../../docs');

const sidebar: DefaultTheme.Sidebar = [
  {
    text: 'Guide',
    items: [
      { text: 'Getting started', link: '/guide/getting-started' },
      { text: 'Architecture', link: '/guide/architecture' },
      { text: 'Errors', link: '/guide/errors' },
      { text: 'Evaluating at scale', link: '/guide/evaluating-at-scale' },
      { text: 'Random numbers', link: '/rng' },
      { text: 'Kernels', link: '/kernels' },
      { text: 'Fixtures', link: '/fixtures' },
    ],
  },
  {
    text: 'Methods',
    items: [
      { text: 'Overview', link: '/methods/' },
      { text: 'The paper methods', link: '/methods/papers' },
      { text: 'Path and boundary methods', link: '/methods/path-and-boundary' },
      { text: 'NoiseGrad and FusionGrad', link: '/methods/weight-noise' },
      { text: 'Backward-rule methods', link: '/methods/backward-rules' },
    ],
  },
  {
    // One page per registered method, from the registry itself, so a new method shows
    // up here (and its missing page fails the build's dead-link check).
    text: 'Every method',
    collapsed: true,
    items: methods.map((m) => ({ text: m.title, link: `/methods/${m.name}` })),
  },
  {
    text: 'Metrics',
    items: [{ text: 'Overview', link: '/metrics/' }],
  },
  {
    text: 'Results',
    items: [
      { text: 'Overview', link: '/results/' },
      { text: 'ISA tables 1-2', link: '/results/isa-tables' },
      { text: 'I-GOS tables 1-2', link: '/results/i-gos-tables' },
      { text: 'AdaptGrad tables 1-2', link: '/results/adapt-grad-tables' },
      { text: 'CASO figure 1', link: '/results/caso-figure-1' },
      { text: 'Invariant-perturbation figure 1', link: '/results/invariant-perturbation-figure-1' },
    ],
  },
  {
    text: 'Reference',
    items: [
      { text: 'Backends', link: '/backends' },
      { text: 'ONNX op coverage', link: '/op-coverage' },
      { text: 'CLI', link: '/cli' },
      { text: 'API', link: '/api/' },
    ],
  },
  {
    // Generated from the TSDoc comments by TypeDoc at build time (typedoc/typedoc.json).
    text: 'API by package',
    collapsed: true,
    items: ['core', 'methods', 'metrics', 'backend-onnx', 'backend-cuda', 'fixtures'].map((p) => ({
      text: `@xai/${p}`,
      link: `/api/${p}/`,
    })),
  },
];

export default defineConfig({
  title: 'xai',
  description:
    'Attribution maps and faithfulness metrics for ONNX image classifiers, from Node.js: no Python at run time.',
  lang: 'en-US',
  base: '/',
  srcDir,
  outDir: here('../dist'),
  cacheDir: here('./cache'),
  cleanUrls: true,
  // Dead links fail the build (VitePress's own check of Markdown links; test/site.test.ts
  // checks every href in the built HTML, nav and sidebar included).
  ignoreDeadLinks: false,
  lastUpdated: false,
  vite: {
    plugins: [
      {
        // The pages live in docs/, outside this package, and Node resolution from there
        // finds no `vue` (a dependency of apps/docs, not of the repository root). Resolve
        // what the compiled pages import (`vue`, `vue/server-renderer`, `@vue/*`) as if
        // it were imported from this package.
        name: 'xai-docs:resolve-vue-from-app',
        enforce: 'pre',
        async resolveId(id, importer, options) {
          if (!importer?.startsWith(`${srcDir}/`)) return null;
          if (id !== 'vue' && !id.startsWith('vue/') && !id.startsWith('@vue/')) return null;
          return this.resolve(id, here('../package.json'), { ...options, skipSelf: true });
        },
      },
    ],
  },
  // Results and benchmark pages hold wide tables of numbers: theme/custom.css keeps
  // their cells on one line (the table scrolls in its box instead).
  transformPageData(page) {
    if (/^(results|benchmarks)\//.test(page.relativePath))
      page.frontmatter = { pageClass: 'tables-page', ...page.frontmatter };
  },
  themeConfig: {
    nav: [
      {
        text: 'Guide',
        link: '/guide/getting-started',
        activeMatch: '^/(guide/|rng|kernels|fixtures)',
      },
      { text: 'Methods', link: '/methods/', activeMatch: '^/methods/' },
      { text: 'Metrics', link: '/metrics/', activeMatch: '^/metrics/' },
      { text: 'Results', link: '/results/', activeMatch: '^/(results|benchmarks)/' },
      { text: 'Backends', link: '/backends' },
      { text: 'CLI', link: '/cli' },
      { text: 'API', link: '/api/', activeMatch: '^/api/' },
    ],
    sidebar,
    search: { provider: 'local' },
    outline: { level: [2, 3] },
    footer: {
      message: 'Released under the MIT licence.',
    },
  },
});
