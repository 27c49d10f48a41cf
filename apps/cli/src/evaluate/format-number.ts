/**
 * Numbers for tables: `digits` significant digits, in exponent form below 1e-3 and from
 * 1e5 up (4.4e-05, not 0.0000), trailing zeros dropped; 'n/a' for NaN and infinities.
 */
export function formatNumber(v: number, digits = 4): string {
  if (!Number.isFinite(v)) return 'n/a';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return trimZeros(v.toPrecision(digits));
  const [mantissa, exponent] = v.toExponential(digits - 1).split('e') as [string, string];
  const sign = exponent.startsWith('-') ? '-' : '+';
  const e = exponent.replace(/^[-+]/, '').padStart(2, '0');
  return `${trimZeros(mantissa)}e${sign}${e}`;
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}
