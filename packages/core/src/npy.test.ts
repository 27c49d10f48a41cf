import { describe, expect, it } from 'vitest';
import { XaiError } from './errors.js';
import { encodeNpy, type NpyArray, npyToTensor, parseNpy } from './npy.js';

// Written by numpy 1.24.2 (np.lib.format.write_array), base64.
const NUMPY = {
  float32_2x3:
    'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAADAPwAAAMAAAFBAyvJJcQAAAL4=',
  float64_3:
    'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAqamZmZmZm5PwAAAAAAAATAnHUAiDzkN34=',
  int64_2x2:
    'k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAAAAAAAAP7/////////AAAAAAABAAAAAAAAAAAAwA==',
  int32_4:
    'k05VTVBZAQB2AHsnZGVzY3InOiAnPGk0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDQsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAAA/////////38AAACA',
  uint8_2x2:
    'k05VTVBZAQB2AHsnZGVzY3InOiAnfHUxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAYD/',
  bool_3:
    'k05VTVBZAQB2AHsnZGVzY3InOiAnfGIxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAE=',
  float32_scalar:
    'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAPBA',
  float32_empty:
    'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDAsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo=',
  v2_float32_2x3:
    'k05VTVBZAgB0AAAAeydkZXNjcic6ICc8ZjQnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAADAPwAAAMAAAFBAyvJJcQAAAL4=',
  v3_float32_2x3:
    'k05VTVBZAwB0AAAAeydkZXNjcic6ICc8ZjQnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAADAPwAAAMAAAFBAyvJJcQAAAL4=',
  fortran_2x3:
    'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAABAQAAAgD8AAIBAAAAAQAAAoEA=',
  bigendian_2:
    'k05VTVBZAQB2AHsnZGVzY3InOiAnPmY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo/gAAAQAAAAA==',
  int16_2:
    'k05VTVBZAQB2AHsnZGVzY3InOiAnPGkyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAIA',
  structured_1:
    'k05VTVBZAQB2AHsnZGVzY3InOiBbKCdhJywgJzxmNCcpXSwgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDEsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAA',
};

/** Decodes base64 into a fresh Uint8Array that starts at offset 1 of its buffer (unaligned on purpose). */
function bytesOf(name: keyof typeof NUMPY): Uint8Array {
  const raw = Buffer.from(NUMPY[name], 'base64');
  const holder = new Uint8Array(raw.length + 1);
  holder.set(raw, 1);
  return holder.subarray(1);
}

/** A version 1.0 file with the given header text, padded the way numpy does, then `data`. */
function handMade(header: string, data: Uint8Array = new Uint8Array(), version = 1): Uint8Array {
  const prefix = version === 1 ? 10 : 12;
  const pad = 64 - ((prefix + header.length + 1) % 64);
  const text = `${header}${' '.repeat(pad)}\n`;
  const out = new Uint8Array(prefix + text.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, text.length, true);
  else view.setUint32(8, text.length, true);
  for (let i = 0; i < text.length; i++) out[prefix + i] = text.charCodeAt(i);
  out.set(data, prefix + text.length);
  return out;
}

function invalidFile(f: () => unknown): XaiError {
  try {
    f();
  } catch (e) {
    expect(XaiError.isInstance(e)).toBe(true);
    expect((e as XaiError).code).toBe('INVALID_FILE');
    return e as XaiError;
  }
  throw new Error('expected an INVALID_FILE error but nothing was thrown');
}

