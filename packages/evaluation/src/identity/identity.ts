import type { Tensor } from '@xai/core';
import { canonicalJson } from './canonical-json.js';
import { sha256Hex } from './sha256.js';

/**
 * Everything an explanation depends on: the model's bytes, the sample's bytes after
 * preprocessing, the target class, the method and its fully resolved options, the seed and
 * the packages' versions. Two explanations with equal parts are the same map.
 */
export interface ExplanationParts {
  readonly modelHash: string;
  readonly sampleHash: string;
  readonly target: number;
  readonly method: string;
  readonly methodOptions: Readonly<Record<string, unknown>>;
  readonly seed: number;
  readonly versions: Readonly<Record<string, string>>;
}

/** The identity of a (sample, method) explanation: a sha-256 of its parts' canonical text. */
export function explanationIdentity(parts: ExplanationParts): Promise<string> {
  return sha256Hex(
    canonicalJson(
      {
        kind: 'explanation',
        modelHash: parts.modelHash,
        sampleHash: parts.sampleHash,
        target: parts.target,
        method: parts.method,
        methodOptions: parts.methodOptions,
        seed: parts.seed,
        versions: parts.versions,
      },
      `the options of '${parts.method}'`,
    ),
  );
}

/**
 * The identity of one result: the explanation's identity, the metric and its resolved
 * options (per-sample values included). A result is reused only when this matches.
 */
export function resultIdentity(
  explanation: string,
  metric: string,
  metricOptions: Readonly<Record<string, unknown>>,
): Promise<string> {
  return sha256Hex(
    canonicalJson(
      { kind: 'result', explanation, metric, metricOptions },
      `the options of '${metric}'`,
    ),
  );
}

/** The hash of a sample's values and shape (row-major float32 bytes, little-endian here). */
export function tensorHash(t: Tensor): Promise<string> {
  const head = new TextEncoder().encode(`${t.shape.join('x')}:`);
  const body = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  const bytes = new Uint8Array(head.length + body.length);
  bytes.set(head, 0);
  bytes.set(body, head.length);
  return sha256Hex(bytes);
}
