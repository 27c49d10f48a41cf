/**
 * NumPy `.npy` files (format versions 1.0, 2.0 and 3.0) read from and written to bytes.
 * Pure TypeScript with no Node imports, so it runs in any JavaScript engine.
 * Format: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 * Only little-endian, C-order arrays of the dtypes below; anything else is an
 * `INVALID_FILE` error that says what was found and what was expected.
 */
import { XaiError } from './errors.js';
import { formatShape, sizeOf, type Tensor, tensor } from './tensor.js';

/** The dtypes read and written, by their NumPy names. */
export type NpyDtype = 'float32' | 'float64' | 'int64' | 'int32' | 'uint8' | 'bool';

/** The typed array that holds each dtype (`bool` as 0/1 bytes). */
export type NpyData = Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array;

export interface NpyArray {
  readonly dtype: NpyDtype;
  readonly shape: readonly number[];
  readonly data: NpyData;
}

interface DtypeInfo {
  readonly descr: string; // what we write
  readonly size: number;
  readonly make: (buffer: ArrayBuffer) => NpyData;
  readonly is: (data: NpyData) => boolean;
}

const DTYPES: Record<NpyDtype, DtypeInfo> = {
  float32: {
    descr: '<f4',
    size: 4,
    make: (b) => new Float32Array(b),
    is: (d) => d instanceof Float32Array,
  },
  float64: {
    descr: '<f8',
    size: 8,
    make: (b) => new Float64Array(b),
    is: (d) => d instanceof Float64Array,
  },
  int64: {
    descr: '<i8',
    size: 8,
    make: (b) => new BigInt64Array(b),
    is: (d) => d instanceof BigInt64Array,
  },
  int32: {
    descr: '<i4',
    size: 4,
    make: (b) => new Int32Array(b),
    is: (d) => d instanceof Int32Array,
  },
  uint8: {
    descr: '|u1',
    size: 1,
    make: (b) => new Uint8Array(b),
    is: (d) => d instanceof Uint8Array,
  },
  bool: {
    descr: '|b1',
    size: 1,
    make: (b) => new Uint8Array(b),
    is: (d) => d instanceof Uint8Array,
  },
};

/** Descriptors accepted on reading (NumPy writes `|u1`, others may write `<u1`). */
const DESCRS: Record<string, NpyDtype> = {
  '<f4': 'float32',
  '<f8': 'float64',
  '<i8': 'int64',
  '<i4': 'int32',
  '<u1': 'uint8',
  '|u1': 'uint8',
  '|b1': 'bool',
};

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ALIGN = 64;
const GROWTH_AXIS_MAX_DIGITS = 21; // numpy pads the header so the first axis can grow in place
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function invalid(what: string, problem: string): XaiError {
  return new XaiError('INVALID_FILE', `${problem} in ${what}.`);
}

/** Reads an `.npy` file. `what` names it in error messages (a path, say). */
export function parseNpy(bytes: Uint8Array, what = 'the .npy data'): NpyArray {
  if (!(bytes instanceof Uint8Array)) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected a Uint8Array for ${what} but received ${typeof bytes}.`,
    );
  }
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    const start = Array.from(bytes.subarray(0, 6), (b) => b.toString(16).padStart(2, '0')).join(
      ' ',
    );
    throw invalid(
      what,
      `Expected the .npy magic "\\x93NUMPY" (93 4e 55 4d 50 59) but received "${start}"`,
    );
  }
  const major = bytes[6]!;
  const minor = bytes[7]!;
  if (major < 1 || major > 3 || minor !== 0) {
    throw invalid(
      what,
      `Expected .npy format version 1.0, 2.0 or 3.0 but received ${major}.${minor}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start = major === 1 ? 10 : 12;
  if (bytes.length < start) {
    throw invalid(
      what,
      `Expected at least ${start} bytes for a version ${major}.0 preamble but received ${bytes.length}`,
    );
  }
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const offset = start + headerLength;
  if (offset > bytes.length) {
    throw invalid(
      what,
      `Expected a header of ${headerLength} bytes but only ${bytes.length - start} bytes follow the preamble (truncated header)`,
    );
  }
  // Latin-1 decoding is exact for the ASCII a header holds; version 3.0's UTF-8 only ever
  // appears in structured-dtype field names, which are rejected below anyway.
  let header = '';
  for (let i = start; i < offset; i++) header += String.fromCharCode(bytes[i]!);
  const { dtype, shape } = readHeader(header, what);

  const info = DTYPES[dtype];
  const count = sizeOf(shape);
  const needed = count * info.size;
  const available = bytes.length - offset;
  if (available !== needed) {
    const why = available < needed ? 'the data is truncated' : 'extra bytes follow the data';
    throw invalid(
      what,
      `Expected ${needed} bytes of ${dtype} data for shape ${formatShape(shape)} but received ${available} (${why})`,
    );
  }
  return { dtype, shape, data: decode(bytes.subarray(offset), info) };
}

