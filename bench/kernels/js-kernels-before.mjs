// The JS kernels as they were before bench/kernels/js-normal.mjs's change (commit 199fd4d:
// packages/core/src/prng.ts and js-kernels/perturb.ts, types and argument checks removed), kept
// here only so that the benchmark can time the old formulas against the library in one run.
const PHILOX_M0 = 0xd2511f53;
const PHILOX_M1 = 0xcd9e8d57;
const PHILOX_W0 = 0x9e3779b9;
const PHILOX_W1 = 0xbb67ae85;
const TWO_POW_32 = 4294967296;
const TWO_POW_MINUS_24 = 1 / 16777216;
/** Doubling Math.PI is exact, so this is the float64 nearest 2π, as `2.0 * M_PI` is in C. */
const TWO_PI = 2 * Math.PI;

/**
 * High 32 bits of the exact 64-bit product of two uint32 values, from 16-bit limbs: every
 * partial product is below 2^32, so the integer operators stay exact.
 */
function mulhi32(a, b) {
  const aLow = a & 0xffff;
  const aHigh = a >>> 16;
  const bLow = b & 0xffff;
  const bHigh = b >>> 16;
  const lowLow = aLow * bLow;
  const highLow = aHigh * bLow;
  const lowHigh = aLow * bHigh;
  const carry = ((lowLow >>> 16) + (highLow & 0xffff) + (lowHigh & 0xffff)) >>> 16;
  return (aHigh * bHigh + (highLow >>> 16) + (lowHigh >>> 16) + carry) >>> 0;
}

/**
 * One Philox4x32-10 block, written into `out` (4 words). Counter words c0..c3, key words k0, k1,
 * all uint32. Allocation-free so the bulk fills can call it per block.
 */
