// Built instead of the .cu kernels when there is no CUDA compiler or XAI_CUDA=OFF.
#include <stdexcept>

#include "cuda/kernels.h"

namespace xai::cuda {
namespace {
[[noreturn]] void unavailable() {
  throw std::runtime_error(
      "the CUDA kernels were not compiled into this build of xai_native (no CUDA compiler was "
      "found, or XAI_CUDA=OFF); rebuild with nvcc on PATH, or use the CPU kernels");
}
}  // namespace

TransferCounts transfer_counts() { return {}; }
void reset_transfer_counts() {}
ResidencyScope::ResidencyScope(bool on) : previous_(on) {}
ResidencyScope::~ResidencyScope() = default;
void track_output(const void*, std::size_t) {}
void forget_output(const void*) {}
void require_device() { unavailable(); }
void fill_uniform(float*, std::size_t, uint64_t, uint64_t, uint64_t) { unavailable(); }
void fill_normal(float*, std::size_t, uint64_t, uint64_t, uint64_t) { unavailable(); }
void upsample(const float*, std::size_t, std::size_t, std::size_t, std::size_t, std::size_t, float*,
              bool) {
  unavailable();
}
void perturb(const float*, std::size_t, std::size_t, std::size_t, const float*, float, const float*,
             std::size_t, std::size_t, std::size_t, const kernels::PerturbNoise&, float*, bool) {
  unavailable();
}
void softmax_hvp(const float*, const float*, std::size_t, std::size_t, float*) { unavailable(); }
void central_difference(const float*, const float*, std::size_t, double, float*) { unavailable(); }
void argsort_descending(const float*, std::size_t, std::size_t, std::size_t, int32_t*) {
  unavailable();
}
void rank_masks(const int32_t*, std::size_t, std::size_t, std::size_t, std::size_t, std::size_t,
                std::size_t, bool, float*) {
  unavailable();
}
void curve_areas(const float*, std::size_t, std::size_t, float*, float*) { unavailable(); }

}  // namespace xai::cuda
