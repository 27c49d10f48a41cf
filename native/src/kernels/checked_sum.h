// A placeholder kernel that shows the shape every kernel has: plain pointers and sizes
// in, a result out, std::invalid_argument (naming the element at fault) on bad input.
#pragma once

#include <cstddef>

namespace xai::kernels {

// Sum of x[0..n), accumulated in double. Throws std::invalid_argument when x is null
// with n > 0 or when an element is NaN or infinite.
double checked_sum(const float* x, std::size_t n);

}  // namespace xai::kernels
