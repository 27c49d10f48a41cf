/// <reference lib="dom" />
/**
 * What a reader sees at 1280 px, in headless Chromium: a method page and a results page
 * whose code blocks (the papers' formulas among them) fit the column, whose images load,
 * and whose top menu marks the right section; and the gallery `xai demo` writes, with
 * its images loaded and a colour bar on every row. Needs the built site and CLI, and
 * Debian's chromium (scripts/ensure-chromium.sh); skips without chromium outside CI.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Browser, type Page, chromium as playwright } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSite } from '../scripts/serve-site.mjs';
import { browserRequired, findChromium } from './browser/find-chromium.js';

const distDir = fileURLToPath(new URL('../dist', import.meta.url));
const cli = fileURLToPath(new URL('../../cli/dist/bin.js', import.meta.url));
const executablePath = findChromium();
const required = browserRequired();

/** What overflows or fails to load on the page as shown. */
async function layout(page: Page) {
  return page.evaluate(() => ({
    pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    codeOverflow: Array.from(document.querySelectorAll('main div[class*="language-"] pre'))
      .filter((p) => p.scrollWidth > p.clientWidth + 1)
      .map((p) => (p.textContent ?? '').slice(0, 60)),
    codeBlocks: document.querySelectorAll('main div[class*="language-"] pre').length,
    images: Array.from(document.querySelectorAll('main img')).map((i) => ({
      src: (i as HTMLImageElement).src,
      loaded: (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0,
    })),
    active: Array.from(document.querySelectorAll('.VPNavBarMenuLink.active')).map((a) =>
      (a.textContent ?? '').trim(),
    ),
  }));
}

describe.skipIf(!executablePath && !required)('layout at 1280 px in headless Chromium', () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof serveSite>>;

  beforeAll(async () => {
    if (!executablePath) throw new Error('No Chromium: run bash scripts/ensure-chromium.sh.');
    if (!existsSync(path.join(distDir, 'index.html')))
      throw new Error(`${distDir} does not exist: build the site first (npm run docs).`);
    site = await serveSite(distDir);
    browser = await playwright.launch({ executablePath, args: ['--no-sandbox'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  const open = async (url: string) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const response = await page.goto(url, { waitUntil: 'load' });
    expect(response === null || response.status() === 200).toBe(true);
    return page;
  };

  it('a method page: formulas and code fit the column, gallery loaded, Methods marked', async () => {
    const page = await open(`${site.origin}/methods/isa`);
    const l = await layout(page);
    expect(l.codeBlocks).toBeGreaterThan(0);
    expect(l.codeOverflow).toEqual([]);
    expect(l.pageOverflow).toBeLessThanOrEqual(0);
    expect(l.images.length).toBeGreaterThan(0);
    expect(l.images.filter((i) => !i.loaded)).toEqual([]);
    expect(l.active).toEqual(['Methods']);
    await page.close();
  }, 60_000);

  it('a results page: tables in their box, Results (not Metrics) marked', async () => {
    const page = await open(`${site.origin}/results/isa-tables`);
    const l = await layout(page);
    expect(l.codeOverflow).toEqual([]);
    expect(l.pageOverflow).toBeLessThanOrEqual(0);
    expect(l.images.filter((i) => !i.loaded)).toEqual([]);
    expect(l.active).toEqual(['Results']);
    // Numbers stay on one line in the results tables.
    const wrapped = await page.$$eval(
      'main table td',
      (tds) =>
        tds.filter((td) => td.getClientRects().length > 0 && (td as HTMLElement).offsetHeight > 40)
          .length,
    );
    expect(wrapped).toBe(0);
    await page.close();
  }, 60_000);

  it('the demo gallery: every image loaded, a colour bar per row, the scores beside the maps', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'xai-demo-gallery-'));
    execFileSync(process.execPath, [cli, 'demo', '--out', out, '--quiet'], { stdio: 'ignore' });
    const page = await open(pathToFileURL(path.join(out, 'index.html')).href);
    const shown = await page.evaluate(() => ({
      images: Array.from(document.querySelectorAll('img')).map(
        (i) => i.complete && i.naturalWidth > 0,
      ),
      sections: document.querySelectorAll('main > section').length,
      bars: Array.from(document.querySelectorAll('svg.colour-bar')).map((s) => {
        const r = s.getBoundingClientRect();
        return r.width > 0 && r.height > 0;
      }),
      scores: document.querySelectorAll('.scores').length,
      explained: document.querySelector('.explain h2')?.textContent,
    }));
    expect(shown.images.length).toBeGreaterThan(30);
    expect(shown.images.every(Boolean)).toBe(true);
    expect(shown.bars.length).toBeGreaterThan(0);
    expect(shown.bars.every(Boolean)).toBe(true);
    // Per model: 3 inputs, and per method row 3 maps with their scores and one colour bar.
    expect(shown.sections).toBe(3);
    expect(shown.scores).toBe(3 * shown.bars.length);
    expect(shown.images.length).toBe(shown.scores + 3 * shown.sections);
    expect(shown.explained).toBe('What am I looking at?');
    const shot = await page.screenshot({ fullPage: false });
    expect(shot.length).toBeGreaterThan(10_000);
    await page.close();
  }, 180_000);
});
