#include "kernels/checked_sum.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace xai::kernels {

double checked_sum(const float* x, std::size_t n) {
  if (n > 0 && x == nullptr) {
    throw std::invalid_argument("checked_sum: expected data for " + std::to_string(n) +
                                " elements but received a null pointer");
  }
  double total = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(x[i])) {
      throw std::invalid_argument("checked_sum: expected finite values but element " +
                                  std::to_string(i) + " is " +
                                  (std::isnan(x[i]) ? "NaN" : "infinite"));
    }
    total += x[i];
  }
  return total;
}

}  // namespace xai::kernels
