/**
 * SHA-256 through Web Crypto (`globalThis.crypto.subtle`), present in browsers, Node 20+,
 * Deno and Bun, so identities are computed the same way in every engine.
 */
export async function sha256Hex(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
