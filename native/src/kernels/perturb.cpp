#include "kernels/perturb.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "kernels/random.h"
#include "kernels/thread_pool.h"

namespace xai::kernels {

// Source coordinate of output o as the exact fraction num/den: half-pixel centres,
// ((2o + 1)·in − out) / (2·out) clamped at 0; corner-aligned, o·(in − 1) / (out − 1) (0 when
// out = 1, as torch). Integer num and den keep floor and remainder exact in every language.
AxisTaps axis_taps(std::size_t in_size, std::size_t out_size, bool align_corners) {
  AxisTaps t;
  t.lo.resize(out_size);
  t.hi.resize(out_size);
  t.frac.resize(out_size);
  t.one_minus_frac.resize(out_size);
  const int64_t in = int64_t(in_size), out = int64_t(out_size);
  const int64_t den = align_corners ? std::max<int64_t>(1, out - 1) : 2 * out;
  for (int64_t o = 0; o < out; ++o) {
    const int64_t num = align_corners ? (out == 1 ? 0 : o * (in - 1)) : (2 * o + 1) * in - out;
    const int64_t lo = num <= 0 ? 0 : num / den;
    const double frac = num <= 0 ? 0.0 : double(num - lo * den) / double(den);
    t.lo[o] = int32_t(lo);
    t.hi[o] = int32_t(std::min(lo + 1, in - 1));
    t.frac[o] = frac;
    t.one_minus_frac[o] = 1.0 - frac;
  }
  return t;
}

namespace {

#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
// The hot loops also get an AVX2 build, picked at load time; both round identically
// (IEEE float64, no contraction), AVX2 just does four lanes at once.
#define XAI_VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define XAI_VECTOR_CLONES
#endif

// One source row interpolated along x, in float64: top[x] of the contract.
XAI_VECTOR_CLONES
void interpolate_row(const float* __restrict src, const int32_t* __restrict lo,
                     const int32_t* __restrict hi, const double* __restrict t,
                     const double* __restrict t0, std::size_t W, double* __restrict out) {
  for (std::size_t x = 0; x < W; ++x) out[x] = t0[x] * double(src[lo[x]]) + t[x] * double(src[hi[x]]);
}

// (1 − ty)·top + ty·bottom, rounded to float32.
XAI_VECTOR_CLONES
void combine_rows(const double* __restrict top, const double* __restrict bottom, double ty0,
                  double ty, std::size_t W, float* __restrict out) {
  for (std::size_t x = 0; x < W; ++x) out[x] = float(ty0 * top[x] + ty * bottom[x]);
}

// The contract's formula when the mask already has the output's size: every tap is lo = o,
// hi = min(o + 1, n − 1) with weight 0, so the value is s[y][x] up to the sign of a zero,
// which the zero-weighted terms decide. Every sum adds a zero (the masks are finite), so
// nothing rounds and float32 gives the float64 formula's bits; the loads are contiguous,
// without the general path's gathers and row buffers.
XAI_VECTOR_CLONES
void identity_row(const float* __restrict r0, const float* __restrict r1, std::size_t W,
                  float* __restrict out) {
  for (std::size_t x = 0; x + 1 < W; ++x) {
    const float top = r0[x] + 0.0f * r0[x + 1];
    const float bottom = r1[x] + 0.0f * r1[x + 1];
    out[x] = top + 0.0f * bottom;
  }
  const std::size_t x = W - 1;
  out[x] = (r0[x] + 0.0f * r0[x]) + 0.0f * (r1[x] + 0.0f * r1[x]);
}

// Rows [y0, y1) of one resampled mask into dst (row y at dst + (y - y0)·W). Each source row
// is interpolated along x once (rows[] caches them), then pairs of rows are combined along y:
// the very operations of the contract, in its order.
void resample_rows(const float* src, std::size_t h, std::size_t w, const AxisTaps& ys,
                   const AxisTaps& xs, std::size_t y0, std::size_t y1, float* dst,
                   std::vector<double>& rows) {
  const std::size_t W = xs.lo.size();
  if (h == ys.lo.size() && w == W) {
    for (std::size_t y = y0; y < y1; ++y) {
      identity_row(src + y * w, src + std::min(y + 1, h - 1) * w, W, dst + (y - y0) * W);
    }
    return;
  }
  const std::size_t first = std::size_t(ys.lo[y0]), last = std::size_t(ys.hi[y1 - 1]);
  rows.resize((last - first + 1) * W);
  for (std::size_t r = first; r <= last; ++r) {
    interpolate_row(src + r * w, xs.lo.data(), xs.hi.data(), xs.frac.data(),
                    xs.one_minus_frac.data(), W, rows.data() + (r - first) * W);
  }
  for (std::size_t y = y0; y < y1; ++y) {
    combine_rows(rows.data() + (std::size_t(ys.lo[y]) - first) * W,
                 rows.data() + (std::size_t(ys.hi[y]) - first) * W, ys.one_minus_frac[y],
                 ys.frac[y], W, dst + (y - y0) * W);
  }
}

XAI_VECTOR_CLONES
void blend_tensor(const float* __restrict x, const float* __restrict b, const float* __restrict m,
                  std::size_t count, float* __restrict out) {
  for (std::size_t p = 0; p < count; ++p) {
    const double bv = b[p];
    out[p] = float(bv + double(m[p]) * (double(x[p]) - bv));
  }
}

XAI_VECTOR_CLONES
void blend_scalar(const float* __restrict x, double b, const float* __restrict m,
                  std::size_t count, float* __restrict out) {
  for (std::size_t p = 0; p < count; ++p) out[p] = float(b + double(m[p]) * (double(x[p]) - b));
}

XAI_VECTOR_CLONES
void blend_noise(const float* __restrict x, const float* __restrict b, double b_scalar,
                 const float* __restrict m, const float* __restrict sigma, double sigma_scalar,
                 const float* __restrict z, std::size_t count, float* __restrict out) {
  for (std::size_t p = 0; p < count; ++p) {
    const double bv = b != nullptr ? double(b[p]) : b_scalar;
    const double s = sigma != nullptr ? double(sigma[p]) : sigma_scalar;
    out[p] = float((bv + double(m[p]) * (double(x[p]) - bv)) + s * double(z[p]));
  }
}

void require(bool ok, const std::string& message) {
  if (!ok) throw std::invalid_argument(message);
}

// Rows handled by one task: enough work per task, and tasks of whole rows.
std::size_t rows_per_task(std::size_t W, std::size_t per_pixel) {
  const std::size_t target = 1 << 15;
  return std::max<std::size_t>(1, target / std::max<std::size_t>(1, W * per_pixel));
}

}  // namespace

void upsample(const float* masks, std::size_t N, std::size_t h, std::size_t w, std::size_t H,
              std::size_t W, float* out, bool align_corners) {
  require(N > 0 && h > 0 && w > 0 && H > 0 && W > 0,
          "Expected non-empty masks and output sizes for upsample but received a zero size");
  require(masks != nullptr && out != nullptr, "Expected mask and output buffers but received null");
  const AxisTaps ys = axis_taps(h, H, align_corners), xs = axis_taps(w, W, align_corners);
  const std::size_t band = rows_per_task(W, 1);
  const std::size_t bands = (H + band - 1) / band;
  parallel_for(N * bands, 1, [&](std::size_t begin, std::size_t end) {
    std::vector<double> rows;
    for (std::size_t t = begin; t < end; ++t) {
      const std::size_t n = t / bands, y0 = (t % bands) * band, y1 = std::min(H, y0 + band);
      resample_rows(masks + n * h * w, h, w, ys, xs, y0, y1, out + (n * H + y0) * W, rows);
    }
  });
}

void perturb(const float* x, std::size_t C, std::size_t H, std::size_t W, const float* baseline,
             float baseline_scalar, const float* masks, std::size_t N, std::size_t h,
             std::size_t w, const PerturbNoise& noise, float* out, bool align_corners) {
  require(C > 0 && H > 0 && W > 0 && N > 0 && h > 0 && w > 0,
          "Expected non-empty x and masks for perturb but received a zero size");
  require(x != nullptr && masks != nullptr && out != nullptr,
          "Expected x, mask and output buffers but received null");
  const std::size_t plane = H * W, size = C * plane;
  if (noise.enabled) check_counter(noise.seed, noise.stream, noise.offset, N * size);
  const AxisTaps ys = axis_taps(h, H, align_corners), xs = axis_taps(w, W, align_corners);
  const std::size_t band = rows_per_task(W, C);
  const std::size_t bands = (H + band - 1) / band;

  parallel_for(N * bands, 1, [&](std::size_t begin, std::size_t end) {
    std::vector<float> mask(band * W);
    std::vector<float> z(noise.enabled ? band * W : 0);
    std::vector<double> rows;
    for (std::size_t t = begin; t < end; ++t) {
      const std::size_t n = t / bands, y0 = (t % bands) * band, y1 = std::min(H, y0 + band);
      const std::size_t count = (y1 - y0) * W;
      resample_rows(masks + n * h * w, h, w, ys, xs, y0, y1, mask.data(), rows);
      for (std::size_t c = 0; c < C; ++c) {
        const std::size_t j0 = c * plane + y0 * W;  // first element of this band and channel
        float* o = out + n * size + j0;
        if (!noise.enabled) {
          if (baseline != nullptr) {
            blend_tensor(x + j0, baseline + j0, mask.data(), count, o);
          } else {
            blend_scalar(x + j0, double(baseline_scalar), mask.data(), count, o);
          }
          continue;
        }
        fill_normal_serial(z.data(), count, noise.seed, noise.stream, noise.offset + n * size + j0);
        blend_noise(x + j0, baseline != nullptr ? baseline + j0 : nullptr, double(baseline_scalar),
                    mask.data(), noise.sigma != nullptr ? noise.sigma + j0 : nullptr,
                    double(noise.sigma_scalar), z.data(), count, o);
      }
    }
  });
}

}  // namespace xai::kernels
