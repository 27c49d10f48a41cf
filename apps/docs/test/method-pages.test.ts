/**
 * One page per registered method: a new method without its page, its example, its gallery
 * images or an up-to-date generated section fails here. The examples run on a fixture.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Tensor } from '@xai/core';
import { fixtureModelPath, loadFixtureInputs } from '@xai/fixtures';
import { methods } from '@xai/methods';
import { describe, expect, it } from 'vitest';

const docs = fileURLToPath(new URL('../../../docs/', import.meta.url));
const script = fileURLToPath(new URL('../scripts/method-pages.mjs', import.meta.url));
const page = (name: string) => path.join(docs, 'methods', `${name}.md`);
const example = (name: string) => path.join(docs, 'examples', 'methods', `${name}.ts`);

describe('method pages', () => {
  it('every registered method has a page and an example', () => {
    const missing = methods
      .flatMap((m) => [page(m.name), example(m.name)])
      .filter((f) => !existsSync(f))
      .map((f) => path.relative(docs, f));
    expect(
      missing,
      'write them as docs/methods/saliency.md and docs/examples/methods/saliency.ts are, then run node apps/docs/scripts/make-gallery.mjs --methods <name> and node apps/docs/scripts/method-pages.mjs --write',
    ).toEqual([]);
  });

  it('every page has the sections the issue asks for and includes its example', () => {
    for (const m of methods) {
      const text = readFileSync(page(m.name), 'utf8');
      for (const heading of [
        '## Formula',
        '## Cost in model passes',
        '## When to use it',
        '## Example',
        '## Defaults',
        '## Gallery',
      ])
        expect(text, `${m.name}.md: ${heading}`).toContain(heading);
      expect(text).toContain(`<<< @/examples/methods/${m.name}.ts`);
    }
  });

  it('every page shows gallery images that exist, for both fixture models', () => {
    for (const m of methods) {
      const text = readFileSync(page(m.name), 'utf8');
      const images = [...text.matchAll(/<img src="(\/gallery\/[^"]+)"/g)].map((x) => x[1]!);
      const own = images.filter((src) => src.includes(`/${m.name}/`));
      expect(
        own.filter((s) => s.startsWith('/gallery/cnn/')),
        m.name,
      ).toHaveLength(3);
      expect(
        own.filter((s) => s.startsWith('/gallery/resnet/')),
        m.name,
      ).toHaveLength(3);
      for (const src of images) {
        const file = path.join(docs, 'public', src);
        expect(
          existsSync(file),
          `${src} (node apps/docs/scripts/make-gallery.mjs --methods ${m.name})`,
        ).toBe(true);
        expect(statSync(file).size).toBeGreaterThan(100);
        expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
      }
    }
  });

  it('the generated sections are up to date (node apps/docs/scripts/method-pages.mjs --write)', () => {
    expect(() => execFileSync(process.execPath, [script], { stdio: 'pipe' })).not.toThrow();
  });

  it('every example runs on a fixture image and returns a finite map shaped like it', async () => {
    const inputs = loadFixtureInputs();
    const x: Tensor = { data: inputs.data.slice(0, 784), shape: [1, 1, 28, 28] };
    for (const m of methods) {
      const mod = (await import(pathToFileURL(example(m.name)).href)) as {
        explain(modelPath: string, images: Tensor): Promise<Tensor>;
      };
      const a = await mod.explain(fixtureModelPath('cnn'), x);
      expect(a.shape, m.name).toEqual(x.shape);
      expect(a.data.every(Number.isFinite), `${m.name}: finite`).toBe(true);
    }
  }, 300_000);
});
