#include "kernels/hvp.h"

#include <cmath>
#include <stdexcept>

#include "kernels/thread_pool.h"

namespace xai::kernels {

void softmax_hvp(const float* p, const float* u, std::size_t B, std::size_t K, float* out) {
  if (B == 0 || K == 0) throw std::invalid_argument("Expected a non-empty [B, K] for softmaxHvp but received a zero size");
  if (!p || !u || !out) throw std::invalid_argument("Expected probability, vector and output buffers but received null");
  parallel_for(B, std::max<std::size_t>(1, (1 << 14) / K), [&](std::size_t begin, std::size_t end) {
    for (std::size_t b = begin; b < end; ++b) {
      const float* pr = p + b * K;
      const float* ur = u + b * K;
      double s = 0.0;
      for (std::size_t k = 0; k < K; ++k) s += double(pr[k]) * double(ur[k]);
      float* o = out + b * K;
      for (std::size_t k = 0; k < K; ++k) o[k] = float(double(pr[k]) * (double(ur[k]) - s));
    }
  });
}

void central_difference(const float* plus, const float* minus, std::size_t n, double h,
                        float* out) {
  if (!(std::isfinite(h) && h > 0)) throw std::invalid_argument("Expected a finite number > 0 for the step h");
  if (n > 0 && (!plus || !minus || !out)) throw std::invalid_argument("Expected gradient and output buffers but received null");
  const double two_h = 2.0 * h;
  parallel_for(n, 1 << 16, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) out[i] = float((double(plus[i]) - double(minus[i])) / two_h);
  });
}

}  // namespace xai::kernels
