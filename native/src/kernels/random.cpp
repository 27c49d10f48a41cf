#include "kernels/random.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>

#include "kernels/philox.h"
#include "kernels/thread_pool.h"

namespace xai::kernels {

void check_counter(uint64_t seed, uint64_t stream, uint64_t offset, std::size_t n) {
  if (seed > kMaxCounter || stream > kMaxCounter || offset > kMaxCounter) {
    throw std::invalid_argument(
        "Expected a seed, stream and offset in 0 … 2^53 - 1 but received seed " +
        std::to_string(seed) + ", stream " + std::to_string(stream) + ", offset " +
        std::to_string(offset));
  }
  if (n > 0 && uint64_t(n - 1) > kMaxCounter - offset) {
    throw std::invalid_argument("Expected the last draw to be at most 2^53 - 1 but received offset " +
                                std::to_string(offset) + " with " + std::to_string(n) +
                                " elements");
  }
}

#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
#define XAI_VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define XAI_VECTOR_CLONES
#endif

namespace {

// fdlibm's log (e_log.c) and sin/cos kernels (k_sin.c, k_cos.c) with the argument reduction
// of a value in [0, 2π), written branch-free so that a batch of pairs vectorises. Each is
// within 1 ulp of float64 like glibc's, so the float32 normals agree with glibc's except,
// rarely, by 1 ulp where the float64 value lies within an ulp of a float32 rounding
// boundary (docs/rng.md allows 2).
constexpr double kLn2Hi = 6.93147180369123816490e-01, kLn2Lo = 1.90821492927058770002e-10;
constexpr double kLg1 = 6.666666666666735130e-01, kLg2 = 3.999999999940941908e-01,
                 kLg3 = 2.857142874366239149e-01, kLg4 = 2.222219843214978396e-01,
                 kLg5 = 1.818357216161805012e-01, kLg6 = 1.531383769920937332e-01,
                 kLg7 = 1.479819860511658591e-01;
constexpr double kS1 = -1.66666666666666324348e-01, kS2 = 8.33333333332248946124e-03,
                 kS3 = -1.98412698298579493134e-04, kS4 = 2.75573137070700676789e-06,
                 kS5 = -2.50507602534068634195e-08, kS6 = 1.58969099521155010221e-10;
constexpr double kC1 = 4.16666666666666019037e-02, kC2 = -1.38888888888741095749e-03,
                 kC3 = 2.48015872894767294178e-05, kC4 = -2.75573143513906633035e-07,
                 kC5 = 2.08757232129817482790e-09, kC6 = -1.13596475577881948265e-11;
constexpr double kTwoOverPi = 6.36619772367581382433e-01;
constexpr double kPio2_1 = 1.57079632673412561417e+00, kPio2_2 = 6.07710050630396597660e-11,
                 kPio2_2t = 2.02226624879595063154e-21;

// The words of `count` consecutive Philox blocks from `first`, across blocks at once (the
// 32×32→64-bit products vectorise), as docs/rng.md defines them.
XAI_VECTOR_CLONES
void philox_blocks(uint64_t seed, uint64_t stream, uint64_t first, std::size_t count,
                   uint32_t* __restrict w0, uint32_t* __restrict w1, uint32_t* __restrict w2,
                   uint32_t* __restrict w3) {
  const uint32_t s0 = uint32_t(stream), s1 = uint32_t(stream >> 32);
  const uint32_t key0 = uint32_t(seed), key1 = uint32_t(seed >> 32);
  for (std::size_t t = 0; t < count; ++t) {
    const uint64_t block = first + t;
    const Philox4 r = philox4x32_10(uint32_t(block), uint32_t(block >> 32), s0, s1, key0, key1);
    w0[t] = r.w[0];
    w1[t] = r.w[1];
    w2[t] = r.w[2];
    w3[t] = r.w[3];
  }
}

// The float64 inputs of pair p: k = (a >> 8) + 1 (u1 = k·2^-24) and θ = 2π·u2.
XAI_VECTOR_CLONES
void pair_inputs(const uint32_t* __restrict a, const uint32_t* __restrict b, std::size_t count,
                 double* __restrict k, double* __restrict theta) {
  for (std::size_t p = 0; p < count; ++p) {
    k[p] = double(int32_t((a[p] >> 8) + 1));
    theta[p] = 6.283185307179586 * (double(int32_t(b[p] >> 8)) * 0x1p-24);
  }
}

inline uint64_t bits_of(double d) {
  uint64_t u;
  std::memcpy(&u, &d, sizeof u);
  return u;
}

inline double from_bits(uint64_t u) {
  double d;
  std::memcpy(&d, &u, sizeof d);
  return d;
}

// r·cos θ and r·sin θ with r = sqrt(−2 log(k·2^-24)), in float64, only float64 and 64-bit
// integer lanes so that it vectorises.
XAI_VECTOR_CLONES
void pair_values(const double* __restrict kv, const double* __restrict thetav, std::size_t count,
                 double* __restrict cos_out, double* __restrict sin_out) {
  for (std::size_t p = 0; p < count; ++p) {
    // log(u1): k = m·2^e with m in [√½, √2) (fdlibm's split), u1 = m·2^(e − 24).
    const uint64_t bits = bits_of(kv[p]);
    const uint64_t i = (((bits >> 32) & 0x000fffff) + 0x95f64) & 0x100000;  // m ≥ √2 in [1, 2)
    const double m = from_bits((bits & 0x000fffffffffffffull) | ((i ^ 0x3ff00000) << 32));
    // The biased exponent (plus one when halved) as a double, via the 2^52 trick.
    const double biased = from_bits(((bits >> 52) + (i >> 20)) | 0x4330000000000000ull) - 0x1p52;
    const double dk = biased - (1023.0 + 24.0);
    const double f = m - 1.0;
    const double hfsq = 0.5 * f * f;
    const double s = f / (2.0 + f);
    const double z = s * s;
    const double w = z * z;
    const double t1 = w * (kLg2 + w * (kLg4 + w * kLg6));
    const double t2 = z * (kLg1 + w * (kLg3 + w * (kLg5 + w * kLg7)));
    const double R = t2 + t1;
    const double log_u1 = dk * kLn2Hi - ((hfsq - (s * (hfsq + R) + dk * kLn2Lo)) - f);
    const double r = std::sqrt(-2.0 * log_u1);

    // θ = q·π/2 + x with |x| ≤ π/4; q rounded to nearest with the 1.5·2^52 trick.
    const double theta = thetav[p];
    const double qshift = theta * kTwoOverPi + 0x1.8p52;
    const double qd = qshift - 0x1.8p52;
    const uint64_t q = bits_of(qshift) & 3;
    const double x = ((theta - qd * kPio2_1) - qd * kPio2_2) - qd * kPio2_2t;
    const double xx = x * x;
    const double sv =
        x + x * xx * (kS1 + xx * (kS2 + xx * (kS3 + xx * (kS4 + xx * (kS5 + xx * kS6)))));
    const double cr = xx * (kC1 + xx * (kC2 + xx * (kC3 + xx * (kC4 + xx * (kC5 + xx * kC6)))));
    const double hz = 0.5 * xx;
    const double ww = 1.0 - hz;
    const double cv = ww + (((1.0 - ww) - hz) + (xx * cr));
    // Quadrant q: (sin, cos) = (s, c), (c, −s), (−s, −c), (−c, s); selected with bit masks.
    const uint64_t sb = bits_of(sv), cb = bits_of(cv);
    const uint64_t odd = uint64_t(0) - (q & 1);
    const double sin_theta = from_bits(((cb & odd) | (sb & ~odd)) ^ ((q & 2) << 62));
    const double cos_theta = from_bits(((sb & odd) | (cb & ~odd)) ^ (((q + 1) & 2) << 62));
    cos_out[p] = r * cos_theta;
    sin_out[p] = r * sin_theta;
  }
}

XAI_VECTOR_CLONES
void to_float(const double* __restrict in, std::size_t count, float* __restrict out) {
  for (std::size_t p = 0; p < count; ++p) out[p] = float(in[p]);
}

// The four normals of each of `count` ≤ 128 blocks from `first`: z[4·t + lane].
void normal_blocks(uint64_t seed, uint64_t stream, uint64_t first, std::size_t count, float* z) {
  uint32_t w0[128], w1[128], w2[128], w3[128];
  double k[128], theta[128], c[128], s[128];
  float cf[128], sf[128];
  philox_blocks(seed, stream, first, count, w0, w1, w2, w3);
  pair_inputs(w0, w1, count, k, theta);  // lanes 0, 1
  pair_values(k, theta, count, c, s);
  to_float(c, count, cf);
  to_float(s, count, sf);
  for (std::size_t t = 0; t < count; ++t) {
    z[4 * t] = cf[t];
    z[4 * t + 1] = sf[t];
  }
  pair_inputs(w2, w3, count, k, theta);  // lanes 2, 3
  pair_values(k, theta, count, c, s);
  to_float(c, count, cf);
  to_float(s, count, sf);
  for (std::size_t t = 0; t < count; ++t) {
    z[4 * t + 2] = cf[t];
    z[4 * t + 3] = sf[t];
  }
}

}  // namespace

void fill_normal_serial(float* out, std::size_t n, uint64_t seed, uint64_t stream,
                        uint64_t offset) {
  // Batches of 128 blocks: Philox across blocks, then the float64 Box-Muller, vectorised.
  constexpr std::size_t kBlocks = 128;
  float z[4 * kBlocks];
  std::size_t j = 0;
  while (j < n) {
    const uint64_t first = (offset + j) / 4;
    const uint64_t last = (offset + n - 1) / 4;
    const std::size_t blocks = std::size_t(std::min<uint64_t>(kBlocks, last - first + 1));
    normal_blocks(seed, stream, first, blocks, z);
    const uint64_t end = std::min<uint64_t>(offset + n, (first + blocks) * 4);
    const std::size_t skip = std::size_t(offset + j - first * 4);
    const std::size_t take = std::size_t(end - (offset + j));
    std::memcpy(out + j, z + skip, take * sizeof(float));
    j += take;
  }
}

void fill_uniform_serial(float* out, std::size_t n, uint64_t seed, uint64_t stream,
                         uint64_t offset) {
  constexpr std::size_t kBlocks = 256;
  uint32_t w[4][kBlocks];
  float u[4 * kBlocks];
  std::size_t j = 0;
  while (j < n) {
    const uint64_t first = (offset + j) / 4;
    const uint64_t last = (offset + n - 1) / 4;
    const std::size_t blocks = std::size_t(std::min<uint64_t>(kBlocks, last - first + 1));
    philox_blocks(seed, stream, first, blocks, w[0], w[1], w[2], w[3]);
    for (std::size_t t = 0; t < blocks; ++t) {
      for (int lane = 0; lane < 4; ++lane) u[4 * t + lane] = uniform_from_word(w[lane][t]);
    }
    const uint64_t end = std::min<uint64_t>(offset + n, (first + blocks) * 4);
    const std::size_t skip = std::size_t(offset + j - first * 4);
    const std::size_t take = std::size_t(end - (offset + j));
    std::memcpy(out + j, u + skip, take * sizeof(float));
    j += take;
  }
}

namespace {
template <typename Fill>
void fill_parallel(float* out, std::size_t n, uint64_t seed, uint64_t stream, uint64_t offset,
                   Fill fill) {
  check_counter(seed, stream, offset, n);
  if (n > 0 && out == nullptr) throw std::invalid_argument("Expected an output buffer but received null");
  parallel_for(n, 1 << 14, [&](std::size_t begin, std::size_t end) {
    fill(out + begin, end - begin, seed, stream, offset + begin);
  });
}
}  // namespace

void fill_uniform(float* out, std::size_t n, uint64_t seed, uint64_t stream, uint64_t offset) {
  fill_parallel(out, n, seed, stream, offset, fill_uniform_serial);
}

void fill_normal(float* out, std::size_t n, uint64_t seed, uint64_t stream, uint64_t offset) {
  fill_parallel(out, n, seed, stream, offset, fill_normal_serial);
}

}  // namespace xai::kernels