function philoxInto(out, c0, c1, c2, c3, k0, k1) {
  for (let round = 0; round < 10; round++) {
    if (round > 0) {
      k0 = (k0 + PHILOX_W0) >>> 0;
      k1 = (k1 + PHILOX_W1) >>> 0;
    }
    const lo0 = Math.imul(PHILOX_M0, c0) >>> 0;
    const hi0 = mulhi32(PHILOX_M0, c0);
    const lo1 = Math.imul(PHILOX_M1, c2) >>> 0;
    const hi1 = mulhi32(PHILOX_M1, c2);
    c0 = (hi1 ^ c1 ^ k0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0;
    c3 = lo0;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
}

/**
 * Reads words of one (seed, stream): word i is lane i % 4 of the block at counter
 * floor(i / 4). Caches the last block, so sequential reads cost one Philox call per 4 words.
 */
class WordReader {
  words = new Uint32Array(4);
  block = -1;
  k0;
  k1;
  s0;
  s1;

  constructor(seed, stream) {
    this.k0 = seed >>> 0;
    this.k1 = Math.floor(seed / TWO_POW_32);
    this.s0 = stream >>> 0;
    this.s1 = Math.floor(stream / TWO_POW_32);
  }

  /** The 4 words of block `b`. The returned array is reused by the next call. */
  blockWords(b) {
    if (b !== this.block) {
      philoxInto(
        this.words,
        b >>> 0,
        Math.floor(b / TWO_POW_32),
        this.s0,
        this.s1,
        this.k0,
        this.k1,
      );
      this.block = b;
    }
    return this.words;
  }

  word(i) {
    return this.blockWords(Math.floor(i / 4))[i % 4];
  }
}

/** A uniform in [0, 1) from the top 24 bits of a word; exact in float32 and float64. */
function uniformFromWord(w) {
  return (w >>> 8) * TWO_POW_MINUS_24;
}

/**
 * Box–Muller on a pair of words, in float64 and then rounded to float32: u1 in (0, 1] so the
 * logarithm is finite, u2 in [0, 1). Writes r·cos θ and r·sin θ into `out`.
 */
function boxMuller(w1, w2, out) {
  const u1 = ((w1 >>> 8) + 1) * TWO_POW_MINUS_24;
  const u2 = (w2 >>> 8) * TWO_POW_MINUS_24;
  const r = Math.sqrt(-2 * Math.log(u1));
  const theta = TWO_PI * u2;
  out[0] = Math.fround(r * Math.cos(theta));
  out[1] = Math.fround(r * Math.sin(theta));
}

/** Fills `out[j]` with uniform element `offset + j` of (seed, stream). */
function fillUniform(out, seed, stream, offset = 0) {
  const reader = new WordReader(seed, stream);
  let j = 0;
  for (let block = Math.floor(offset / 4); j < out.length; block++) {
    const words = reader.blockWords(block);
    for (let lane = j === 0 ? offset % 4 : 0; lane < 4 && j < out.length; lane++) {
      out[j++] = uniformFromWord(words[lane]);
    }
  }
  return out;
}

/**
 * Fills `out[j]` with normal element `offset + j` of (seed, stream). Element i comes from
 * block floor(i / 4): lanes (0, 1) give elements 4b (cos) and 4b + 1 (sin), lanes (2, 3)
 * give 4b + 2 (cos) and 4b + 3 (sin).
 */
function fillNormal(out, seed, stream, offset = 0) {
  const reader = new WordReader(seed, stream);
  const pair = new Float64Array(2);
  let j = 0;
  for (let block = Math.floor(offset / 4); j < out.length; block++) {
    const words = reader.blockWords(block);
    // Element 4·block + e: the pair at lanes (e & 2, (e & 2) + 1), its cosine or sine by e & 1.
    for (let e = j === 0 ? offset % 4 : 0; e < 4 && j < out.length; ) {
      const lane = e & 2;
      boxMuller(words[lane], words[lane + 1], pair);
      for (; e < lane + 2 && j < out.length; e++) out[j++] = pair[e & 1];
    }
  }
  return out;
}

function axisTaps(inSize, outSize, alignCorners = false) {
  const taps = {
    lo: new Int32Array(outSize),
    hi: new Int32Array(outSize),
    frac: new Float64Array(outSize),
    oneMinusFrac: new Float64Array(outSize),
  };
  const den = alignCorners ? Math.max(1, outSize - 1) : 2 * outSize;
  for (let o = 0; o < outSize; o++) {
    const num = alignCorners
      ? outSize === 1
        ? 0
        : o * (inSize - 1)
      : (2 * o + 1) * inSize - outSize;
    const lo = num <= 0 ? 0 : Math.floor(num / den);
    const frac = num <= 0 ? 0 : (num - lo * den) / den;
    taps.lo[o] = lo;
    taps.hi[o] = Math.min(lo + 1, inSize - 1);
    taps.frac[o] = frac;
    taps.oneMinusFrac[o] = 1 - frac;
  }
  return taps;
}

/** Resamples one h×w mask at `src[srcOffset]` into the H×W buffer at `dst[dstOffset]`. */
function resample(src, srcOffset, w, ys, xs, dst, dstOffset) {
  const H = ys.lo.length;
  const W = xs.lo.length;
  for (let y = 0; y < H; y++) {
    const row0 = srcOffset + ys.lo[y] * w;
    const row1 = srcOffset + ys.hi[y] * w;
    const ly = ys.frac[y];
    const ly0 = ys.oneMinusFrac[y];
    const out = dstOffset + y * W;
    for (let x = 0; x < W; x++) {
      const x0 = xs.lo[x];
      const x1 = xs.hi[x];
      const lx = xs.frac[x];
      const lx0 = xs.oneMinusFrac[x];
      const top = lx0 * src[row0 + x0] + lx * src[row0 + x1];
      const bottom = lx0 * src[row1 + x0] + lx * src[row1 + x1];
      dst[out + x] = ly0 * top + ly * bottom;
    }
  }
}

async function upsample(args) {
  const { masks, height: H, width: W } = args;
  const [N, h, w] = masks.shape;
  const ys = axisTaps(h, H, args.alignCorners);
  const xs = axisTaps(w, W, args.alignCorners);
  const out = new Float32Array(N * H * W);
  for (let n = 0; n < N; n++) resample(masks.data, n * h * w, w, ys, xs, out, n * H * W);
  return { data: out, shape: [N, H, W] };
}

async function perturb(args) {
  const { x, baseline, masks, noise } = args;
  const [C, H, W] = x.shape;
  const [N, h, w] = masks.shape;
  const plane = H * W;
  const size = C * plane;
  const ys = axisTaps(h, H, args.alignCorners);
  const xs = axisTaps(w, W, args.alignCorners);
  const mask = new Float32Array(plane); // rounded to float32, exactly as `upsample` returns it
  const z = noise ? new Float32Array(size) : undefined;
  const sigmaScalar = noise && typeof noise.sigma === 'number' ? Math.fround(noise.sigma) : 0;
  const sigmaArray = noise && typeof noise.sigma !== 'number' ? noise.sigma : undefined;
  const baselineScalar = typeof baseline === 'number' ? Math.fround(baseline) : 0;
  const baselineArray = typeof baseline === 'number' ? undefined : baseline.data;
  const out = new Float32Array(N * size);

  for (let n = 0; n < N; n++) {
    resample(masks.data, n * h * w, w, ys, xs, mask, 0);
    if (noise && z) fillNormal(z, noise.seed, noise.stream, (noise.offset ?? 0) + n * size);
    const base = n * size;
    for (let c = 0; c < C; c++) {
      const channel = c * plane;
      for (let p = 0; p < plane; p++) {
        const j = channel + p;
        const xv = x.data[j];
        const bv = baselineArray ? baselineArray[j] : baselineScalar;
        // In float64, rounded once at the store. b + m·(x − b) rather than m·x + (1 − m)·b so
        // that m = 0 gives b exactly.
        let v = bv + mask[p] * (xv - bv);
        if (z) v += (sigmaArray ? sigmaArray[j] : sigmaScalar) * z[j];
        out[base + j] = v;
      }
    }
  }
  return { data: out, shape: [N, C, H, W] };
}

/** The old `random` kernel: the draws without the argument checks. */
async function random(args) {
  const out = new Float32Array(args.shape.reduce((a, b) => a * b, 1));
  (args.distribution === 'uniform' ? fillUniform : fillNormal)(
    out,
    args.seed,
    args.stream,
    args.offset ?? 0,
  );
  return { data: out, shape: [...args.shape] };
}

export const before = { fillNormal, fillUniform, random, upsample, perturb };
