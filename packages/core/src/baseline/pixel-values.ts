import type { InputDomain } from '../domain.js';
import { XaiError } from '../errors.js';

/**
 * One value per element of a sample `[C, ...]` (`C * plane` values): pixel value `pixel`
 * of each channel mapped through the domain, `(pixel - mean_c) / std_c`.
 */
export function pixelThroughDomain(
  C: number,
  plane: number,
  pixel: number,
  domain: InputDomain | undefined,
): Float32Array {
  const out = new Float32Array(C * plane);
  for (let c = 0; c < C; c++) {
    let v = pixel;
    if (domain) {
      const m = perChannel(domain.mean, c, C, 'the normalisation mean');
      const s = perChannel(domain.std, c, C, 'the normalisation std');
      if (!(s > 0)) {
        throw new XaiError(
          'INVALID_ARGUMENT',
          `Expected a positive normalisation std but received ${s} for channel ${c}.`,
        );
      }
      v = (pixel - m) / s;
    }
    out.fill(v, c * plane, (c + 1) * plane);
  }
  return out;
}

/** Value `v[c]` of a per-channel list of length 1 or C, checked. */
export function perChannel(
  v: number | readonly number[],
  c: number,
  C: number,
  what: string,
): number {
  if (typeof v === 'number') return v;
  if (v.length !== 1 && v.length !== C) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected 1 or ${C} values (one per channel) for ${what} but received ${v.length}.`,
    );
  }
  return v[v.length === 1 ? 0 : c]!;
}