function readHeader(header: string, what: string): { dtype: NpyDtype; shape: number[] } {
  let dict: PyValue;
  try {
    dict = parsePyLiteral(header);
  } catch (e) {
    throw invalid(
      what,
      `Expected a Python dict literal as the .npy header but ${(e as Error).message}`,
    );
  }
  if (typeof dict !== 'object' || dict === null || Array.isArray(dict)) {
    throw invalid(
      what,
      `Expected a dict as the .npy header but received ${JSON.stringify(header.trim())}`,
    );
  }
  const keys = Object.keys(dict).sort().join(', ');
  if (keys !== 'descr, fortran_order, shape') {
    throw invalid(
      what,
      `Expected the header keys descr, fortran_order, shape but received ${keys}`,
    );
  }
  const { descr, fortran_order: fortran, shape } = dict as Record<string, PyValue>;
  if (typeof descr !== 'string') {
    throw invalid(
      what,
      `Expected a simple dtype string such as '<f4' but received ${JSON.stringify(descr)} (structured dtypes are not supported)`,
    );
  }
  const dtype = DESCRS[descr];
  if (dtype === undefined) {
    const hint = descr.startsWith('>')
      ? ' (big-endian; re-save with arr.astype(arr.dtype.newbyteorder("<")))'
      : '';
    throw invalid(
      what,
      `Expected one of the dtypes ${Object.keys(DESCRS).join(', ')} but received '${descr}'${hint}`,
    );
  }
  if (fortran !== false) {
    throw invalid(
      what,
      `Expected C-order data (fortran_order: False) but received fortran_order: ${String(fortran)}; re-save with np.ascontiguousarray(arr)`,
    );
  }
  if (
    !Array.isArray(shape) ||
    !shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)
  ) {
    throw invalid(
      what,
      `Expected the shape as a tuple of non-negative integers but received ${JSON.stringify(shape)}`,
    );
  }
  const dims = shape as number[];
  if (!Number.isSafeInteger(sizeOf(dims) * DTYPES[dtype].size)) {
    throw invalid(
      what,
      `Expected a shape whose size fits in memory but received ${formatShape(dims)}`,
    );
  }
  return { dtype, shape: dims };
}

function decode(raw: Uint8Array, info: DtypeInfo): NpyData {
  // An explicit copy: a fresh, aligned buffer of exactly this length (a Node Buffer's
  // `slice` would share memory, and its `.buffer` may be a larger pool).
  const copy = new Uint8Array(raw.length);
  if (LITTLE_ENDIAN_HOST) copy.set(raw);
  else swapBytes(raw, copy, info.size);
  return info.make(copy.buffer);
}

/** Reverses the bytes of each `size`-byte element: little-endian file <-> big-endian host. */
function swapBytes(from: Uint8Array, to: Uint8Array, size: number): void {
  for (let i = 0; i < from.length; i += size) {
    for (let k = 0; k < size; k++) to[i + size - 1 - k] = from[i + k]!;
  }
}

/** Reads an `.npy` file of any numeric dtype as a float32 tensor (int64 above 2^24 loses precision). */
export function npyToTensor(bytes: Uint8Array, what = 'the .npy data'): Tensor {
  const { data, shape } = parseNpy(bytes, what);
  if (data instanceof Float32Array) return tensor(data, shape);
  const out = new Float32Array(data.length);
  if (data instanceof BigInt64Array)
    for (let i = 0; i < data.length; i++) out[i] = Number(data[i]!);
  else out.set(data);
  return tensor(out, shape);
}

/**
 * Writes an `.npy` file (version 1.0, or 2.0 for very long headers) byte for byte as
 * NumPy 1.24 does: C order, little-endian, header padded to a 64-byte boundary.
 * A plain `Tensor` is written as float32.
 */