describe('parseNpy on files numpy wrote', () => {
  it('reads every supported dtype with its shape and values', () => {
    const f32 = parseNpy(bytesOf('float32_2x3'));
    expect(f32.dtype).toBe('float32');
    expect(f32.shape).toEqual([2, 3]);
    expect(f32.data).toBeInstanceOf(Float32Array);
    expect(Array.from(f32.data as Float32Array)).toEqual([
      0,
      1.5,
      -2,
      3.25,
      Math.fround(1e30),
      -0.125,
    ]);

    const f64 = parseNpy(bytesOf('float64_3'));
    expect(f64).toMatchObject({ dtype: 'float64', shape: [3] });
    expect(Array.from(f64.data as Float64Array)).toEqual([0.1, -2.5, 1e300]);

    const i64 = parseNpy(bytesOf('int64_2x2'));
    expect(i64).toMatchObject({ dtype: 'int64', shape: [2, 2] });
    expect(Array.from(i64.data as BigInt64Array)).toEqual([1n, -2n, 2n ** 40n, -(2n ** 62n)]);

    const i32 = parseNpy(bytesOf('int32_4'));
    expect(i32).toMatchObject({ dtype: 'int32', shape: [4] });
    expect(Array.from(i32.data as Int32Array)).toEqual([1, -1, 2147483647, -2147483648]);

    const u8 = parseNpy(bytesOf('uint8_2x2'));
    expect(u8).toMatchObject({ dtype: 'uint8', shape: [2, 2] });
    expect(Array.from(u8.data as Uint8Array)).toEqual([0, 1, 128, 255]);

    const b = parseNpy(bytesOf('bool_3'));
    expect(b).toMatchObject({ dtype: 'bool', shape: [3] });
    expect(Array.from(b.data as Uint8Array)).toEqual([1, 0, 1]);
  });

  it('reads scalars and empty arrays', () => {
    const s = parseNpy(bytesOf('float32_scalar'));
    expect(s.shape).toEqual([]);
    expect(Array.from(s.data as Float32Array)).toEqual([7.5]);
    const e = parseNpy(bytesOf('float32_empty'));
    expect(e.shape).toEqual([0]);
    expect(e.data.length).toBe(0);
  });

  it('reads format versions 2.0 and 3.0 the same as 1.0', () => {
    const v1 = parseNpy(bytesOf('float32_2x3'));
    expect(parseNpy(bytesOf('v2_float32_2x3'))).toEqual(v1);
    expect(parseNpy(bytesOf('v3_float32_2x3'))).toEqual(v1);
  });

  it('returns data that shares no memory with the input', () => {
    const bytes = bytesOf('float32_2x3');
    const { data } = parseNpy(bytes);
    bytes.fill(0);
    expect(data[1]).toBe(1.5);
  });

  it('reads a Node Buffer that is a view into a larger pool', () => {
    const raw = Buffer.from(NUMPY.float32_2x3, 'base64');
    const pooled = Buffer.concat([Buffer.alloc(8, 7), raw, Buffer.alloc(8, 7)]).subarray(
      8,
      8 + raw.length,
    );
    expect(pooled.buffer.byteLength).toBeGreaterThan(raw.length);
    const { data } = parseNpy(pooled);
    expect(data.length).toBe(6);
    expect(data.buffer.byteLength).toBe(24);
    expect(npyToTensor(pooled).data).toEqual(parseNpy(bytesOf('float32_2x3')).data);
  });

  it('accepts the older 16-byte-aligned headers with Python 2 long integers', () => {
    const data = new Uint8Array(new Int32Array([5, 6]).buffer);
    const header = "{'descr': '<i4', 'fortran_order': False, 'shape': (2L,), }";
    const text = `${header}${' '.repeat(16 - ((10 + header.length + 1) % 16))}\n`;
    const bytes = new Uint8Array(10 + text.length + data.length);
    bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, text.length, 0]);
    for (let i = 0; i < text.length; i++) bytes[10 + i] = text.charCodeAt(i);
    bytes.set(data, 10 + text.length);
    expect(Array.from(parseNpy(bytes).data as Int32Array)).toEqual([5, 6]);
  });

  it('accepts <u1 and keys in any order with double quotes', () => {
    const a = parseNpy(
      handMade('{"shape": (2,), "fortran_order": False, "descr": "<u1"}', new Uint8Array([3, 4])),
    );
    expect(a).toMatchObject({ dtype: 'uint8', shape: [2] });
    expect(Array.from(a.data as Uint8Array)).toEqual([3, 4]);
  });
});

describe('encodeNpy', () => {
  it('writes exactly the bytes numpy writes', () => {
    for (const name of [
      'float32_2x3',
      'float64_3',
      'int64_2x2',
      'int32_4',
      'uint8_2x2',
      'bool_3',
      'float32_scalar',
      'float32_empty',
    ] as const) {
      const bytes = bytesOf(name);
      expect(Buffer.from(encodeNpy(parseNpy(bytes))).toString('base64'), name).toBe(NUMPY[name]);
    }
  });

  it('writes a Tensor as float32 and reads it back', () => {
    const t = { data: new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]), shape: [2, 1, 2, 2] };
    const bytes = encodeNpy(t);
    const back = parseNpy(bytes);
    expect(back.dtype).toBe('float32');
    expect(back.shape).toEqual(t.shape);
    expect(back.data).toEqual(t.data);
  });

  it('aligns the header to 64 bytes for any shape, including long ones', () => {
    for (const shape of [
      [],
      [1],
      [12345678],
      [2, 3, 4, 5, 6],
      Array.from({ length: 40 }, () => 1),
    ]) {
      const bytes = encodeNpy({ data: new Float32Array(shape.reduce((a, b) => a * b, 1)), shape });
      const headerEnd = bytes.length - 4 * shape.reduce((a, b) => a * b, 1);
      expect(headerEnd % 64, JSON.stringify(shape)).toBe(0);
      expect(bytes[headerEnd - 1]).toBe(0x0a);
      expect(parseNpy(bytes).shape).toEqual(shape);
    }
  });

  it('round-trips a subarray view without its neighbours', () => {
    const whole = new Int32Array([9, 1, 2, 3, 9]);
    const arr: NpyArray = { dtype: 'int32', shape: [3], data: whole.subarray(1, 4) };
    expect(Array.from(parseNpy(encodeNpy(arr)).data as Int32Array)).toEqual([1, 2, 3]);
  });

  it('rejects data that does not match the dtype or the shape', () => {
    expect(() => encodeNpy({ dtype: 'int32', shape: [2], data: new Float32Array(2) })).toThrow(
      /Int32Array|int32/,
    );
    expect(() => encodeNpy({ data: new Float32Array(5), shape: [2, 3] })).toThrow(
      /Expected 6 values/,
    );
    expect(() => encodeNpy({ data: new Float32Array(0), shape: [-1] })).toThrow(/non-negative/);
  });
});

