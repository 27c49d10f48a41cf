// Family 3, ranking (docs/kernels.md, section 3): stable descending argsort of each row,
// top-k, and pixel orders to insertion/deletion step masks.
#pragma once

#include <cstddef>
#include <cstdint>

namespace xai::kernels {

// The key that sorts ascending exactly as the contract orders values: descending, with
// +0 and -0 equal. Values must not be NaN.
uint32_t descending_key(float v);

// For each of `rows` rows of n values, the first `keep` indices (1 ≤ keep ≤ n) of the stable
// descending order into out[rows, keep]. Throws std::invalid_argument on NaN.
void argsort_descending(const float* values, std::size_t rows, std::size_t n, std::size_t keep,
                        int32_t* out);

// Throws std::invalid_argument unless each of the rows of order [rows, n] is a permutation
// of 0 … n-1. When position is not null, position[r·n + p] = where pixel p stands in row r.
void check_permutations(const int32_t* order, std::size_t rows, std::size_t n, uint32_t* position);

// Throws std::invalid_argument unless masks first … first + count − 1 exist among the S + 1.
void check_step_range(std::size_t steps, std::size_t first, std::size_t count);

// order [rows, n] (each row a permutation of 0 … n-1), S steps of k pixels: masks
// first … first + count − 1 of the S + 1, out[rows, count, n], mask s = `on` at the first
// min(s·k, n) pixels of the order (a range lets callers build long curves in batches).
// Throws std::invalid_argument when a row is not a permutation or the range is outside [0, S].
void rank_masks(const int32_t* order, std::size_t rows, std::size_t n, std::size_t steps,
                std::size_t pixels_per_step, std::size_t first, std::size_t count, bool deletion,
                float* out);

}  // namespace xai::kernels
