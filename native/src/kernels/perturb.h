// Family 1, masked perturbation batches (docs/kernels.md, section 1): bilinear upsampling
// with half-pixel centres (torch's align_corners=False) or, with align_corners, the corner
// pixels' centres aligned (torch's UpsamplingBilinear2d), and the blend
// out[n, j] = b_j + m·(x_j − b_j) (+ σ_j·z), in float64 rounded once to float32.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace xai::kernels {

// Where each output index of one axis reads from (lo, hi) and the weight t of hi.
struct AxisTaps {
  std::vector<int32_t> lo, hi;
  std::vector<double> frac, one_minus_frac;
};
AxisTaps axis_taps(std::size_t in_size, std::size_t out_size, bool align_corners = false);

// masks [N, h, w] -> out [N, H, W].
void upsample(const float* masks, std::size_t N, std::size_t h, std::size_t w, std::size_t H,
              std::size_t W, float* out, bool align_corners = false);

struct PerturbNoise {
  bool enabled = false;
  const float* sigma = nullptr;  // C·H·W values, or null for sigma_scalar
  float sigma_scalar = 0.0f;
  uint64_t seed = 0, stream = 0, offset = 0;
};

// x [C, H, W]; baseline [C, H, W] or null for baseline_scalar; masks [N, h, w];
// out [N, C, H, W]. Throws std::invalid_argument on empty sizes, null pointers or a
// noise counter past 2^53 - 1.
void perturb(const float* x, std::size_t C, std::size_t H, std::size_t W, const float* baseline,
             float baseline_scalar, const float* masks, std::size_t N, std::size_t h,
             std::size_t w, const PerturbNoise& noise, float* out, bool align_corners = false);

}  // namespace xai::kernels
