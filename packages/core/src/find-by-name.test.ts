import { describe, expect, it } from 'vitest';
import { XaiError } from './errors.js';
import { findByName } from './find-by-name.js';

const entries = [{ name: 'rise' }, { name: 'saliency' }];

describe('findByName', () => {
  it('returns the entry with that name', () => {
    expect(findByName(entries, 'saliency', 'a method', 'UNKNOWN_METHOD')).toBe(entries[1]);
  });

  it('lists the names, suggests the nearest and ends with the help', () => {
    const error = (() => {
      try {
        findByName(entries, 'rice', 'a method', 'UNKNOWN_METHOD', "Run 'xai methods'.");
      } catch (e) {
        return e;
      }
    })();
    expect(XaiError.isInstance(error) && error.code).toBe('UNKNOWN_METHOD');
    expect((error as Error).message).toBe(
      "Expected a method among rise, saliency but received 'rice'. Did you mean 'rise'? Run 'xai methods'.",
    );
  });

  it('ends at the suggestion without help, and suggests nothing when nothing is close', () => {
    expect(() => findByName(entries, 'zzzzzzzz', 'a metric', 'UNKNOWN_METRIC')).toThrow(
      /^Expected a metric among rise, saliency but received 'zzzzzzzz'\.$/,
    );
  });
});
