import { XaiError } from '@xai/core';

/**
 * `--set key=value` pairs into method options: numbers, booleans and JSON (arrays,
 * objects) are parsed, anything else stays a string.
 */
export function parseSetOptions(pairs: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      throw new XaiError('INVALID_ARGUMENT', `Expected --set key=value but received '${pair}'.`);
    }
    out[pair.slice(0, eq)] = parseValue(pair.slice(eq + 1));
  }
  return out;
}

function parseValue(text: string): unknown {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  if (/^[[{]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      throw new XaiError('INVALID_ARGUMENT', `Expected valid JSON in --set value '${text}'.`);
    }
  }
  return text;
}
