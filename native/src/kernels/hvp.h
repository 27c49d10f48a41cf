// Family 2, Hessian-vector products (docs/kernels.md, section 2), in float64 rounded once.
#pragma once

#include <cstddef>

namespace xai::kernels {

// Per row b of [B, K]: s = Σ_k p_k·u_k (index order); out = p_k·(u_k − s).
void softmax_hvp(const float* p, const float* u, std::size_t B, std::size_t K, float* out);

// out = (g₊ − g₋) / (2h), elementwise; h finite and > 0.
void central_difference(const float* plus, const float* minus, std::size_t n, double h,
                        float* out);

}  // namespace xai::kernels
