// Family 0, random draws (docs/rng.md): out[j] = uniform(offset + j) or normal(offset + j)
// of (seed, stream). seed, stream and offset + n - 1 must be at most 2^53 - 1.
#pragma once

#include <cstddef>
#include <cstdint>

namespace xai::kernels {

constexpr uint64_t kMaxCounter = (uint64_t(1) << 53) - 1;

void fill_uniform(float* out, std::size_t n, uint64_t seed, uint64_t stream, uint64_t offset);
void fill_normal(float* out, std::size_t n, uint64_t seed, uint64_t stream, uint64_t offset);

// Throws std::invalid_argument unless seed, stream and the n elements from offset are
// within 0 … 2^53 - 1.
void check_counter(uint64_t seed, uint64_t stream, uint64_t offset, std::size_t n);

// Single-threaded versions, for callers that already run in parallel.
void fill_uniform_serial(float* out, std::size_t n, uint64_t seed, uint64_t stream,
                         uint64_t offset);
void fill_normal_serial(float* out, std::size_t n, uint64_t seed, uint64_t stream,
                        uint64_t offset);

}  // namespace xai::kernels
