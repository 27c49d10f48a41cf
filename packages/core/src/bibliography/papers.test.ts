import { describe, expect, it } from 'vitest';
import { papers } from './papers.js';

const entries = Object.entries(papers);

describe('the bibliography', () => {
  it('gives every entry its own key as id', () => {
    for (const [key, paper] of entries) expect(paper.id).toBe(key);
  });

  it('holds each paper once: no two entries share a title or a link', () => {
    const titles = entries.map(([, p]) => p.title.toLowerCase());
    expect(new Set(titles).size).toBe(titles.length);
    const urls = entries.flatMap(([, p]) => (p.url ? [p.url] : []));
    expect(new Set(urls).size).toBe(urls.length);
  });

  it('has complete entries with links of one form (arXiv abstract, DOI or PMLR page)', () => {
    for (const [, p] of entries) {
      expect(p.authors.length).toBeGreaterThan(0);
      expect(p.title.length).toBeGreaterThan(0);
      expect(p.venue.length).toBeGreaterThan(0);
      expect(Number.isInteger(p.year) && p.year >= 1990 && p.year <= 2030).toBe(true);
      if (p.url !== undefined)
        expect(p.url).toMatch(
          /^https:\/\/(arxiv\.org\/abs\/\d{4}\.\d{4,5}|doi\.org\/10\.\S+|proceedings\.mlr\.press\/v\d+\/\w+\.html)$/,
        );
    }
  });

  it('links every entry except the one whose copy here has no title page', () => {
    // The invariant-perturbation paper's text starts at its abstract: no authors, no venue.
    const unlinked = entries.filter(([, p]) => p.url === undefined).map(([id]) => id);
    expect(unlinked).toEqual(['maximalInvariantPerturbation']);
  });

  it('is frozen, so no descriptor edits a shared entry', () => {
    expect(Object.isFrozen(papers.sundararajan2017)).toBe(true);
  });
});
