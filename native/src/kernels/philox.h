// The counter-based generator of docs/rng.md (Philox4x32-10 keyed by seed, countered by
// (block, stream)), shared by the C++ and the CUDA kernels: under nvcc every function is
// __host__ __device__. Uniforms are exact; normals are float64 Box-Muller rounded once.
#pragma once

#include <cmath>
#include <cstdint>

#if defined(__CUDACC__)
#define XAI_HD __host__ __device__ __forceinline__
#else
#define XAI_HD inline
#endif

namespace xai::kernels {

struct Philox4 {
  uint32_t w[4];
};

XAI_HD Philox4 philox4x32_10(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3, uint32_t k0,
                             uint32_t k1) {
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k0 += 0x9E3779B9u;
      k1 += 0xBB67AE85u;
    }
    const uint64_t p0 = uint64_t(0xD2511F53u) * c0;
    const uint64_t p1 = uint64_t(0xCD9E8D57u) * c2;
    const uint32_t n0 = uint32_t(p1 >> 32) ^ c1 ^ k0;
    const uint32_t n2 = uint32_t(p0 >> 32) ^ c3 ^ k1;
    c0 = n0;
    c1 = uint32_t(p1);
    c2 = n2;
    c3 = uint32_t(p0);
  }
  return {{c0, c1, c2, c3}};
}

// Block `block` of (seed, stream): words 4·block … 4·block + 3 of the stream.
XAI_HD Philox4 xai_block(uint64_t seed, uint64_t stream, uint64_t block) {
  return philox4x32_10(uint32_t(block), uint32_t(block >> 32), uint32_t(stream),
                       uint32_t(stream >> 32), uint32_t(seed), uint32_t(seed >> 32));
}

// The top 24 bits of a word as a fraction in [0, 1 - 2^-24]; exact in float32.
XAI_HD float uniform_from_word(uint32_t w) { return float(w >> 8) * 0x1p-24f; }

// The pair of normals (cosine, sine) from two words, in float64 as docs/rng.md orders it.
XAI_HD void normal_pair(uint32_t w0, uint32_t w1, float* cos_out, float* sin_out) {
  const double u1 = double((w0 >> 8) + 1) * 0x1p-24;
  const double u2 = double(w1 >> 8) * 0x1p-24;
  const double r = ::sqrt(-2.0 * ::log(u1));
  const double theta = 6.283185307179586 * u2;
  *cos_out = float(r * ::cos(theta));
  *sin_out = float(r * ::sin(theta));
}

XAI_HD float xai_uniform(uint64_t seed, uint64_t stream, uint64_t i) {
  return uniform_from_word(xai_block(seed, stream, i / 4).w[i % 4]);
}

XAI_HD float xai_normal(uint64_t seed, uint64_t stream, uint64_t i) {
  const Philox4 b = xai_block(seed, stream, i / 4);
  const int lane = int((i / 2) % 2) * 2;
  float c, s;
  normal_pair(b.w[lane], b.w[lane + 1], &c, &s);
  return i % 2 == 0 ? c : s;
}

}  // namespace xai::kernels
