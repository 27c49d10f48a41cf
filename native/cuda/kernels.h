// The CUDA kernels, behind plain C++ functions that take and return host memory (so the
// binding and the C++ tests include this without the CUDA headers). Each call copies its
// inputs to the device, runs, and copies the outputs back; the copies are counted. Inside
// a ResidencyScope(true), outputs whose host memory the binding tracks keep their device
// copy, and an input that is such memory is not uploaded again (the GPU data path).
// Without a CUDA build (kernels_stub.cpp) every function throws std::runtime_error.
// Arguments are as for the CPU kernels in src/kernels/ and are checked the same way.
#pragma once

#include <cstddef>
#include <cstdint>

#include "kernels/perturb.h"

namespace xai::cuda {

// Host <-> device copies made so far by the functions below (all threads together).
struct TransferCounts {
  uint64_t host_to_device = 0, device_to_host = 0;
  uint64_t bytes_to_device = 0, bytes_to_host = 0;
  // Inputs found on the device instead of uploaded, and the bytes kept there now.
  uint64_t reused = 0, bytes_reused = 0, resident_bytes = 0;
};
TransferCounts transfer_counts();
void reset_transfer_counts();

// Throws std::runtime_error saying why, unless a CUDA device is usable.
void require_device();

// While one lives (with on = true), the functions below called on this thread keep the
// device copies of their outputs whose host memory is tracked, and use a kept copy for an
// input that is exactly such memory. For callers that never modify kernel outputs.
class ResidencyScope {
 public:
  explicit ResidencyScope(bool on);
  ~ResidencyScope();
  ResidencyScope(const ResidencyScope&) = delete;
  ResidencyScope& operator=(const ResidencyScope&) = delete;

 private:
  bool previous_;
};
// The binding's side: `bytes` at `host` is an output it allocated and may be kept; `host`
// is being freed or reused. At most XAI_CUDA_RESIDENT_MB (default 1024) MiB stay kept.
void track_output(const void* host, std::size_t bytes);
void forget_output(const void* host);

void fill_uniform(float* out, std::size_t n, uint64_t seed, uint64_t stream, uint64_t offset);
void fill_normal(float* out, std::size_t n, uint64_t seed, uint64_t stream, uint64_t offset);
void upsample(const float* masks, std::size_t N, std::size_t h, std::size_t w, std::size_t H,
              std::size_t W, float* out, bool align_corners = false);
void perturb(const float* x, std::size_t C, std::size_t H, std::size_t W, const float* baseline,
             float baseline_scalar, const float* masks, std::size_t N, std::size_t h,
             std::size_t w, const kernels::PerturbNoise& noise, float* out,
             bool align_corners = false);
void softmax_hvp(const float* p, const float* u, std::size_t B, std::size_t K, float* out);
void central_difference(const float* plus, const float* minus, std::size_t n, double h,
                        float* out);
void argsort_descending(const float* values, std::size_t rows, std::size_t n, std::size_t keep,
                        int32_t* out);
void rank_masks(const int32_t* order, std::size_t rows, std::size_t n, std::size_t steps,
                std::size_t pixels_per_step, std::size_t first, std::size_t count, bool deletion,
                float* out);
void curve_areas(const float* scores, std::size_t rows, std::size_t n, float* auc, float* mean);

}  // namespace xai::cuda
