#include "kernels/perturb.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "kernels/random.h"
#include "kernels/thread_pool.h"

namespace xai::kernels {

AxisTaps axis_taps(std::size_t in_size, std::size_t out_size) {
  AxisTaps t;
  t.lo.resize(out_size);
  t.hi.resize(out_size);
  t.frac.resize(out_size);
  t.one_minus_frac.resize(out_size);
  const int64_t in = int64_t(in_size), out = int64_t(out_size), den = 2 * out;
  for (int64_t o = 0; o < out; ++o) {
    const int64_t num = (2 * o + 1) * in - out;
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

// Rows [y0, y1) of one resampled mask into dst (row y at dst + (y - y0)·W).
void resample_rows(const float* src, std::size_t w, const AxisTaps& ys, const AxisTaps& xs,
                   std::size_t y0, std::size_t y1, float* dst) {
  const std::size_t W = xs.lo.size();
  const int32_t* xlo = xs.lo.data();
  const int32_t* xhi = xs.hi.data();
  const double* lx = xs.frac.data();
  const double* lx0 = xs.one_minus_frac.data();
  for (std::size_t y = y0; y < y1; ++y) {
    const float* row0 = src + std::size_t(ys.lo[y]) * w;
    const float* row1 = src + std::size_t(ys.hi[y]) * w;
    const double ly = ys.frac[y], ly0 = ys.one_minus_frac[y];
    float* out = dst + (y - y0) * W;
    for (std::size_t x = 0; x < W; ++x) {
      const double top = lx0[x] * double(row0[xlo[x]]) + lx[x] * double(row0[xhi[x]]);
      const double bottom = lx0[x] * double(row1[xlo[x]]) + lx[x] * double(row1[xhi[x]]);
      out[x] = float(ly0 * top + ly * bottom);
    }
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
              std::size_t W, float* out) {
  require(N > 0 && h > 0 && w > 0 && H > 0 && W > 0,
          "Expected non-empty masks and output sizes for upsample but received a zero size");
  require(masks != nullptr && out != nullptr, "Expected mask and output buffers but received null");
  const AxisTaps ys = axis_taps(h, H), xs = axis_taps(w, W);
  const std::size_t band = rows_per_task(W, 1);
  const std::size_t bands = (H + band - 1) / band;
  parallel_for(N * bands, 1, [&](std::size_t begin, std::size_t end) {
    for (std::size_t t = begin; t < end; ++t) {
      const std::size_t n = t / bands, y0 = (t % bands) * band, y1 = std::min(H, y0 + band);
      resample_rows(masks + n * h * w, w, ys, xs, y0, y1, out + (n * H + y0) * W);
    }
  });
}

void perturb(const float* x, std::size_t C, std::size_t H, std::size_t W, const float* baseline,
             float baseline_scalar, const float* masks, std::size_t N, std::size_t h,
             std::size_t w, const PerturbNoise& noise, float* out) {
  require(C > 0 && H > 0 && W > 0 && N > 0 && h > 0 && w > 0,
          "Expected non-empty x and masks for perturb but received a zero size");
  require(x != nullptr && masks != nullptr && out != nullptr,
          "Expected x, mask and output buffers but received null");
  const std::size_t plane = H * W, size = C * plane;
  if (noise.enabled) check_counter(noise.seed, noise.stream, noise.offset, N * size);
  const AxisTaps ys = axis_taps(h, H), xs = axis_taps(w, W);
  const std::size_t band = rows_per_task(W, C);
  const std::size_t bands = (H + band - 1) / band;

  parallel_for(N * bands, 1, [&](std::size_t begin, std::size_t end) {
    std::vector<float> mask(band * W);
    std::vector<float> z(noise.enabled ? band * W : 0);
    for (std::size_t t = begin; t < end; ++t) {
      const std::size_t n = t / bands, y0 = (t % bands) * band, y1 = std::min(H, y0 + band);
      const std::size_t count = (y1 - y0) * W;
      resample_rows(masks + n * h * w, w, ys, xs, y0, y1, mask.data());
      const float* m = mask.data();
      for (std::size_t c = 0; c < C; ++c) {
        const std::size_t j0 = c * plane + y0 * W;  // first element of this band and channel
        const float* xv = x + j0;
        float* o = out + n * size + j0;
        if (!noise.enabled) {
          if (baseline != nullptr) {
            const float* bv = baseline + j0;
            for (std::size_t p = 0; p < count; ++p) {
              const double b = bv[p];
              o[p] = float(b + double(m[p]) * (double(xv[p]) - b));
            }
          } else {
            const double b = baseline_scalar;
            for (std::size_t p = 0; p < count; ++p) {
              o[p] = float(b + double(m[p]) * (double(xv[p]) - b));
            }
          }
          continue;
        }
        fill_normal_serial(z.data(), count, noise.seed, noise.stream, noise.offset + n * size + j0);
        const float* zv = z.data();
        for (std::size_t p = 0; p < count; ++p) {
          const double b = baseline != nullptr ? double(baseline[j0 + p]) : double(baseline_scalar);
          const double s = noise.sigma != nullptr ? double(noise.sigma[j0 + p]) : double(noise.sigma_scalar);
          o[p] = float((b + double(m[p]) * (double(xv[p]) - b)) + s * double(zv[p]));
        }
      }
    }
  });
}

}  // namespace xai::kernels
