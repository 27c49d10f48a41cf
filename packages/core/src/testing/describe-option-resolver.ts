/** The option resolver's tests for every entry of a registry (methods, metrics), as vitest tests. */
import { describe, expect, it } from 'vitest';
import { XaiError } from '../errors.js';
import { checkRule, type OptionRule } from '../options.js';
import { invalidValues, misspelt } from './option-checks.js';

/** What the tests read from a method's or a metric's descriptor. */
export interface OptionsOf {
  readonly name: string;
  readonly defaults: object;
  readonly rules?: object;
  readonly presets?: object;
}

/** One call of an entry: what it gave or the error it threw, and the model passes it made. */
export interface OptionRun {
  readonly output?: unknown;
  readonly error?: unknown;
  readonly passes: number;
}

export interface OptionHarness<T extends OptionsOf> {
  /** Calls `entry` with `options` on a metered model; a throw is returned as `error`. */
  run(entry: T, options: Record<string, unknown>): Promise<OptionRun>;
  /** Whether `entry` runs with its defaults here (false where the model lacks what it needs). */
  runsHere(entry: T): boolean;
  /** Options the harness itself sets for `entry` (masks, say): they stay set when the others are made undefined. */
  given?(entry: T): Record<string, unknown>;
}

/** The XaiError a run ended with; fails the test when it accepted the options or threw another error. */
function rejection(name: string, options: Record<string, unknown>, r: OptionRun): XaiError {
  if (!XaiError.isInstance(r.error)) {
    throw new Error(
      `${name} accepted ${JSON.stringify(options)} or threw another error: ${r.error}`,
    );
  }
  return r.error;
}

/**
 * For each entry: a rule for every option that its defaults and presets pass; a misspelt key
 * rejected with the key it meant and a value each rule forbids (null included) rejected, both
 * before any model pass; undefined values keeping the defaults (the same run as no options).
 */
export function describeOptionResolver<T extends OptionsOf>(
  entries: readonly T[],
  harness: OptionHarness<T>,
): void {
  describe.each(entries.map((e) => [e.name, e] as const))('options of %s', (_, entry) => {
    const keys = Object.keys(entry.defaults);
    const rules = (entry.rules ?? {}) as Record<string, OptionRule>;

    it('declares a rule for every option, and its defaults (and presets) pass them', () => {
      expect(Object.keys(rules).sort()).toEqual([...keys].sort());
      const sets = [entry.defaults, ...Object.values(entry.presets ?? {})] as Record<
        string,
        unknown
      >[];
      for (const set of sets)
        for (const [k, v] of Object.entries(set)) {
          if (v !== undefined) expect(checkRule(v, rules[k]), `${entry.name}.${k}`).toBeUndefined();
        }
    });

    it('rejects a misspelt key with the key it meant, before any model pass', async () => {
      const key = keys.find((k) => k.length >= 4) ?? keys[0];
      const typo = key ? misspelt(key) : 'notAnOption';
      const r = await harness.run(entry, { [typo]: 1 });
      const error = rejection(entry.name, { [typo]: 1 }, r);
      expect(error.code).toBe('UNKNOWN_OPTION');
      expect(error.message).toContain(`'${typo}'`);
      if (key) expect(error.message).toContain(`did you mean '${key}'?`);
      expect(r.passes).toBe(0);
    });

    it('rejects every value an option rule forbids, before any model pass', async () => {
      for (const key of keys) {
        for (const value of invalidValues(rules[key])) {
          const r = await harness.run(entry, { [key]: value });
          const error = rejection(entry.name, { [key]: value }, r);
          expect(error.code, `${key}=${String(value)}`).toBe('INVALID_ARGUMENT');
          expect(error.message).toContain(`option '${key}' of '${entry.name}'`);
          expect(r.passes).toBe(0);
        }
      }
    });

    it('keeps every default when the options are undefined', async () => {
      const plain = await harness.run(entry, {});
      if (harness.runsHere(entry)) expect(plain.error).toBeUndefined();
      const given = harness.given?.(entry) ?? {};
      const undefinedOptions = Object.fromEntries(
        keys.filter((k) => !(k in given)).map((k) => [k, undefined]),
      );
      expect(await harness.run(entry, undefinedOptions)).toEqual(plain);
    });
  });
}
