/// <reference lib="dom" />
/**
 * The built site (apps/docs/dist) in headless Chromium, driven by playwright-core: a method
 * page renders with its gallery images loaded, the sidebar navigates (client-side) to
 * real pages, and every page reachable from the home page loads, with its links and
 * images, as a browser sees them. Debian's `chromium` comes from scripts/ensure-chromium.sh
 * (run by `npm run setup`); without it the test skips outside CI and fails in CI.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page, chromium as playwright } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSite } from '../scripts/serve-site.mjs';
import { browserRequired, findChromium } from './browser/find-chromium.js';

const distDir = fileURLToPath(new URL('../dist', import.meta.url));
const executablePath = findChromium();
const required = browserRequired();
const missing =
  "No Chromium for the docs' browser test: looked at XAI_CHROMIUM and for chromium, chromium-browser and google-chrome on the PATH. Install it with 'bash scripts/ensure-chromium.sh' (apt-get install -y chromium) or point XAI_CHROMIUM at one.";

if (!executablePath && !required) console.warn(`skipping the browser test: ${missing}`);

/** What a page shows after it has loaded: its links, its images, whether it is the 404 page. */
async function inspect(page: Page) {
  return page.evaluate(() => ({
    notFound: document.querySelector('.NotFound') !== null,
    // The heading without its permalink anchor (a zero-width space).
    title: (document.querySelector('main h1')?.textContent ?? '')
      .replace(/[\u200b\s]+/g, ' ')
      .trim(),
    links: Array.from(document.querySelectorAll('a[href]')).map(
      (a) => (a as HTMLAnchorElement).href,
    ),
    images: Array.from(document.querySelectorAll('img')).map((i) => ({
      src: i.currentSrc || i.src,
      loaded: i.complete && i.naturalWidth > 0,
    })),
  }));
}

/** The absolute URLs of the `href`s in an HTML document (read as served, not rendered). */
function hrefsIn(html: string, base: string): string[] {
  return [...html.matchAll(/<a\s[^>]*?href="([^"]*)"/g)].map(
    (m) => new URL(m[1]!.replace(/&amp;/g, '&'), base).href,
  );
}

describe.skipIf(!executablePath && !required)('the built site in headless Chromium', () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof serveSite>>;
  const errors: string[] = [];

  beforeAll(async () => {
    if (!executablePath) throw new Error(missing);
    if (!existsSync(path.join(distDir, 'index.html')))
      throw new Error(
        `${distDir} does not exist: build the site first (npx turbo run build --filter=xai-docs).`,
      );
    site = await serveSite(distDir);
    // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    browser = await playwright.launch({ executablePath, args: ['--no-sandbox'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  const newPage = async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
    return page;
  };

  it('renders a method page with its gallery images loaded', async () => {
    const page = await newPage();
    const response = await page.goto(`${site.origin}/methods/saliency`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    const shown = await inspect(page);
    expect(shown.notFound).toBe(false);
    expect(shown.title).toBe('Saliency');
    const gallery = await page.$$eval('.xai-gallery img', (imgs) =>
      imgs.map((i) => ({
        src: (i as HTMLImageElement).src,
        width: (i as HTMLImageElement).naturalWidth,
      })),
    );
    // Three inputs and three heatmaps for each of the two fixture models.
    expect(gallery).toHaveLength(9);
    expect(gallery.filter((g) => !(g.width > 0))).toEqual([]);
    expect(gallery.filter((g) => g.src.includes('/gallery/resnet/saliency/'))).toHaveLength(3);
    // The example is the real file, included and highlighted.
    expect(await page.locator('main div[class*="language-ts"]').first().textContent()).toContain(
      'saliency.explain(',
    );
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('navigates every sidebar link to a page that exists, client-side', async () => {
    const page = await newPage();
    // Open the collapsed groups (every method, the API by package) so their links show.
    const openSidebar = async () => {
      await page.goto(`${site.origin}/methods/`, { waitUntil: 'load' });
      for (let open = 0; open < 20; open++) {
        const closed = page.locator('.VPSidebar .VPSidebarItem.collapsed > .item').first();
        if ((await closed.count()) === 0) break;
        await closed.click();
      }
    };
    await openSidebar();
    const hrefs = await page.$$eval('.VPSidebar a.VPLink[href]', (as) =>
      as.map((a) => a.getAttribute('href')!),
    );
    expect(hrefs.length).toBeGreaterThan(40);
    const failures: string[] = [];
    for (const href of hrefs) {
      await page.locator(`.VPSidebar a.VPLink[href="${href}"]`).first().click();
      await page.waitForURL((u) => u.pathname === href, { timeout: 10_000 });
      await page.waitForLoadState('load');
      const shown = await inspect(page);
      if (shown.notFound || shown.title === '') {
        failures.push(`${href}: ${shown.notFound ? 'the 404 page' : 'no title'}`);
        await openSidebar(); // the 404 page has no sidebar
      }
    }
    expect(failures).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);

  it('loads every page reachable from the home page, with no broken link or image', async () => {
    const page = await newPage();
    const seen = new Set<string>(['/']);
    const queue = ['/'];
    const broken: string[] = [];
    const links: string[] = [];
    const follow = () => {
      for (const link of links.splice(0)) {
        const url = new URL(link);
        if (url.origin !== site.origin || seen.has(url.pathname)) continue;
        seen.add(url.pathname);
        queue.push(url.pathname);
      }
    };
    for (;;) {
      follow();
      const at = queue.shift();
      if (at === undefined) break;
      // The API reference is hundreds of generated pages of text: fetch those and read their
      // links from the HTML (10x faster); render the written pages, sidebar and all.
      if (at.startsWith('/api/')) {
        const response = await page.request.get(`${site.origin}${at}`);
        if (response.status() !== 200) broken.push(`${at}: ${response.status()}`);
        else links.push(...hrefsIn(await response.text(), `${site.origin}${at}`));
        continue;
      }
      const response = await page.goto(`${site.origin}${at}`, { waitUntil: 'load' });
      const shown = await inspect(page);
      if (response?.status() !== 200 || shown.notFound) {
        broken.push(`${at}: ${response?.status()}${shown.notFound ? ' (404 page)' : ''}`);
        continue;
      }
      for (const img of shown.images) if (!img.loaded) broken.push(`${at}: image ${img.src}`);
      links.push(...shown.links);
    }
    expect(broken).toEqual([]);
    // The crawl reached the method pages and the generated API reference.
    expect([...seen]).toEqual(expect.arrayContaining(['/methods/saliency', '/api/', '/api/core/']));
    expect(errors).toEqual([]);
    await page.close();
  }, 600_000);
});
