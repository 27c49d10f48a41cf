import { describe, expect, it } from 'vitest';
import { XaiError } from './errors.js';
import { parseMemorySize } from './memory-size.js';

describe('parseMemorySize', () => {
  it('reads decimal and binary units, any case, with or without a space', () => {
    expect(parseMemorySize('2GB')).toBe(2_000_000_000);
    expect(parseMemorySize('512MiB')).toBe(512 * 1024 * 1024);
    expect(parseMemorySize('1.5 GiB')).toBe(1.5 * 2 ** 30);
    expect(parseMemorySize('64kb')).toBe(64_000);
    expect(parseMemorySize('3KiB')).toBe(3072);
    expect(parseMemorySize('1TB')).toBe(1e12);
    expect(parseMemorySize('4096')).toBe(4096);
    expect(parseMemorySize('100B')).toBe(100);
    expect(parseMemorySize(8192)).toBe(8192);
  });

  it('names the accepted forms and the option when the text is not a size', () => {
    for (const bad of ['', 'lots', '2 GBs', '-1GB', '0', '0.1B', '2G', 'GB']) {
      let err: unknown;
      try {
        parseMemorySize(bad, '--memory');
      } catch (e) {
        err = e;
      }
      expect(XaiError.isInstance(err)).toBe(true);
      expect((err as XaiError).code).toBe('INVALID_ARGUMENT');
      expect((err as Error).message).toContain(`for --memory but received '${bad}'`);
      expect((err as Error).message).toMatch(/2GB, 512MiB/);
    }
  });
});
