/**
 * The bibliography page is generated from core's `papers` and the registries: a new entry,
 * a changed one or a new citation without the page regenerated fails here.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { papers } from '@xai/core';
import { methods } from '@xai/methods';
import { metrics } from '@xai/metrics';
import { describe, expect, it } from 'vitest';

const script = new URL('../scripts/bibliography-page.mjs', import.meta.url).pathname;

describe('the bibliography page', () => {
  it('is up to date (node apps/docs/scripts/bibliography-page.mjs --write)', () => {
    expect(() => execFileSync(process.execPath, [script], { stdio: 'pipe' })).not.toThrow();
  });

  it('lists every entry once, and every entry is cited by some method or metric', () => {
    const page = readFileSync(new URL('../../../docs/bibliography.md', import.meta.url), 'utf8');
    for (const p of Object.values(papers)) {
      expect(page.split(`_${p.title}_`).length - 1, p.id).toBe(1);
    }
    const cited = new Set([...methods, ...metrics].map((d) => d.paper.id));
    expect(Object.keys(papers).filter((id) => !cited.has(id))).toEqual([]);
  });
});
