/**
 * A method's family is the folder its source lives in (`src/<family>/<name>.ts`), so the
 * docs and the CLI group methods the way the code does, and every family has a method.
 */
import { existsSync } from 'node:fs';
import type { MethodFamily } from '@xai/core';
import { describe, expect, it } from 'vitest';
import { methods } from '../src/registry.js';

const families: Record<MethodFamily, true> = {
  gradient: true,
  path: true,
  smoothing: true,
  perturbation: true,
  backward: true,
  'second-order': true,
  search: true,
};

describe('method families', () => {
  it.each(methods.map((m) => [m.name, m.family] as const))(
    '%s lives in src/%s/',
    (name, family) => {
      expect(existsSync(new URL(`../src/${family}/${name}.ts`, import.meta.url))).toBe(true);
    },
  );

  it('every family has at least one method', () => {
    expect(new Set(methods.map((m) => m.family))).toEqual(new Set(Object.keys(families)));
  });
});
