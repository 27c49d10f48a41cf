// Upsampling and blends against hand-computed values (torch's align_corners=False and True).
#include "kernels/perturb.h"

#include <cmath>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "check.h"
#include "kernels/philox.h"

using namespace xai::kernels;

int main() {
  // One axis 2 -> 4: sources -0.25, 0.25, 0.75, 1.25 clamped: weights 0, .25, .75, 1.
  {
    const std::vector<float> m{0.0f, 1.0f};  // [1, 1, 2]
    std::vector<float> out(4);
    upsample(m.data(), 1, 1, 2, 1, 4, out.data());
    XAI_EXPECT(out[0] == 0.0f && out[1] == 0.25f && out[2] == 0.75f && out[3] == 1.0f);
  }
  // 2x2 -> 4x4, corners and centre.
  {
    const std::vector<float> m{0.0f, 1.0f, 2.0f, 3.0f};
    std::vector<float> out(16);
    upsample(m.data(), 1, 2, 2, 4, 4, out.data());
    XAI_EXPECT(out[0] == 0.0f && out[3] == 1.0f && out[12] == 2.0f && out[15] == 3.0f);
    // (1,1): ty = tx = 0.25: 0.75·(0.75·0 + 0.25·1) + 0.25·(0.75·2 + 0.25·3) = 0.75
    XAI_EXPECT(out[5] == 0.75f);
    // (2,1): ty = 0.75, tx = 0.25: 0.25·0.25 + 0.75·2.25 = 1.75
    XAI_EXPECT(out[9] == 1.75f);
  }
  // A 1x1 mask becomes a constant; a mask at full resolution comes back unchanged.
  {
    const std::vector<float> one{0.3f};
    std::vector<float> out(15);
    upsample(one.data(), 1, 1, 1, 3, 5, out.data());
    for (float v : out) XAI_EXPECT(v == 0.3f);
    std::vector<float> m(12);
    for (int i = 0; i < 12; ++i) m[i] = 0.1f * float(i) - 0.4f;
    std::vector<float> same(12);
    upsample(m.data(), 1, 3, 4, 3, 4, same.data());
    for (int i = 0; i < 12; ++i) XAI_EXPECT(same[i] == m[i]);
    // Shrinking 4 -> 2 reads sources 0.5 and 2.5: the means of neighbours.
    const std::vector<float> row{0, 1, 2, 3};
    std::vector<float> half(2);
    upsample(row.data(), 1, 1, 4, 1, 2, half.data());
    XAI_EXPECT(half[0] == 0.5f && half[1] == 2.5f);
  }
  // Corner-aligned (torch's UpsamplingBilinear2d): output o reads o·(in − 1)/(out − 1). A ramp
  // m[i][j] = 4i + j upsamples 3x4 -> 7x10 to 4·y/3 + x/3 (to float rounding), corners kept
  // exactly; a 1-wide output reads the first pixel; perturb blends with the same mask.
  {
    std::vector<float> m(12);
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 4; ++j) m[i * 4 + j] = float(4 * i + j);
    std::vector<float> out(70);
    upsample(m.data(), 1, 3, 4, 7, 10, out.data(), true);
    for (int y = 0; y < 7; ++y)
      for (int x = 0; x < 10; ++x) XAI_EXPECT(std::fabs(out[y * 10 + x] - (4.0 * y / 3 + x / 3.0)) < 2e-6);
    XAI_EXPECT(out[0] == 0.0f && out[9] == 3.0f && out[60] == 8.0f && out[69] == 11.0f);
    std::vector<float> one(1);
    upsample(m.data(), 1, 3, 4, 1, 1, one.data(), true);
    XAI_EXPECT(one[0] == 0.0f);
    const AxisTaps t = axis_taps(2, 4, true);  // sources 0, 1/3, 2/3, 1
    XAI_EXPECT(t.lo[1] == 0 && t.hi[1] == 1 && t.frac[1] == 1.0 / 3 && t.lo[3] == 1 && t.frac[3] == 0.0);
    const std::vector<float> x(70, 2.0f);
    std::vector<float> blended(70);
    perturb(x.data(), 1, 7, 10, nullptr, 0.0f, m.data(), 1, 3, 4, PerturbNoise{}, blended.data(), true);
    for (int i = 0; i < 70; ++i) XAI_EXPECT(blended[i] == float(0.0 + double(out[i]) * 2.0));
  }
  // Blend: b + m·(x − b) per channel with a 1x1 mask; scalar and tensor baselines.
  {
    const std::vector<float> x{1, 2, 3, 4, 5, 6, 7, 8};  // [2, 2, 2]
    const std::vector<float> masks{0.0f, 0.5f, 1.0f};    // [3, 1, 1]
    std::vector<float> out(24);
    perturb(x.data(), 2, 2, 2, nullptr, 1.0f, masks.data(), 3, 1, 1, PerturbNoise{}, out.data());
    for (int j = 0; j < 8; ++j) {
      XAI_EXPECT(out[j] == 1.0f);
      XAI_EXPECT(out[8 + j] == 1.0f + 0.5f * (x[j] - 1.0f));
      XAI_EXPECT(out[16 + j] == x[j]);
    }
    std::vector<float> base(8, -2.0f);
    perturb(x.data(), 2, 2, 2, base.data(), 0.0f, masks.data(), 3, 1, 1, PerturbNoise{}, out.data());
    XAI_EXPECT(out[0] == -2.0f && out[8] == -0.5f && out[16] == 1.0f);

    // Noise: sample n, element j draws normal(offset + n·8 + j), scaled by sigma.
    PerturbNoise noise;
    noise.enabled = true;
    noise.sigma_scalar = 0.5f;
    noise.seed = 42;
    noise.stream = 3;
    noise.offset = 5;
    perturb(x.data(), 2, 2, 2, nullptr, 0.0f, masks.data(), 3, 1, 1, noise, out.data());
    bool ok = true;
    for (int n = 0; n < 3; ++n)
      for (int j = 0; j < 8; ++j) {
        const double clean = double(masks[n]) * double(x[j]);
        const float expect = float(clean + 0.5 * double(xai_normal(42, 3, 5 + n * 8 + j)));
        ok = ok && out[n * 8 + j] == expect;
      }
    XAI_EXPECT(ok);
    std::vector<float> sigma{0, 1, 0, 1, 0, 1, 0, 1};
    noise.sigma = sigma.data();
    perturb(x.data(), 2, 2, 2, nullptr, 0.0f, masks.data(), 3, 1, 1, noise, out.data());
    XAI_EXPECT(out[0] == 0.0f && out[16] == 1.0f && out[17] == float(2.0 + double(xai_normal(42, 3, 5 + 17))));
  }
  // A large batch split into bands across threads equals the per-pixel formula.
  {
    const std::size_t C = 3, H = 67, W = 45, N = 5, h = 7, w = 9;
    std::vector<float> x(C * H * W), masks(N * h * w), up(N * H * W), out(N * C * H * W);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = float(i % 17) * 0.25f - 2.0f;
    for (std::size_t i = 0; i < masks.size(); ++i) masks[i] = float(i % 5) * 0.3f - 0.2f;
    upsample(masks.data(), N, h, w, H, W, up.data());
    perturb(x.data(), C, H, W, nullptr, 0.5f, masks.data(), N, h, w, PerturbNoise{}, out.data());
    bool ok = true;
    for (std::size_t n = 0; n < N; ++n)
      for (std::size_t c = 0; c < C; ++c)
        for (std::size_t p = 0; p < H * W; ++p) {
          const double b = 0.5, m = up[n * H * W + p], xv = x[c * H * W + p];
          ok = ok && out[(n * C + c) * H * W + p] == float(b + m * (xv - b));
        }
    XAI_EXPECT(ok);
  }
  // Masks at full resolution take a shortcut; its bits, zero signs included, are those of the
  // contract's formula written out per pixel (a -0 stays -0 only when its zero-weighted
  // neighbours are negative or -0 too).
  {
    const std::size_t N = 2, H = 5, W = 7;
    const float pool[] = {0.0f, -0.0f, -1.5f, 0.25f, 1.0f, -0.0f};
    std::vector<float> masks(N * H * W), up(N * H * W);
    for (std::size_t i = 0; i < masks.size(); ++i) masks[i] = pool[(i * 7 + i / 3) % 6];
    upsample(masks.data(), N, H, W, H, W, up.data());
    const AxisTaps ys = axis_taps(H, H), xs = axis_taps(W, W);
    auto bits = [](float v) {
      uint32_t b;
      std::memcpy(&b, &v, sizeof b);
      return b;
    };
    bool ok = true, negative_zero_seen = false, negative_zero_lost = false;
    for (std::size_t n = 0; n < N; ++n)
      for (std::size_t y = 0; y < H; ++y)
        for (std::size_t x = 0; x < W; ++x) {
          const float* m = masks.data() + n * H * W;
          auto row = [&](std::size_t r) {
            return xs.one_minus_frac[x] * double(m[r * W + xs.lo[x]]) +
                   xs.frac[x] * double(m[r * W + xs.hi[x]]);
          };
          const float expect =
              float(ys.one_minus_frac[y] * row(ys.lo[y]) + ys.frac[y] * row(ys.hi[y]));
          const float got = up[(n * H + y) * W + x];
          ok = ok && bits(got) == bits(expect);
          const float source = m[y * W + x];
          negative_zero_seen = negative_zero_seen || bits(expect) == bits(-0.0f);
          negative_zero_lost = negative_zero_lost || (bits(source) == bits(-0.0f) && bits(expect) == 0);
        }
    XAI_EXPECT(ok);
    XAI_EXPECT(negative_zero_seen && negative_zero_lost);  // both zero cases are exercised
    std::vector<float> x(3 * H * W, 2.0f), out(N * 3 * H * W);
    perturb(x.data(), 3, H, W, nullptr, -0.0f, masks.data(), N, H, W, PerturbNoise{}, out.data());
    bool blend_ok = true;
    for (std::size_t n = 0; n < N; ++n)
      for (std::size_t c = 0; c < 3; ++c)
        for (std::size_t p = 0; p < H * W; ++p) {
          const double m = up[n * H * W + p];
          const float expect = float(-0.0 + m * (2.0 - -0.0));
          blend_ok = blend_ok && bits(out[(n * 3 + c) * H * W + p]) == bits(expect);
        }
    XAI_EXPECT(blend_ok);
  }
  XAI_EXPECT_THROWS(upsample(nullptr, 1, 1, 1, 1, 1, nullptr), std::invalid_argument);
  {
    std::vector<float> x(4), m(1), out(4);
    PerturbNoise noise;
    noise.enabled = true;
    noise.offset = (uint64_t(1) << 53) - 2;
    XAI_EXPECT_THROWS(perturb(x.data(), 1, 2, 2, nullptr, 0, m.data(), 1, 1, 1, noise, out.data()),
                      std::invalid_argument);
    XAI_EXPECT_THROWS(perturb(x.data(), 0, 2, 2, nullptr, 0, m.data(), 1, 1, 1, PerturbNoise{}, out.data()),
                      std::invalid_argument);
  }
  return xai::test::finish();
}
