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

std::vector<Tap> host_taps(std::size_t in, std::size_t out, bool align_corners) {
  const kernels::AxisTaps a = kernels::axis_taps(in, out, align_corners);
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
// Four neighbouring pixels of one row a thread (W % 4 == 0, so a group never leaves its row
// and every channel's four values are one aligned float4): the index arithmetic and the
// stores are shared by four outputs. With noise and a counter offset that is a multiple of
// 4, the four draws are one Philox block (the same values xai_normal gives one by one).
// Full-size masks (identity taps) take the CPU's float formula for them (perturb.cpp,
// identity_row), which gives the general formula's bits.
template <typename Index, bool kNoisy, bool kIdentity>
__global__ void perturb4_kernel(const float* x, Index C, Index H, Index W, const float* baseline,
                                float baseline_scalar, const float* masks, Index N, Index h,
                                Index w, const Tap* ys, const Tap* xs, const float* sigma,
                                float sigma_scalar, uint64_t seed, uint64_t stream, uint64_t offset,
                                float* __restrict__ out) {
  const Index plane = H * W, size = C * plane, quads = N * (plane / 4);
  for (Index q = Index(blockIdx.x) * Index(blockDim.x) + Index(threadIdx.x); q < quads;
       q += Index(gridDim.x) * Index(blockDim.x)) {
    const Index n = q / (plane / 4), p = (q - n * (plane / 4)) * 4, y = p / W, x0 = p - y * W;
    const float* mask = masks + int64_t(n) * h * w;
    double m[4];
    if (kIdentity) {
      const float* r0 = mask + int64_t(y) * w;
      const float* r1 = mask + int64_t(y + 1 < H ? y + 1 : H - 1) * w;
      for (int l = 0; l < 4; ++l) {
        const Index xx = x0 + l, x1 = xx + 1 < W ? xx + 1 : W - 1;
        const float top = r0[xx] + 0.0f * r0[x1];
        const float bottom = r1[xx] + 0.0f * r1[x1];
        m[l] = double(top + 0.0f * bottom);
      }
    } else {
      const Tap ty = ys[y];
      for (int l = 0; l < 4; ++l) m[l] = up(mask, w, ty, xs[x0 + l]);
    }
    for (Index c = 0, j = p; c < C; ++c, j += plane) {
      const float4 xv = __ldg(reinterpret_cast<const float4*>(x + j));
      const double xs4[4] = {double(xv.x), double(xv.y), double(xv.z), double(xv.w)};
      double b[4];
      if (baseline != nullptr) {
        const float4 bv = __ldg(reinterpret_cast<const float4*>(baseline + j));
        b[0] = bv.x, b[1] = bv.y, b[2] = bv.z, b[3] = bv.w;
      } else {
        b[0] = b[1] = b[2] = b[3] = double(baseline_scalar);
      }
      double v[4];
      for (int l = 0; l < 4; ++l) v[l] = b[l] + m[l] * (xs4[l] - b[l]);
      const Index o = n * size + j;
      if (kNoisy) {
        double s4[4];
        if (sigma != nullptr) {
          const float4 sv = __ldg(reinterpret_cast<const float4*>(sigma + j));
          s4[0] = sv.x, s4[1] = sv.y, s4[2] = sv.z, s4[3] = sv.w;
        } else {
          s4[0] = s4[1] = s4[2] = s4[3] = double(sigma_scalar);
        }
        const uint64_t counter = offset + uint64_t(o);
        float z[4];
        if (counter % 4 == 0) {
          const kernels::Philox4 r = kernels::xai_block(seed, stream, counter / 4);
          kernels::normal_pair(r.w[0], r.w[1], &z[0], &z[1]);
          kernels::normal_pair(r.w[2], r.w[3], &z[2], &z[3]);
        } else {
          for (int l = 0; l < 4; ++l) z[l] = kernels::xai_normal(seed, stream, counter + l);
        }
        for (int l = 0; l < 4; ++l) v[l] = v[l] + s4[l] * double(z[l]);
      }
      *reinterpret_cast<float4*>(out + o) = make_float4(float(v[0]), float(v[1]), float(v[2]), float(v[3]));
    }
  }
}

constexpr uint64_t kInt32Limit = 0x7FFFFFFFull - (1ull << 25);

template <typename Index, bool kNoisy>
void perturb4_as(const float* x, std::size_t C, std::size_t H, std::size_t W, const float* baseline,
                 float baseline_scalar, const float* masks, std::size_t N, std::size_t h,
                 std::size_t w, const Tap* ys, const Tap* xs, const kernels::PerturbNoise& noise,
                 float* out, cudaStream_t s) {
  const unsigned grid = detail::blocks_for(N * H * W / 4);
  const bool identity = h == H && w == W;
  auto run = [&](auto kernel) {
    kernel<<<grid, 256, 0, s>>>(x, Index(C), Index(H), Index(W), baseline, baseline_scalar, masks,
                                Index(N), Index(h), Index(w), ys, xs, noise.sigma, noise.sigma_scalar,
                                noise.seed, noise.stream, noise.offset, out);
  };
  if (identity) {
    run(perturb4_kernel<Index, kNoisy, true>);
  } else {
    run(perturb4_kernel<Index, kNoisy, false>);
  }
}

template <typename Index>
void perturb_as(const float* x, std::size_t C, std::size_t H, std::size_t W, const float* baseline,
                float baseline_scalar, const float* masks, std::size_t N, std::size_t h,
                std::size_t w, const Tap* ys, const Tap* xs, const kernels::PerturbNoise& noise,
                float* out, cudaStream_t s, bool quads) {
  // float4 access needs rows of whole quads and 16-byte aligned arrays (cudaMalloc's are;
  // a caller's offset pointer may not be).
  const auto aligned = [](const void* p) { return p == nullptr || reinterpret_cast<uintptr_t>(p) % 16 == 0; };
  if (quads && W % 4 == 0 && aligned(x) && aligned(baseline) && aligned(out) && aligned(noise.enabled ? noise.sigma : nullptr)) {
    if (noise.enabled) {
      perturb4_as<Index, true>(x, C, H, W, baseline, baseline_scalar, masks, N, h, w, ys, xs, noise, out, s);
    } else {
      perturb4_as<Index, false>(x, C, H, W, baseline, baseline_scalar, masks, N, h, w, ys, xs, noise, out, s);
    }
    return;
  }
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
             float* out, cudaStream_t s, bool quads) {
  if (N * C * H * W <= kInt32Limit && N * h * w <= kInt32Limit) {
    perturb_as<int32_t>(x, C, H, W, baseline, baseline_scalar, masks, N, h, w, ys, xs, noise, out, s, quads);
  } else {
    perturb_as<int64_t>(x, C, H, W, baseline, baseline_scalar, masks, N, h, w, ys, xs, noise, out, s, quads);
  }
}

}  // namespace launch

