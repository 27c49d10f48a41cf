import { describe, expect, it } from 'vitest';
import { byFamily } from './by-family.js';

describe('byFamily', () => {
  it("groups in the families' order, keeping each family's own order, empty families kept", () => {
    const items = [
      { name: 'a', family: 'y' },
      { name: 'b', family: 'x' },
      { name: 'c', family: 'y' },
    ] as const;
    expect(byFamily(['x', 'y', 'z'], items)).toEqual([
      { family: 'x', items: [items[1]] },
      { family: 'y', items: [items[0], items[2]] },
      { family: 'z', items: [] },
    ]);
  });
});
