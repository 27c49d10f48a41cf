#include "kernels/random.h"

#include <stdexcept>
#include <string>

#include "kernels/philox.h"
#include "kernels/thread_pool.h"

namespace xai::kernels {

void check_counter(uint64_t seed, uint64_t stream, uint64_t offset, std::size_t n) {
  if (seed > kMaxCounter || stream > kMaxCounter || offset > kMaxCounter) {
    throw std::invalid_argument(
        "Expected a seed, stream and offset in 0 … 2^53 - 1 but received seed " +
        std::to_string(seed) + ", stream " + std::to_string(stream) + ", offset " +
        std::to_string(offset));
  }
  if (n > 0 && uint64_t(n - 1) > kMaxCounter - offset) {
    throw std::invalid_argument("Expected the last draw to be at most 2^53 - 1 but received offset " +
                                std::to_string(offset) + " with " + std::to_string(n) +
                                " elements");
  }
}

void fill_uniform_serial(float* out, std::size_t n, uint64_t seed, uint64_t stream,
                         uint64_t offset) {
  std::size_t j = 0;
  while (j < n) {
    const uint64_t i = offset + j;
    const Philox4 b = xai_block(seed, stream, i / 4);
    for (unsigned lane = unsigned(i % 4); lane < 4 && j < n; ++lane, ++j) {
      out[j] = uniform_from_word(b.w[lane]);
    }
  }
}

void fill_normal_serial(float* out, std::size_t n, uint64_t seed, uint64_t stream,
                        uint64_t offset) {
  std::size_t j = 0;
  while (j < n) {
    const uint64_t i = offset + j;
    const Philox4 b = xai_block(seed, stream, i / 4);
    float z[4];
    normal_pair(b.w[0], b.w[1], &z[0], &z[1]);
    normal_pair(b.w[2], b.w[3], &z[2], &z[3]);
    for (unsigned lane = unsigned(i % 4); lane < 4 && j < n; ++lane, ++j) out[j] = z[lane];
  }
}

namespace {
template <typename Fill>
void fill_parallel(float* out, std::size_t n, uint64_t seed, uint64_t stream, uint64_t offset,
                   Fill fill) {
  check_counter(seed, stream, offset, n);
  if (n > 0 && out == nullptr) throw std::invalid_argument("Expected an output buffer but received null");
  parallel_for(n, 1 << 14, [&](std::size_t begin, std::size_t end) {
    fill(out + begin, end - begin, seed, stream, offset + begin);
  });
}
}  // namespace

void fill_uniform(float* out, std::size_t n, uint64_t seed, uint64_t stream, uint64_t offset) {
  fill_parallel(out, n, seed, stream, offset, fill_uniform_serial);
}

void fill_normal(float* out, std::size_t n, uint64_t seed, uint64_t stream, uint64_t offset) {
  fill_parallel(out, n, seed, stream, offset, fill_normal_serial);
}

}  // namespace xai::kernels
