// Ranking on the GPU. Argsort: each value becomes the 64-bit key (descending_key << 32 | index)
// and CUB radix-sorts bits 32..63 only; a radix sort is stable and the keys start in index
// order, so ties keep index order, as the contract asks. Step masks: the inverse permutation
// (checked on the host), then one thread an output element.
#include <cub/cub.cuh>

#include <cmath>
#include <string>
#include <vector>

#include <utility>

#include "cuda/common.cuh"
#include "kernels/ranking.h"

namespace xai::cuda {
namespace {

__device__ __forceinline__ uint32_t descending_key(float v) {
  uint32_t bits = __float_as_uint(v == 0.0f ? 0.0f : v);
  const uint32_t ascending = (bits & 0x80000000u) ? ~bits : (bits | 0x80000000u);
  return ~ascending;
}

__global__ void keys_kernel(const float* v, int64_t rows, int64_t n, uint64_t* keys) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < rows * n;
       i += int64_t(gridDim.x) * blockDim.x) {
    keys[i] = (uint64_t(descending_key(v[i])) << 32) | uint64_t(i % n);
  }
}

__global__ void take_kernel(const uint64_t* keys, int64_t rows, int64_t n, int64_t keep, int32_t* out) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < rows * keep;
       i += int64_t(gridDim.x) * blockDim.x) {
    out[i] = int32_t(uint32_t(keys[(i / keep) * n + i % keep]));
  }
}

__global__ void offsets_kernel(int64_t rows, int64_t n, int64_t* offsets) {
  for (int64_t r = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; r <= rows;
       r += int64_t(gridDim.x) * blockDim.x) {
    offsets[r] = r * n;
  }
}

__global__ void masks_kernel(const uint32_t* position, int64_t rows, int64_t n, int64_t first,
                             int64_t count, int64_t k, float on, float off, float* out) {
  const int64_t total = rows * count * n;
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < total;
       i += int64_t(gridDim.x) * blockDim.x) {
    const int64_t m = i / n, p = i % n, r = m / count, s = first + m % count;
    const int64_t limit = s > n / k ? n : (s * k < n ? s * k : n);
    out[i] = int64_t(position[r * n + p]) < limit ? on : off;
  }
}

}  // namespace

void argsort_descending(const float* values, std::size_t rows, std::size_t n, std::size_t keep,
                        int32_t* out) {
  if (rows == 0 || n == 0) throw std::invalid_argument("Expected a non-empty tensor for the values to rank but received a zero size");
  if (keep < 1 || keep > n) throw std::invalid_argument("Expected k in [1, " + std::to_string(n) + "] but received " + std::to_string(keep));
  for (std::size_t i = 0; i < rows * n; ++i) {
    if (std::isnan(values[i])) throw std::invalid_argument("Expected no NaN for the values to rank but received NaN at flat index " + std::to_string(i));
  }
  require_device();
  const std::size_t total = rows * n;
  auto d_values = detail::input(values, total);
  detail::DeviceBuffer<uint64_t> keys(total), sorted(total);
  keys_kernel<<<detail::blocks_for(total), 256>>>(d_values.get(), rows, n, keys.get());
  detail::finish_launch("argsort keys");
  std::size_t temp_bytes = 0;
  if (rows == 1) {
    XAI_CUDA_CHECK(cub::DeviceRadixSort::SortKeys(nullptr, temp_bytes, keys.get(), sorted.get(), int64_t(total), 32, 64));
    detail::DeviceBuffer<unsigned char> temp(temp_bytes);
    XAI_CUDA_CHECK(cub::DeviceRadixSort::SortKeys(temp.get(), temp_bytes, keys.get(), sorted.get(), int64_t(total), 32, 64));
  } else {
    detail::DeviceBuffer<int64_t> offsets(rows + 1);
    offsets_kernel<<<detail::blocks_for(rows + 1), 256>>>(rows, n, offsets.get());
    detail::finish_launch("argsort offsets");
    XAI_CUDA_CHECK(cub::DeviceSegmentedRadixSort::SortKeys(nullptr, temp_bytes, keys.get(), sorted.get(), int64_t(total), int64_t(rows), offsets.get(), offsets.get() + 1, 32, 64));
    detail::DeviceBuffer<unsigned char> temp(temp_bytes);
    XAI_CUDA_CHECK(cub::DeviceSegmentedRadixSort::SortKeys(temp.get(), temp_bytes, keys.get(), sorted.get(), int64_t(total), int64_t(rows), offsets.get(), offsets.get() + 1, 32, 64));
  }
  detail::finish_launch("argsort sort");
  detail::DeviceBuffer<int32_t> d_out(rows * keep);
  take_kernel<<<detail::blocks_for(rows * keep), 256>>>(sorted.get(), rows, n, keep, d_out.get());
  detail::finish_launch("argsort take");
  d_out.download(out, rows * keep);
}

void rank_masks(const int32_t* order, std::size_t rows, std::size_t n, std::size_t steps,
                std::size_t pixels_per_step, std::size_t first, std::size_t count, bool deletion,
                float* out) {
  if (rows == 0 || n == 0 || steps == 0 || pixels_per_step == 0) throw std::invalid_argument("Expected a non-empty order, steps ≥ 1 and pixelsPerStep ≥ 1 for rankMasks but received a zero");
  kernels::check_step_range(steps, first, count);
  std::vector<uint32_t> position(rows * n);
  kernels::check_permutations(order, rows, n, position.data());
  require_device();
  auto d_position = detail::upload(position.data(), rows * n);
  const std::size_t total = rows * count * n;
  detail::DeviceBuffer<float> d_out(total);
  masks_kernel<<<detail::blocks_for(total), 256>>>(d_position.get(), rows, n, first, count, pixels_per_step,
                                                   deletion ? 0.0f : 1.0f, deletion ? 1.0f : 0.0f, d_out.get());
  detail::finish_launch("rankMasks");
  detail::output(std::move(d_out), out, total);
}

}  // namespace xai::cuda
