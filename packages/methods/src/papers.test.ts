import { papers } from '@xai/core';
import { describe, expect, it } from 'vitest';
import { methods } from './registry.js';

describe('method papers', () => {
  it('every method cites an entry of the one bibliography in core', () => {
    for (const method of methods) {
      const entry = papers[method.paper.id as keyof typeof papers];
      expect(entry, method.name).toBe(method.paper);
    }
  });
});
