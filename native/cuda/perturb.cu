// Upsampling and perturbation batches on the GPU. The taps are those of the CPU (uploaded),
// the arithmetic float64 with --fmad=false, so the blends are bit-identical. A perturbation
// thread owns one pixel of one mask: it resamples the mask once and writes that pixel in
// every channel (for each channel, neighbouring threads write neighbouring floats).
#include <vector>

#include <utility>

#include "cuda/common.cuh"
#include "cuda/launch.h"
#include "kernels/perturb.h"
#include "kernels/philox.h"
#include "kernels/random.h"

namespace xai::cuda {
namespace launch {

std::vector<Tap> host_taps(std::size_t in, std::size_t out) {
  const kernels::AxisTaps a = kernels::axis_taps(in, out);
  std::vector<Tap> taps(out);
  for (std::size_t o = 0; o < out; ++o) taps[o] = {a.lo[o], a.hi[o], a.frac[o], a.one_minus_frac[o]};
  return taps;
}

}  // namespace launch

namespace {

using launch::Tap;

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

template <typename Index, bool kNoisy>
__global__ void perturb_kernel(const float* x, Index C, Index H, Index W, const float* baseline,
                               float baseline_scalar, const float* masks, Index N, Index h, Index w,
                               const Tap* ys, const Tap* xs, const float* sigma,
                               float sigma_scalar, uint64_t seed, uint64_t stream, uint64_t offset,
                               float* __restrict__ out) {
  const Index plane = H * W, size = C * plane, pixels = N * plane;
  for (Index i = Index(blockIdx.x) * Index(blockDim.x) + Index(threadIdx.x); i < pixels;
       i += Index(gridDim.x) * Index(blockDim.x)) {
    const Index n = i / plane, p = i - n * plane, y = p / W, xx = p - y * W;
    const double m = up(masks + int64_t(n) * h * w, w, ys[y], xs[xx]);
    for (Index c = 0, j = p; c < C; ++c, j += plane) {
      const double b = baseline != nullptr ? double(baseline[j]) : double(baseline_scalar);
      double v = b + m * (double(__ldg(x + j)) - b);
      const Index o = n * size + j;
      if (kNoisy) {
        const double s = sigma != nullptr ? double(sigma[j]) : double(sigma_scalar);
        v = v + s * double(kernels::xai_normal(seed, stream, offset + uint64_t(o)));
      }
      out[o] = float(v);
    }
  }
}

// Below 2^31 with room for a grid stride, so the loop index cannot overflow int32.
constexpr uint64_t kInt32Limit = 0x7FFFFFFFull - (1ull << 25);

template <typename Index>
void perturb_as(const float* x, std::size_t C, std::size_t H, std::size_t W, const float* baseline,
                float baseline_scalar, const float* masks, std::size_t N, std::size_t h,
                std::size_t w, const Tap* ys, const Tap* xs, const kernels::PerturbNoise& noise,
                float* out, cudaStream_t s) {
  const unsigned grid = detail::blocks_for(N * H * W);
  if (noise.enabled) {
    perturb_kernel<Index, true><<<grid, 256, 0, s>>>(
        x, Index(C), Index(H), Index(W), baseline, baseline_scalar, masks, Index(N), Index(h),
        Index(w), ys, xs, noise.sigma, noise.sigma_scalar, noise.seed, noise.stream, noise.offset, out);
  } else {
    perturb_kernel<Index, false><<<grid, 256, 0, s>>>(
        x, Index(C), Index(H), Index(W), baseline, baseline_scalar, masks, Index(N), Index(h),
        Index(w), ys, xs, nullptr, 0.0f, 0, 0, 0, out);
  }
}

}  // namespace

namespace launch {

void upsample(const float* masks, std::size_t N, std::size_t h, std::size_t w, std::size_t H,
              std::size_t W, const Tap* ys, const Tap* xs, float* out, cudaStream_t s) {
  const unsigned grid = detail::blocks_for(N * H * W);
  if (N * H * W <= kInt32Limit && N * h * w <= kInt32Limit) {
    upsample_kernel<int32_t><<<grid, 256, 0, s>>>(masks, int32_t(N), int32_t(h), int32_t(w),
                                                  int32_t(H), int32_t(W), ys, xs, out);
  } else {
    upsample_kernel<int64_t><<<grid, 256, 0, s>>>(masks, int64_t(N), int64_t(h), int64_t(w),
                                                  int64_t(H), int64_t(W), ys, xs, out);
  }
}

void perturb(const float* x, std::size_t C, std::size_t H, std::size_t W, const float* baseline,
             float baseline_scalar, const float* masks, std::size_t N, std::size_t h,
             std::size_t w, const Tap* ys, const Tap* xs, const kernels::PerturbNoise& noise,
             float* out, cudaStream_t s) {
  if (N * C * H * W <= kInt32Limit && N * h * w <= kInt32Limit) {
    perturb_as<int32_t>(x, C, H, W, baseline, baseline_scalar, masks, N, h, w, ys, xs, noise, out, s);
  } else {
    perturb_as<int64_t>(x, C, H, W, baseline, baseline_scalar, masks, N, h, w, ys, xs, noise, out, s);
  }
}

}  // namespace launch

void upsample(const float* masks, std::size_t N, std::size_t h, std::size_t w, std::size_t H,
              std::size_t W, float* out) {
  if (N == 0 || h == 0 || w == 0 || H == 0 || W == 0) {
    throw std::invalid_argument("Expected non-empty masks and output sizes for upsample but received a zero size");
  }
  require_device();
  auto d_masks = detail::input(masks, N * h * w);
  const std::vector<launch::Tap> ys = launch::host_taps(h, H), xs = launch::host_taps(w, W);
  auto d_ys = detail::upload(ys.data(), ys.size());
  auto d_xs = detail::upload(xs.data(), xs.size());
  detail::DeviceBuffer<float> d_out(N * H * W);
  launch::upsample(d_masks.get(), N, h, w, H, W, d_ys.get(), d_xs.get(), d_out.get(), nullptr);
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
  const std::vector<launch::Tap> ys = launch::host_taps(h, H), xs = launch::host_taps(w, W);
  auto d_ys = detail::upload(ys.data(), ys.size());
  auto d_xs = detail::upload(xs.data(), xs.size());
  detail::DeviceBuffer<float> d_out(N * size);
  kernels::PerturbNoise on_device = noise;
  on_device.sigma = sigma_array ? d_sigma.get() : nullptr;
  launch::perturb(d_x.get(), C, H, W, baseline != nullptr ? d_b.get() : nullptr, baseline_scalar,
                  d_masks.get(), N, h, w, d_ys.get(), d_xs.get(), on_device, d_out.get(), nullptr);
  detail::finish_launch("perturb");
  detail::output(std::move(d_out), out, N * size);
}

}  // namespace xai::cuda
