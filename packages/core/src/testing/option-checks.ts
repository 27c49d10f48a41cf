/**
 * Values an option rule must reject, made from the rule itself, so the registries' tests
 * cover every option of every method and metric without listing them by hand.
 */
import type { OptionRule } from '../options.js';

/** Values `rule` rejects: null always, then what breaks its type, range or list. */
export function invalidValues(rule: OptionRule | undefined): unknown[] {
  const out: unknown[] = [null];
  if (rule?.type !== 'string') out.push('__not-a-value__');
  switch (rule?.type) {
    case 'integer':
      out.push(1.5, Number.NaN, 1e12);
      break;
    case 'number':
      out.push(Number.NaN, Number.POSITIVE_INFINITY);
      break;
    case 'boolean':
      out.push('yes', 1);
      break;
    case 'string':
      out.push(42);
      break;
  }
  if (rule?.type === 'number' || rule?.type === 'integer') {
    if (rule.min !== undefined) out.push(rule.min - 1);
    if (rule.max !== undefined) out.push(rule.max + 1);
    if (rule.greaterThan !== undefined) out.push(rule.greaterThan);
    if (rule.lessThan !== undefined) out.push(rule.lessThan);
  }
  return out;
}

/** `key` with two letters swapped: a typo the resolver should trace back to `key`. */
export function misspelt(key: string): string {
  if (key.length < 3 || key[1] === key[2]) return `${key}x`;
  return key[0]! + key[2]! + key[1]! + key.slice(3);
}
