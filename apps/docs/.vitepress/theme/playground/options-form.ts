/**
 * A method's options as form fields, generated from its registry entry: one field per key
 * of `defaults`, a select where the option rule lists its values (`oneOf`) or the method
 * has presets, a checkbox for booleans, a number for numbers, text (JSON) for the rest.
 */
import type { methods } from '@xai/methods';

/** A registry entry (the registry's own element type). */
type Method = (typeof methods)[number];

export interface OptionField {
  readonly key: string;
  readonly kind: 'select' | 'checkbox' | 'number' | 'text';
  readonly choices?: readonly string[];
  /** The default as the field shows it ('' for no default). */
  readonly initial: string | boolean;
}

export function optionFields(method: Method): OptionField[] {
  const rules = (method.rules ?? {}) as Record<string, { oneOf?: readonly unknown[] } | undefined>;
  return Object.entries(method.defaults as Record<string, unknown>).map(([key, value]) => {
    const oneOf =
      key === 'preset' && method.presets ? Object.keys(method.presets) : rules[key]?.oneOf;
    if (oneOf && oneOf.length > 0 && (value === undefined || typeof value !== 'object')) {
      return {
        key,
        kind: 'select',
        choices: oneOf.map(String),
        initial: value === undefined ? '' : String(value),
      };
    }
    if (typeof value === 'boolean') return { key, kind: 'checkbox', initial: value };
    if (typeof value === 'number') return { key, kind: 'number', initial: String(value) };
    if (typeof value === 'string') return { key, kind: 'text', initial: value };
    return { key, kind: 'text', initial: value === undefined ? '' : JSON.stringify(value) };
  });
}

/**
 * The options to pass: only fields changed from their defaults (so a preset still sets
 * the rest), read back in the default's type; the option resolver checks them.
 */
export function optionValues(
  fields: readonly OptionField[],
  values: Readonly<Record<string, string | boolean>>,
  method: Method,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const defaults = method.defaults as Record<string, unknown>;
  for (const f of fields) {
    const v = values[f.key];
    if (v === undefined || v === f.initial) continue;
    const d = defaults[f.key];
    if (typeof v === 'boolean') out[f.key] = v;
    else if (v === '') continue;
    else if (typeof d === 'number' || (d === undefined && /^-?[\d.]+(e-?\d+)?$/i.test(v)))
      out[f.key] = Number(v);
    else if (typeof d === 'string' || f.kind === 'select')
      out[f.key] = v === 'true' ? true : v === 'false' ? false : v;
    else {
      try {
        out[f.key] = JSON.parse(v);
      } catch {
        out[f.key] = v;
      }
    }
  }
  return out;
}
