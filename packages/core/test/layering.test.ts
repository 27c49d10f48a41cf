/**
 * The package layering of DESIGN.md, checked on the sources: methods and metrics import
 * only @xai/core, and core imports nothing at all outside itself (no Node built-ins), so
 * algorithms never know which backend runs them and core runs in any JavaScript engine.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packagesDir = fileURLToPath(new URL('../../', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|mts|js|mjs)$/.test(name) ? [p] : [];
  });
}

/** Every module specifier a file imports or re-exports, static or dynamic. */
function importsOf(source: string): string[] {
  const found = new Set<string>();
  const patterns = [
    /\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) found.add(m[1]!);
  return [...found];
}

function violations(pkg: string, allowed: (spec: string, file: string) => boolean): string[] {
  const dir = join(packagesDir, pkg, 'src');
  return sourceFiles(dir).flatMap((file) =>
    importsOf(readFileSync(file, 'utf8'))
      .filter((spec) => !spec.startsWith('.') && !allowed(spec, file))
      .map((spec) => `${relative(packagesDir, file)} imports '${spec}'`),
  );
}

const isTestCode = (file: string) =>
  /\.test\.ts$/.test(file) || file.includes(`${join('core', 'src', 'testing')}`);

describe('package layering', () => {
  it('methods and metrics import only @xai/core (tests may use vitest and @xai/core/testing)', () => {
    // Tests that read golden files (node:, the fixture images) live in each package's test/.
    const testOnly = new Set(['vitest', '@xai/core/testing']);
    for (const pkg of ['methods', 'metrics']) {
      expect(
        violations(
          pkg,
          (spec, file) => spec === '@xai/core' || (isTestCode(file) && testOnly.has(spec)),
        ),
      ).toEqual([]);
    }
  });

  it('evaluation imports only @xai/core, Node built-ins only behind its node entry and BullMQ only behind its queue entry', () => {
    const nodeEntry = join('evaluation', 'src', 'node');
    const queueEntry = join('evaluation', 'src', 'queue');
    expect(
      violations(
        'evaluation',
        (spec, file) =>
          spec === '@xai/core' ||
          (file.includes(nodeEntry) && spec.startsWith('node:')) ||
          (file.includes(queueEntry) && spec === 'bullmq'),
      ),
    ).toEqual([]);
  });

  it('core imports nothing outside itself (its tests and conformance suite may use vitest)', () => {
    expect(violations('core', (spec, file) => isTestCode(file) && spec === 'vitest')).toEqual([]);
  });

  it('the import scanner finds every form of import', () => {
    const src = `import a from 'node:fs';\nexport * from "@xai/backend-onnx";\nimport 'side';\nconst m = await import('onnxruntime-node');\nrequire('fs');`;
    expect(importsOf(src).sort()).toEqual([
      '@xai/backend-onnx',
      'fs',
      'node:fs',
      'onnxruntime-node',
      'side',
    ]);
  });
});