void upsample(const float* masks, std::size_t N, std::size_t h, std::size_t w, std::size_t H,
              std::size_t W, float* out, bool align_corners) {
  if (N == 0 || h == 0 || w == 0 || H == 0 || W == 0) {
    throw std::invalid_argument("Expected non-empty masks and output sizes for upsample but received a zero size");
  }
  require_device();
  auto d_masks = detail::input(masks, N * h * w);
  const std::vector<launch::Tap> ys = launch::host_taps(h, H, align_corners),
                                 xs = launch::host_taps(w, W, align_corners);
  auto d_ys = detail::upload(ys.data(), ys.size());
  auto d_xs = detail::upload(xs.data(), xs.size());
  detail::DeviceBuffer<float> d_out(N * H * W);
  launch::upsample(d_masks.get(), N, h, w, H, W, d_ys.get(), d_xs.get(), d_out.get(), nullptr);
  detail::finish_launch("upsample");
  detail::output(std::move(d_out), out, N * H * W);
}

void perturb(const float* x, std::size_t C, std::size_t H, std::size_t W, const float* baseline,
             float baseline_scalar, const float* masks, std::size_t N, std::size_t h,
             std::size_t w, const kernels::PerturbNoise& noise, float* out, bool align_corners) {
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
  const std::vector<launch::Tap> ys = launch::host_taps(h, H, align_corners),
                                 xs = launch::host_taps(w, W, align_corners);
  auto d_ys = detail::upload(ys.data(), ys.size());
  auto d_xs = detail::upload(xs.data(), xs.size());
  detail::DeviceBuffer<float> d_out(N * size);
  kernels::PerturbNoise on_device = noise;
  on_device.sigma = sigma_array ? d_sigma.get() : nullptr;
  launch::perturb(d_x.get(), C, H, W, baseline != nullptr ? d_b.get() : nullptr, baseline_scalar,
                  d_masks.get(), N, h, w, d_ys.get(), d_xs.get(), on_device, d_out.get(), nullptr, true);
  detail::finish_launch("perturb");
  detail::output(std::move(d_out), out, N * size);
}

}  // namespace xai::cuda