describe('npyToTensor', () => {
  it('converts every numeric dtype to float32', () => {
    expect(Array.from(npyToTensor(bytesOf('int64_2x2')).data)).toEqual([
      1,
      -2,
      2 ** 40,
      Math.fround(-(2 ** 62)),
    ]);
    expect(Array.from(npyToTensor(bytesOf('uint8_2x2')).data)).toEqual([0, 1, 128, 255]);
    expect(Array.from(npyToTensor(bytesOf('bool_3')).data)).toEqual([1, 0, 1]);
    const t = npyToTensor(bytesOf('float64_3'));
    expect(t.data).toBeInstanceOf(Float32Array);
    expect(t.shape).toEqual([3]);
    expect(t.data[0]).toBe(Math.fround(0.1));
    expect(t.data[2]).toBe(Number.POSITIVE_INFINITY); // 1e300 overflows float32
  });
});

describe('malformed files are INVALID_FILE errors that say what was expected', () => {
  it('bad magic', () => {
    const e = invalidFile(() =>
      parseNpy(new TextEncoder().encode('PK\u0003\u0004 not an npy file'), 'x.npy'),
    );
    expect(e.message).toMatch(/magic/);
    expect(e.message).toMatch(/50 4b 03 04/);
    expect(e.message).toMatch(/x\.npy/);
  });

  it('too short to hold a preamble', () => {
    expect(invalidFile(() => parseNpy(new Uint8Array([0x93, 0x4e, 0x55]))).message).toMatch(
      /magic/,
    );
  });

  it('unknown format version', () => {
    const bytes = bytesOf('float32_2x3').slice();
    bytes[6] = 4;
    expect(invalidFile(() => parseNpy(bytes)).message).toMatch(
      /version 1\.0, 2\.0 or 3\.0 but received 4\.0/,
    );
  });

  it('truncated header', () => {
    expect(invalidFile(() => parseNpy(bytesOf('float32_2x3').subarray(0, 60))).message).toMatch(
      /truncated header/,
    );
  });

  it('header that is not a dict literal', () => {
    expect(invalidFile(() => parseNpy(handMade("{'descr': '<f4', 'shape': (2,"))).message).toMatch(
      /dict literal/,
    );
    expect(invalidFile(() => parseNpy(handMade('__import__("os")'))).message).toMatch(
      /dict literal/,
    );
    expect(invalidFile(() => parseNpy(handMade('[1, 2]'))).message).toMatch(/Expected a dict/);
  });

  it('missing or extra header keys', () => {
    const e = invalidFile(() =>
      parseNpy(handMade("{'descr': '<f4', 'shape': (1,)}", new Uint8Array(4))),
    );
    expect(e.message).toMatch(/descr, fortran_order, shape but received descr, shape/);
  });

  it('data shorter or longer than the shape', () => {
    const bytes = bytesOf('float32_2x3');
    const short = invalidFile(() => parseNpy(bytes.subarray(0, bytes.length - 1)));
    expect(short.message).toMatch(
      /Expected 24 bytes of float32 data for shape \[2, 3\] but received 23/,
    );
    expect(short.message).toMatch(/truncated/);
    const long = new Uint8Array(bytes.length + 4);
    long.set(bytes);
    expect(invalidFile(() => parseNpy(long)).message).toMatch(/extra bytes/);
  });

  it('unknown dtypes, structured dtypes and big-endian data', () => {
    expect(invalidFile(() => parseNpy(bytesOf('int16_2'))).message).toMatch(
      /dtypes .*<f4.* but received '<i2'/,
    );
    expect(invalidFile(() => parseNpy(bytesOf('structured_1'))).message).toMatch(/structured/);
    expect(invalidFile(() => parseNpy(bytesOf('bigendian_2'))).message).toMatch(
      /'>f4'.*big-endian/,
    );
  });

  it('Fortran order', () => {
    expect(invalidFile(() => parseNpy(bytesOf('fortran_2x3'))).message).toMatch(
      /C-order.*fortran_order: true.*ascontiguousarray/,
    );
  });

  it('bad shapes', () => {
    expect(
      invalidFile(() =>
        parseNpy(handMade("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }")),
      ).message,
    ).toMatch(/non-negative integers/);
    expect(
      invalidFile(() =>
        parseNpy(handMade("{'descr': '<f4', 'fortran_order': False, 'shape': 3, }")),
      ).message,
    ).toMatch(/tuple/);
    const huge = "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999, 99999999999), }";
    expect(invalidFile(() => parseNpy(handMade(huge))).message).toMatch(/fits in memory/);
  });

  it('a version 2.0 header length beyond the file', () => {
    const bytes = handMade(
      "{'descr': '<f4', 'fortran_order': False, 'shape': (0,), }",
      new Uint8Array(),
      2,
    );
    new DataView(bytes.buffer).setUint32(8, 0xfffffff0, true);
    expect(invalidFile(() => parseNpy(bytes)).message).toMatch(/truncated header/);
  });
});
