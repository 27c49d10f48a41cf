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
#include "cuda/launch.h"
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

__global__ void inverse_kernel(const int32_t* order, int64_t rows, int64_t n, uint32_t* position) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < rows * n;
       i += int64_t(gridDim.x) * blockDim.x) {
    position[(i / n) * n + order[i]] = uint32_t(i % n);
  }
}

// One grid row (blockIdx.y) per step mask, threads along its n values: no 64-bit division
// per element.
__global__ void masks_kernel(const uint32_t* position, int64_t n, int64_t first, int64_t count,
                             int64_t masks, int64_t k, float on, float off, float* out) {
  for (int64_t m = blockIdx.y; m < masks; m += gridDim.y) {
    const int64_t r = m / count, s = first + m % count;
    const int64_t limit = s > n / k ? n : (s * k < n ? s * k : n);
    const uint32_t* pos = position + r * n;
    float* o = out + m * n;
    for (int64_t p = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; p < n;
         p += int64_t(gridDim.x) * blockDim.x) {
      o[p] = int64_t(pos[p]) < limit ? on : off;
    }
  }
}

// The argsort workspace: keys, sorted keys, segment offsets, then CUB's temporary storage.
struct ArgsortLayout {
  std::size_t keys = 0, sorted = 0, offsets = 0, temp = 0, temp_bytes = 0, total = 0;
};

constexpr std::size_t kAlign = 256;
std::size_t aligned(std::size_t b) { return (b + kAlign - 1) / kAlign * kAlign; }

std::size_t cub_temp_bytes(std::size_t rows, std::size_t n) {
  std::size_t bytes = 0;
  const std::size_t total = rows * n;
  if (rows == 1) {
    XAI_CUDA_CHECK(cub::DeviceRadixSort::SortKeys(nullptr, bytes, static_cast<uint64_t*>(nullptr),
                                                  static_cast<uint64_t*>(nullptr), int64_t(total), 32, 64));
  } else {
    XAI_CUDA_CHECK(cub::DeviceSegmentedRadixSort::SortKeys(
        nullptr, bytes, static_cast<uint64_t*>(nullptr), static_cast<uint64_t*>(nullptr), int64_t(total),
        int64_t(rows), static_cast<int64_t*>(nullptr), static_cast<int64_t*>(nullptr), 32, 64));
  }
  return bytes;
}

ArgsortLayout argsort_layout(std::size_t rows, std::size_t n) {
  ArgsortLayout l;
  const std::size_t total = rows * n;
  l.keys = 0;
  l.sorted = aligned(total * sizeof(uint64_t));
  l.offsets = l.sorted + aligned(total * sizeof(uint64_t));
  l.temp = l.offsets + aligned((rows + 1) * sizeof(int64_t));
  l.temp_bytes = cub_temp_bytes(rows, n);
  l.total = l.temp + aligned(l.temp_bytes);
  return l;
}

template <typename T>
T* at(void* base, std::size_t offset) {
  return reinterpret_cast<T*>(static_cast<unsigned char*>(base) + offset);
}

}  // namespace

namespace launch {

std::size_t argsort_workspace_bytes(std::size_t rows, std::size_t n) { return argsort_layout(rows, n).total; }

void argsort_descending(const float* values, std::size_t rows, std::size_t n, std::size_t keep,
                        void* workspace, std::size_t workspace_bytes, int32_t* out, cudaStream_t s) {
  const ArgsortLayout l = argsort_layout(rows, n);
  if (workspace_bytes < l.total) throw std::invalid_argument("argsort: workspace too small");
  const std::size_t total = rows * n;
  uint64_t* keys = at<uint64_t>(workspace, l.keys);
  uint64_t* sorted = at<uint64_t>(workspace, l.sorted);
  int64_t* offsets = at<int64_t>(workspace, l.offsets);
  void* temp = at<void>(workspace, l.temp);
  std::size_t temp_bytes = l.temp_bytes;
  keys_kernel<<<detail::blocks_for(total), 256, 0, s>>>(values, rows, n, keys);
  if (rows == 1) {
    XAI_CUDA_CHECK(cub::DeviceRadixSort::SortKeys(temp, temp_bytes, keys, sorted, int64_t(total), 32, 64, s));
  } else {
    offsets_kernel<<<detail::blocks_for(rows + 1), 256, 0, s>>>(rows, n, offsets);
    XAI_CUDA_CHECK(cub::DeviceSegmentedRadixSort::SortKeys(temp, temp_bytes, keys, sorted, int64_t(total),
                                                           int64_t(rows), offsets, offsets + 1, 32, 64, s));
  }
  take_kernel<<<detail::blocks_for(rows * keep), 256, 0, s>>>(sorted, rows, n, keep, out);
}

void inverse_permutations(const int32_t* order, std::size_t rows, std::size_t n, uint32_t* position,
                          cudaStream_t s) {
  inverse_kernel<<<detail::blocks_for(rows * n), 256, 0, s>>>(order, rows, n, position);
}

void rank_masks(const uint32_t* position, std::size_t rows, std::size_t n, std::size_t first,
                std::size_t count, std::size_t pixels_per_step, bool deletion, float* out,
                cudaStream_t s) {
  const std::size_t masks = rows * count;
  const dim3 grid(detail::blocks_for(n), unsigned(masks < 65535 ? masks : 65535));
  masks_kernel<<<grid, 256, 0, s>>>(position, n, first, count, masks, pixels_per_step,
                                    deletion ? 0.0f : 1.0f, deletion ? 1.0f : 0.0f, out);
}

}  // namespace launch

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
  const std::size_t bytes = launch::argsort_workspace_bytes(rows, n);
  detail::DeviceBuffer<unsigned char> workspace(bytes);
  detail::DeviceBuffer<int32_t> d_out(rows * keep);
  launch::argsort_descending(d_values.get(), rows, n, keep, workspace.get(), bytes, d_out.get(), nullptr);
  detail::finish_launch("argsortDescending");
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
  launch::rank_masks(d_position.get(), rows, n, first, count, pixels_per_step, deletion, d_out.get(), nullptr);
  detail::finish_launch("rankMasks");
  detail::output(std::move(d_out), out, total);
}

}  // namespace xai::cuda
