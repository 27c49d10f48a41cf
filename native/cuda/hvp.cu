// Hessian-vector products on the GPU: one thread a row (the sum pᵀu in index order, so the
// result is bit-identical to the CPU), elementwise central differences.
#include <cmath>

#include <utility>

#include "cuda/common.cuh"

namespace xai::cuda {
namespace {

__global__ void softmax_hvp_kernel(const float* p, const float* u, int64_t B, int64_t K, float* out) {
  for (int64_t b = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; b < B;
       b += int64_t(gridDim.x) * blockDim.x) {
    double s = 0.0;
    for (int64_t k = 0; k < K; ++k) s += double(p[b * K + k]) * double(u[b * K + k]);
    for (int64_t k = 0; k < K; ++k) out[b * K + k] = float(double(p[b * K + k]) * (double(u[b * K + k]) - s));
  }
}

__global__ void central_difference_kernel(const float* plus, const float* minus, int64_t n,
                                          double two_h, float* out) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
       i += int64_t(gridDim.x) * blockDim.x) {
    out[i] = float((double(plus[i]) - double(minus[i])) / two_h);
  }
}

}  // namespace

void softmax_hvp(const float* p, const float* u, std::size_t B, std::size_t K, float* out) {
  if (B == 0 || K == 0) throw std::invalid_argument("Expected a non-empty [B, K] for softmaxHvp but received a zero size");
  require_device();
  auto d_p = detail::input(p, B * K);
  auto d_u = detail::input(u, B * K);
  detail::DeviceBuffer<float> d_out(B * K);
  softmax_hvp_kernel<<<detail::blocks_for(B), 256>>>(d_p.get(), d_u.get(), B, K, d_out.get());
  detail::finish_launch("softmaxHvp");
  detail::output(std::move(d_out), out, B * K);
}

void central_difference(const float* plus, const float* minus, std::size_t n, double h, float* out) {
  if (!(std::isfinite(h) && h > 0)) throw std::invalid_argument("Expected a finite number > 0 for the step h");
  if (n == 0) return;
  require_device();
  auto d_plus = detail::input(plus, n);
  auto d_minus = detail::input(minus, n);
  detail::DeviceBuffer<float> d_out(n);
  central_difference_kernel<<<detail::blocks_for(n), 256>>>(d_plus.get(), d_minus.get(), n, 2.0 * h,
                                                             d_out.get());
  detail::finish_launch("centralDifference");
  detail::output(std::move(d_out), out, n);
}

}  // namespace xai::cuda
