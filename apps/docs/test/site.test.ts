/**
 * The built site (apps/docs/dist) against its sources (docs/): every Markdown page was
 * built, and every internal link in the HTML, nav and sidebar included, resolves to a
 * built file. Run after the build: turbo's `test` task depends on `build`.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLinks, extractLinks, isExternal, listFiles, resolveLink } from './link-check.js';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const srcDir = path.resolve(appDir, '../../docs');
const distDir = path.join(appDir, 'dist');

const notBuilt = `${distDir} does not exist: build the site first (cd apps/docs && npm run build, or from the root: npx turbo run build --filter=xai-docs).`;

describe('the link checker', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'xai-docs-links-'));
    const write = (rel: string, body: string) => {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), body);
    };
    write(
      'index.html',
      `<!doctype html><html><head>
        <link rel="stylesheet" href="/assets/style.css">
        <script type="module" src="/assets/app.js"></script>
      </head><body>
        <a href="/guide/intro">clean URL</a>
        <a href="guide/">folder with index</a>
        <a href="./guide/intro#usage">with hash</a>
        <a href='/guide/intro.html?x=1&amp;y=2'>explicit .html, query, entity</a>
        <a href="/a%20b">encoded space</a>
        <a href="#top">same page</a>
        <a href="?q=1">same page, query</a>
        <a href="https://example.com/missing">external</a>
        <a href="mailto:someone@example.com">mail</a>
        <a href="//cdn.example.com/x.js">protocol-relative</a>
        <pre><code>&lt;a href="/in-a-code-block"&gt;</code></pre>
        <a href="/missing">BROKEN: no such page</a>
        <a href="/assets/gone.css">BROKEN: no such asset</a>
      </body></html>`,
    );
    write(
      'guide/intro.html',
      `<a href="../">up</a>
       <a href="..">up, no slash</a>
       <a href="/">home</a>
       <a href="./other">BROKEN: guide/other</a>
       <a href="/guide">BROKEN: a folder without its slash</a>
       <a href="/../../etc/passwd">BROKEN: outside the root</a>`,
    );
    write('guide/index.html', '<a href="intro">sibling</a>');
    write('a b.html', '<p>a page with a space</p>');
    write('assets/style.css', '');
    write('assets/app.js', '');
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('finds the broken links, and only those', () => {
    const report = checkLinks(root);
    expect(report.pages).toBe(4);
    expect(report.broken.map(({ page, href }) => `${page} -> ${href}`).sort()).toEqual(
      [
        'guide/intro.html -> ./other',
        'guide/intro.html -> /guide',
        'guide/intro.html -> /../../etc/passwd',
        'index.html -> /assets/gone.css',
        'index.html -> /missing',
      ].sort(),
    );
    expect(report.broken.find((b) => b.href === '/../../etc/passwd')?.resolved).toBe(
      'outside the site root',
    );
  });

  it('reads href and src from tags only, decoding entities', () => {
    expect(
      extractLinks(`<a class="x" href="/a?b=1&amp;c=2">t</a><img src='i.png'><p>href="/nope"</p>`),
    ).toEqual(['/a?b=1&c=2', 'i.png']);
  });

  it('resolves relative to the page and treats schemes as external', () => {
    expect(resolveLink('guide/intro.html', '../methods/#x')).toBe('methods/');
    expect(resolveLink('guide/intro.html', 'errors')).toBe('guide/errors');
    expect(resolveLink('guide/intro.html', '#x')).toBeNull();
    expect(isExternal('https://example.com')).toBe(true);
    expect(isExternal('/guide/intro')).toBe(false);
  });
});

describe('the built site', () => {
  it('exists', () => {
    expect(existsSync(path.join(distDir, 'index.html')), notBuilt).toBe(true);
  });

  it('has a page for every Markdown file in docs/', () => {
    expect(existsSync(distDir), notBuilt).toBe(true);
    const sources = listFiles(
      srcDir,
      (f) => f.endsWith('.md'),
      (d) => d === '.vitepress' || d === 'public' || d.endsWith('node_modules'),
    );
    expect(sources).toContain('index.md');
    const missing = sources
      .map((md) => md.replace(/\.md$/, '.html'))
      .filter((html) => !existsSync(path.join(distDir, html)));
    expect(missing, 'pages not built (is dist stale? rebuild the site)').toEqual([]);
  });

  it('has no broken internal links', () => {
    expect(existsSync(distDir), notBuilt).toBe(true);
    const report = checkLinks(distDir);
    expect(report.pages).toBeGreaterThan(1);
    expect(report.links).toBeGreaterThan(report.pages);
    expect(report.broken).toEqual([]);
  });

  it('was built with local search and clean URLs', () => {
    expect(existsSync(distDir), notBuilt).toBe(true);
    const assets = listFiles(path.join(distDir, 'assets'), () => true);
    expect(
      assets.some((f) => /localSearchIndex/.test(f)),
      'a local search index in dist/assets',
    ).toBe(true);
    const home = extractLinks(readFileSync(path.join(distDir, 'index.html'), 'utf8'));
    expect(home).toContain('/guide/getting-started');
    expect(
      home.some((h) => /\.html(#|$)/.test(h) && !isExternal(h)),
      'no .html in internal links',
    ).toBe(false);
  });
});
