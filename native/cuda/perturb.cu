// Upsampling and perturbation batches on the GPU: one thread an output element, the taps
// those of the CPU (uploaded), float64 with --fmad=false, so the blends are bit-identical.
#include <vector>

#include <utility>

#include "cuda/common.cuh"
#include "kernels/perturb.h"
#include "kernels/philox.h"
#include "kernels/random.h"

namespace xai::cuda {
namespace {

// The taps of one output index of one axis, computed on the host by kernels::axis_taps
// (the very values the CPU uses) and uploaded: no 64-bit division on the device.
struct Tap {
  int32_t lo, hi;
  double t, one_minus_t;
};

std::vector<Tap> host_taps(std::size_t in, std::size_t out) {
  const kernels::AxisTaps a = kernels::axis_taps(in, out);
  std::vector<Tap> taps(out);
  for (std::size_t o = 0; o < out; ++o) taps[o] = {a.lo[o], a.hi[o], a.frac[o], a.one_minus_frac[o]};
  return taps;
}

__device__ __forceinline__ float up(const float* m, int64_t w, const Tap& ty, const Tap& tx) {
  const float* r0 = m + int64_t(ty.lo) * w;
  const float* r1 = m + int64_t(ty.hi) * w;
  const double top = tx.one_minus_t * double(r0[tx.lo]) + tx.t * double(r0[tx.hi]);
  const double bottom = tx.one_minus_t * double(r1[tx.lo]) + tx.t * double(r1[tx.hi]);
  return float(ty.one_minus_t * top + ty.t * bottom);
}

// Index is int32_t when every index fits, int64_t otherwise (32-bit division is far cheaper).
template <typename Index>
__global__ void upsample_kernel(const float* masks, Index N, Index h, Index w, Index H, Index W,
                                const Tap* ys, const Tap* xs, float* out) {
  const Index plane = H * W, total = N * plane;
  for (Index i = Index(blockIdx.x) * Index(blockDim.x) + Index(threadIdx.x); i < total;
       i += Index(gridDim.x) * Index(blockDim.x)) {
    const Index n = i / plane, p = i - n * plane, y = p / W, x = p - y * W;
    out[i] = up(masks + int64_t(n) * h * w, w, ys[y], xs[x]);
  }
}

template <typename Index>
__global__ void perturb_kernel(const float* x, Index C, Index H, Index W, const float* baseline,
                               float baseline_scalar, const float* masks, Index N, Index h, Index w,
                               const Tap* ys, const Tap* xs, bool noisy, const float* sigma,
                               float sigma_scalar, uint64_t seed, uint64_t stream, uint64_t offset,
                               float* out) {
  const Index plane = H * W, size = C * plane, total = N * size;
  for (Index i = Index(blockIdx.x) * Index(blockDim.x) + Index(threadIdx.x); i < total;
       i += Index(gridDim.x) * Index(blockDim.x)) {
    const Index n = i / size, j = i - n * size, c = j / plane, p = j - c * plane, y = p / W,
                xx = p - y * W;
    const double m = up(masks + int64_t(n) * h * w, w, ys[y], xs[xx]);
    const double b = baseline != nullptr ? double(baseline[j]) : double(baseline_scalar);
    double v = b + m * (double(x[j]) - b);
    if (noisy) {
      const double s = sigma != nullptr ? double(sigma[j]) : double(sigma_scalar);
      v = v + s * double(kernels::xai_normal(seed, stream, offset + uint64_t(i)));
    }
    out[i] = float(v);
  }
}

constexpr uint64_t kInt32Limit = 0x7FFFFFFFull;

}  // namespace

void upsample(const float* masks, std::size_t N, std::size_t h, std::size_t w, std::size_t H,
              std::size_t W, float* out) {
  if (N == 0 || h == 0 || w == 0 || H == 0 || W == 0) {
    throw std::invalid_argument("Expected non-empty masks and output sizes for upsample but received a zero size");
  }
  require_device();
  auto d_masks = detail::input(masks, N * h * w);
  const std::vector<Tap> ys = host_taps(h, H), xs = host_taps(w, W);
  auto d_ys = detail::upload(ys.data(), ys.size());
  auto d_xs = detail::upload(xs.data(), xs.size());
  detail::DeviceBuffer<float> d_out(N * H * W);
  const unsigned grid = detail::blocks_for(N * H * W);
  if (N * H * W <= kInt32Limit) {
    upsample_kernel<int32_t><<<grid, 256>>>(d_masks.get(), int32_t(N), int32_t(h), int32_t(w),
                                            int32_t(H), int32_t(W), d_ys.get(), d_xs.get(), d_out.get());
  } else {
    upsample_kernel<int64_t><<<grid, 256>>>(d_masks.get(), int64_t(N), int64_t(h), int64_t(w),
                                            int64_t(H), int64_t(W), d_ys.get(), d_xs.get(), d_out.get());
  }
  detail::finish_launch("upsample");
  detail::output(std::move(d_out), out, N * H * W);
}

void perturb(const float* x, std::size_t C, std::size_t H, std::size_t W, const float* baseline,
             float baseline_scalar, const float* masks, std::size_t N, std::size_t h,
             std::size_t w, const kernels::PerturbNoise& noise, float* out) {
  if (C == 0 || H == 0 || W == 0 || N == 0 || h == 0 || w == 0) {
    throw std::invalid_argument("Expected non-empty x and masks for perturb but received a zero size");
  }
  const std::size_t size = C * H * W;
  if (noise.enabled) kernels::check_counter(noise.seed, noise.stream, noise.offset, N * size);
  require_device();
  auto d_x = detail::input(x, size);
  auto d_b = detail::input(baseline, baseline != nullptr ? size : 0);
  auto d_masks = detail::input(masks, N * h * w);
  const bool sigma_array = noise.enabled && noise.sigma != nullptr;
  auto d_sigma = detail::input(noise.sigma, sigma_array ? size : 0);
  const std::vector<Tap> ys = host_taps(h, H), xs = host_taps(w, W);
  auto d_ys = detail::upload(ys.data(), ys.size());
  auto d_xs = detail::upload(xs.data(), xs.size());
  detail::DeviceBuffer<float> d_out(N * size);
  const float* b = baseline != nullptr ? d_b.get() : nullptr;
  const float* sg = sigma_array ? d_sigma.get() : nullptr;
  const unsigned grid = detail::blocks_for(N * size);
  if (N * size <= kInt32Limit && N * h * w <= kInt32Limit) {
    perturb_kernel<int32_t><<<grid, 256>>>(d_x.get(), int32_t(C), int32_t(H), int32_t(W), b,
                                           baseline_scalar, d_masks.get(), int32_t(N), int32_t(h),
                                           int32_t(w), d_ys.get(), d_xs.get(), noise.enabled, sg,
                                           noise.sigma_scalar, noise.seed, noise.stream,
                                           noise.offset, d_out.get());
  } else {
    perturb_kernel<int64_t><<<grid, 256>>>(d_x.get(), int64_t(C), int64_t(H), int64_t(W), b,
                                           baseline_scalar, d_masks.get(), int64_t(N), int64_t(h),
                                           int64_t(w), d_ys.get(), d_xs.get(), noise.enabled, sg,
                                           noise.sigma_scalar, noise.seed, noise.stream,
                                           noise.offset, d_out.get());
  }
  detail::finish_launch("perturb");
  detail::output(std::move(d_out), out, N * size);
}

}  // namespace xai::cuda
