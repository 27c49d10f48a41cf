import { XaiError } from '@xai/core';

/**
 * The browser's `readModelBytes` (the browser build swaps it in for model-io.ts, which
 * reads files with node:fs): bytes as given, a string or `URL` fetched (relative URLs
 * against the page or worker). A failed fetch names the URL and the HTTP status.
 */
export async function readModelBytes(source: string | URL | Uint8Array): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source;
  const url = String(source);
  let response: Response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new XaiError(
      'MODEL_LOAD_FAILED',
      `Could not fetch the ONNX model '${url}': ${(e as Error).message}; check the URL and that the server allows the request (CORS).`,
      { cause: e },
    );
  }
  if (!response.ok) {
    throw new XaiError(
      response.status === 404 ? 'FILE_NOT_FOUND' : 'MODEL_LOAD_FAILED',
      `Expected an ONNX model at '${url}' but the server answered ${response.status} ${response.statusText}; check the URL.`,
    );
  }
  return new Uint8Array(await response.arrayBuffer());
}
