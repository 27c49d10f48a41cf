#include "kernels/curves.h"

#include <algorithm>
#include <stdexcept>

#include "kernels/thread_pool.h"

namespace xai::kernels {

void curve_areas(const float* scores, std::size_t rows, std::size_t n, float* auc, float* mean) {
  if (rows == 0 || n < 2) throw std::invalid_argument("Expected at least one curve of at least 2 points but received fewer");
  if (!scores || !auc || !mean) throw std::invalid_argument("Expected score and output buffers but received null");
  parallel_for(rows, std::max<std::size_t>(1, (1 << 15) / n), [&](std::size_t begin, std::size_t end) {
    for (std::size_t r = begin; r < end; ++r) {
      const float* y = scores + r * n;
      double sum = 0.0;
      for (std::size_t i = 0; i < n; ++i) sum += double(y[i]);
      double trapezoids = 0.0;
      for (std::size_t i = 0; i + 1 < n; ++i) trapezoids += (double(y[i]) + double(y[i + 1])) * 0.5;
      mean[r] = float(sum / double(n));
      auc[r] = float(trapezoids / double(n - 1));
    }
  });
}

}  // namespace xai::kernels
