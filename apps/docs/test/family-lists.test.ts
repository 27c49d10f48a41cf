/**
 * The README lists every method and every metric, and the methods index page every method,
 * under the family each descriptor declares; the lists are generated, and a stale one fails
 * here. The sidebar's groups are built from the same registries and families.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { methodFamilies, methodFamilyInfo, metricFamilies } from '@xai/core';
import { methods } from '@xai/methods';
import { metrics } from '@xai/metrics';
import { describe, expect, it } from 'vitest';
import { methodSidebar, metricSidebar } from '../.vitepress/family-sidebar.js';

const script = new URL('../scripts/family-lists.mjs', import.meta.url).pathname;
const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const index = readFileSync(new URL('../../../docs/methods/index.md', import.meta.url), 'utf8');

describe("the README's and the methods index page's lists", () => {
  it('are up to date (family-lists.mjs --write)', () => {
    expect(() => execFileSync(process.execPath, [script], { stdio: 'pipe' })).not.toThrow();
  });

  it('name each method and metric once in the README, each under its own family', () => {
    for (const d of [...methods, ...metrics]) {
      const line = readme
        .split('\n')
        .find((l) => l.includes(`\`${d.name}\``) && l.startsWith('  - '));
      expect(line, d.name).toMatch(new RegExp(`^  - ${d.family} \\(\\d+\\): `));
      expect(readme.split(`\`${d.name}\``).length - 1, d.name).toBe(1);
    }
  });

  it("link each method's page once on the index page, under its family's heading", () => {
    const headings = [...index.matchAll(/^### (.+) \(`([a-z-]+)`\)$/gm)];
    expect(headings.map((h) => h[2])).toEqual(methodFamilies);
    for (const [i, h] of headings.entries()) {
      expect(h[1]).toBe(methodFamilyInfo[h[2] as keyof typeof methodFamilyInfo].title);
      const section = index.slice(h.index, headings[i + 1]?.index ?? index.length);
      const linked = [...section.matchAll(/^- \[[^\]]+\]\(\.\/([a-z0-9-]+)\.md\)/gm)].map(
        (m) => m[1],
      );
      expect(linked, h[2]).toEqual(methods.filter((m) => m.family === h[2]).map((m) => m.name));
    }
  });
});

describe("the sidebar's family groups", () => {
  it('hold every registered method once, under its family, in the families and registry order', () => {
    const groups = methodSidebar();
    const want = methodFamilies
      .filter((f) => methods.some((m) => m.family === f))
      .map((f) => ({
        text: methodFamilyInfo[f].title,
        items: methods
          .filter((m) => m.family === f)
          .map((m) => ({ text: m.title, link: `/methods/${m.name}` })),
      }));
    expect(groups).toEqual(want);
    const links = groups.flatMap((g) => g.items ?? []).map((i) => i.link);
    expect(links.sort()).toEqual(methods.map((m) => `/methods/${m.name}`).sort());
  });

  it('hold every registered metric once, under its family', () => {
    const groups = metricSidebar();
    expect(groups.map((g) => g.text)).toEqual(
      metricFamilies.filter((f) => metrics.some((m) => m.family === f)),
    );
    for (const g of groups) {
      for (const item of g.items ?? []) {
        const metric = metrics.find((m) => `/metrics/${m.name}` === item.link);
        expect(metric?.family, item.link).toBe(g.text);
      }
    }
    expect(groups.flatMap((g) => g.items ?? []).length).toBe(metrics.length);
  });
});