export function encodeNpy(array: Tensor | NpyArray): Uint8Array {
  const dtype: NpyDtype = 'dtype' in array ? array.dtype : 'float32';
  const info = DTYPES[dtype] as DtypeInfo | undefined;
  if (info === undefined) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected a dtype among ${Object.keys(DTYPES).join(', ')} but received ${String(dtype)}.`,
    );
  }
  if (!info.is(array.data)) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected data of the typed array for ${dtype} but received ${array.data.constructor.name}.`,
    );
  }
  for (const d of array.shape) {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new XaiError(
        'SHAPE_MISMATCH',
        `Expected non-negative integer dimensions but received shape ${formatShape(array.shape)}.`,
      );
    }
  }
  if (sizeOf(array.shape) !== array.data.length) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected ${sizeOf(array.shape)} values for shape ${formatShape(array.shape)} but received ${array.data.length}.`,
    );
  }
  const header = headerBytes(info.descr, array.shape);
  const out = new Uint8Array(header.length + array.data.byteLength);
  out.set(header);
  const raw = new Uint8Array(array.data.buffer, array.data.byteOffset, array.data.byteLength);
  if (LITTLE_ENDIAN_HOST) out.set(raw, header.length);
  else swapBytes(raw, out.subarray(header.length), info.size);
  return out;
}

function headerBytes(descr: string, shape: readonly number[]): Uint8Array {
  const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${tuple}, }`;
  if (shape.length > 0)
    dict += ' '.repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length));
  for (const [major, prefix] of [
    [1, 10],
    [2, 12],
  ] as const) {
    const length = dict.length + 1; // + the final newline
    const pad = ALIGN - ((prefix + length) % ALIGN); // numpy pads a full 64 when already aligned
    const total = length + pad;
    if (major === 1 && total > 0xffff) continue;
    const out = new Uint8Array(prefix + total);
    out.set(MAGIC);
    out[6] = major;
    const view = new DataView(out.buffer);
    if (major === 1) view.setUint16(8, total, true);
    else view.setUint32(8, total, true);
    for (let i = 0; i < dict.length; i++) out[prefix + i] = dict.charCodeAt(i);
    out.fill(0x20, prefix + dict.length, out.length - 1);
    out[out.length - 1] = 0x0a;
    return out;
  }
  throw new XaiError(
    'INVALID_ARGUMENT',
    `Expected a shape with a header under 4 GiB but received ${formatShape(shape)}.`,
  );
}

/** The values a `.npy` header dict literal may hold. */
type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

/**
 * Parses the small subset of Python literals that `.npy` headers use: dicts, tuples,
 * lists, quoted strings, integers (with Python 2's `L` suffix), True, False and None.
 * Never `eval`: a header is untrusted input.
 */
function parsePyLiteral(text: string): PyValue {
  let i = 0;
  const fail = (expected: string): never => {
    const near = JSON.stringify(text.slice(i, i + 12));
    throw new Error(
      `expected ${expected} at character ${i} and found ${i < text.length ? near : 'the end'}`,
    );
  };
  const skip = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const value = (): PyValue => {
    skip();
    const c = text[i];
    if (c === '{') return dict();
    if (c === '(' || c === '[') return sequence(c === '(' ? ')' : ']');
    if (c === "'" || c === '"') return string(c);
    const word = /^(True|False|None|-?\d+L?)/.exec(text.slice(i));
    if (word === null) return fail('a value');
    i += word[0].length;
    if (word[0] === 'True') return true;
    if (word[0] === 'False') return false;
    if (word[0] === 'None') return null;
    return Number(word[0].replace('L', ''));
  };
  const string = (quote: string): string => {
    const end = text.indexOf(quote, i + 1);
    if (end < 0) fail(`a closing ${quote}`);
    const s = text.slice(i + 1, end);
    i = end + 1;
    return s;
  };
  // A comma-separated run of items up to `close`, trailing comma allowed.
  const items = (close: string, item: () => void) => {
    i++;
    for (;;) {
      skip();
      if (text[i] === close) break;
      item();
      skip();
      if (text[i] === ',') i++;
      else if (text[i] !== close) fail(`',' or '${close}'`);
    }
    i++;
  };
  const sequence = (close: string): PyValue[] => {
    const out: PyValue[] = [];
    items(close, () => out.push(value()));
    return out;
  };
  const dict = (): { [key: string]: PyValue } => {
    const out: { [key: string]: PyValue } = Object.create(null); // no prototype to overwrite
    items('}', () => {
      const key = value();
      if (typeof key !== 'string') fail('a string key');
      skip();
      if (text[i] !== ':') fail("':'");
      i++;
      out[key as string] = value();
    });
    return out;
  };
  const result = value();
  skip();
  if (i !== text.length) fail('the end of the header');
  return result;
}
