/** Serves the built site on 127.0.0.1 only; see serve-site.mjs. */
export declare function serveSite(
  root: string,
  port?: number,
  options?: { isolated?: boolean },
): Promise<{ origin: string; close(): Promise<void> }>;
