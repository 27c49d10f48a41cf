// Family 4, curves (docs/kernels.md, section 4): per row, the trapezoid area over x evenly
// spaced in [0, 1] and the mean, both summed in float64 in index order.
#pragma once

#include <cstddef>

namespace xai::kernels {

// scores [rows, n], n ≥ 2 -> auc[rows], mean[rows].
void curve_areas(const float* scores, std::size_t rows, std::size_t n, float* auc, float* mean);

}  // namespace xai::kernels
