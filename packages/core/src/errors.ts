/**
 * Every error xai raises on purpose. `code` is stable across versions so callers and
 * the CLI can branch on it; the message names what is at fault and what to do.
 */
export type XaiErrorCode =
  | 'INVALID_ARGUMENT'
  | 'SHAPE_MISMATCH'
  | 'NON_FINITE_INPUT'
  | 'TARGET_OUT_OF_RANGE'
  | 'UNSUPPORTED_OP'
  | 'MODEL_LOAD_FAILED'
  | 'FILE_NOT_FOUND'
  | 'INVALID_FILE'
  | 'NOT_SUPPORTED'
  | 'BACKEND_UNAVAILABLE'
  | 'NATIVE_ERROR'
  | 'ABORTED'
  | 'UNKNOWN_METHOD'
  | 'UNKNOWN_METRIC'
  | 'UNKNOWN_OPTION'
  | 'DAMAGED_RESULT'
  | 'STORE_LOCKED'
  | 'STORE_INCOMPLETE'
  | 'JOBS_FAILED';

const marker = Symbol.for('xai.error');

export class XaiError extends Error {
  readonly code: XaiErrorCode;
  readonly [marker] = true;

  constructor(code: XaiErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'XaiError';
    this.code = code;
  }

  /** True for an XaiError from any copy of this package (duplicate installs included). */
  static isInstance(e: unknown): e is XaiError {
    return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[marker] === true;
  }
}
