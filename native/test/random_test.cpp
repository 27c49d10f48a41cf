// The test vectors of docs/rng.md: Philox known answers, uniforms and normals (bits).
#include "kernels/random.h"

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "check.h"
#include "kernels/philox.h"

using namespace xai::kernels;

static uint32_t bits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}

int main() {
  // Random123 known answers.
  Philox4 a = philox4x32_10(0, 0, 0, 0, 0, 0);
  XAI_EXPECT(a.w[0] == 0x6627e8d5u && a.w[1] == 0xe169c58du && a.w[2] == 0xbc57ac4cu && a.w[3] == 0x9b00dbd8u);
  a = philox4x32_10(~0u, ~0u, ~0u, ~0u, ~0u, ~0u);
  XAI_EXPECT(a.w[0] == 0x408f276du && a.w[1] == 0x41c83b0eu && a.w[2] == 0xa20bc7c6u && a.w[3] == 0x6d5451fdu);
  a = philox4x32_10(0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u);
  XAI_EXPECT(a.w[0] == 0xd16cfe09u && a.w[1] == 0x94fdccebu && a.w[2] == 0x5001e420u && a.w[3] == 0x24126ea1u);

  // seed 42, stream 0 and 7: uniforms from the words, normal bits exact (glibc).
  const uint32_t words0[8] = {0x9ceaf053, 0x77f5493b, 0x12bf50ad, 0x5742b3d7,
                              0xfcdb2127, 0x53ba6cfd, 0x838f5a6e, 0x744e06fb};
  const uint32_t normals0[8] = {0xbf785e5a, 0x3e46acec, 0xbf9e28cc, 0x3ff6433e,
                                0xbd95e015, 0x3e0e79fe, 0xbf8da732, 0x3ea7430a};
  const uint32_t words7[8] = {0x67ee6f2c, 0xe55410cc, 0x6c7eca35, 0x557398d3,
                              0xe5dde940, 0x600f6196, 0x8fcdf8f1, 0x2c8ed839};
  const uint32_t normals7[8] = {0x3f8856db, 0xbf514951, 0xbf28902e, 0x3f9101c0,
                                0xbea8419b, 0x3ea7c2c6, 0x3efc8bde, 0x3f743a50};
  std::vector<float> u(8), z(8);
  fill_uniform(u.data(), 8, 42, 0, 0);
  fill_normal(z.data(), 8, 42, 0, 0);
  for (int i = 0; i < 8; ++i) {
    XAI_EXPECT(u[i] == float(words0[i] >> 8) * 0x1p-24f);
    XAI_EXPECT(bits(z[i]) == normals0[i]);
    XAI_EXPECT(bits(xai_normal(42, 0, i)) == normals0[i]);
  }
  fill_uniform(u.data(), 8, 42, 7, 0);
  fill_normal(z.data(), 8, 42, 7, 0);
  for (int i = 0; i < 8; ++i) {
    XAI_EXPECT(u[i] == float(words7[i] >> 8) * 0x1p-24f);
    XAI_EXPECT(bits(z[i]) == normals7[i]);
  }
  XAI_EXPECT(u[0] == 0.40598195791244507f);

  // Offsets not on a block boundary read the same elements.
  std::vector<float> tail(5);
  fill_normal(tail.data(), 5, 42, 0, 3);
  for (int i = 0; i < 5; ++i) XAI_EXPECT(bits(tail[i]) == normals0[i + 3]);
  fill_uniform(tail.data(), 5, 42, 7, 1);
  for (int i = 0; i < 5; ++i) XAI_EXPECT(tail[i] == float(words7[i + 1] >> 8) * 0x1p-24f);

  // High words: seed 2^53 - 1, stream 2^40 + 3, elements 2^34 + 1 … 2^34 + 4.
  const uint64_t seed = (uint64_t(1) << 53) - 1, stream = (uint64_t(1) << 40) + 3;
  const uint64_t first = (uint64_t(1) << 34) + 1;
  const float uniforms[4] = {0.8589810729026794f, 0.10523062944412231f, 0.8891462087631226f,
                             0.7017368078231812f};
  const uint32_t high_normals[4] = {0xbfb33ac9, 0x3fd05bf8, 0xbfae42ca, 0x3f4d1f6b};
  fill_uniform(u.data(), 4, seed, stream, first);
  fill_normal(z.data(), 4, seed, stream, first);
  for (int i = 0; i < 4; ++i) {
    XAI_EXPECT(u[i] == uniforms[i]);
    XAI_EXPECT(bits(z[i]) == high_normals[i]);
  }

  // A long fill split across threads equals element-by-element draws.
  std::vector<float> big(100003);
  fill_normal(big.data(), big.size(), 7, 9, 11);
  bool same = true;
  for (std::size_t i = 0; i < big.size(); i += 997) same = same && bits(big[i]) == bits(xai_normal(7, 9, 11 + i));
  XAI_EXPECT(same);
  fill_uniform(big.data(), big.size(), 7, 9, 11);
  same = true;
  for (std::size_t i = 0; i < big.size(); i += 997) same = same && big[i] == xai_uniform(7, 9, 11 + i);
  XAI_EXPECT(same);

  // The vectorised normals (fdlibm-style log and sin/cos) against glibc's, element by
  // element over 4 million draws: within 1 ulp (docs/rng.md allows 2), nearly all identical.
  {
    const std::size_t n = std::size_t(1) << 22;
    std::vector<float> fast(n);
    const uint64_t off = (uint64_t(1) << 32) + 3;
    fill_normal(fast.data(), n, 123456789012345ull, kMaxCounter, off);
    std::size_t differ = 0, worse = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const float ref = xai_normal(123456789012345ull, kMaxCounter, off + i);
      if (bits(fast[i]) != bits(ref)) {
        ++differ;
        const int64_t d = int64_t(int32_t(bits(fast[i]))) - int64_t(int32_t(bits(ref)));
        if (d > 1 || d < -1) ++worse;
      }
    }
    std::printf("normals differing from glibc: %zu of %zu (by more than 1 ulp: %zu)\n", differ, n, worse);
    XAI_EXPECT(worse == 0);
    XAI_EXPECT(differ < n / 10000);
  }

  // Counters past 2^53 - 1 are rejected.
  XAI_EXPECT_THROWS(fill_uniform(u.data(), 2, 0, 0, kMaxCounter), std::invalid_argument);
  XAI_EXPECT_THROWS(fill_normal(u.data(), 1, kMaxCounter + 1, 0, 0), std::invalid_argument);
  fill_uniform(u.data(), 1, 0, 0, kMaxCounter);  // the last element itself is fine
  return xai::test::finish();
}
