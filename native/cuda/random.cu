// Random draws on the GPU: one thread a Philox block, writing the block's elements that fall
// in [offset, offset + n). Same words and arithmetic as the CPU (philox.h), --fmad=false.
#include <utility>

#include "cuda/common.cuh"
#include "cuda/launch.h"
#include "kernels/philox.h"
#include "kernels/random.h"

namespace xai::cuda {
namespace {

__global__ void fill_kernel(float* out, uint64_t n, uint64_t seed, uint64_t stream, uint64_t offset,
                            bool normal) {
  const uint64_t first_block = offset / 4;
  const uint64_t last_block = (offset + n - 1) / 4;
  const uint64_t blocks = last_block - first_block + 1;
  for (uint64_t t = blockIdx.x * uint64_t(blockDim.x) + threadIdx.x; t < blocks;
       t += uint64_t(gridDim.x) * blockDim.x) {
    const uint64_t block = first_block + t;
    const kernels::Philox4 b = kernels::xai_block(seed, stream, block);
    float v[4];
    if (normal) {
      kernels::normal_pair(b.w[0], b.w[1], &v[0], &v[1]);
      kernels::normal_pair(b.w[2], b.w[3], &v[2], &v[3]);
    } else {
      for (int l = 0; l < 4; ++l) v[l] = kernels::uniform_from_word(b.w[l]);
    }
    for (int l = 0; l < 4; ++l) {
      const uint64_t i = block * 4 + l;
      if (i >= offset && i < offset + n) out[i - offset] = v[l];
    }
  }
}

}  // namespace

namespace launch {
void fill(float* out, std::size_t n, uint64_t seed, uint64_t stream, uint64_t offset, bool normal,
          cudaStream_t s) {
  fill_kernel<<<detail::blocks_for(n / 4 + 2), 256, 0, s>>>(out, n, seed, stream, offset, normal);
}
}  // namespace launch

namespace {

void fill(float* out, std::size_t n, uint64_t seed, uint64_t stream, uint64_t offset, bool normal) {
  kernels::check_counter(seed, stream, offset, n);
  if (n == 0) return;
  require_device();
  detail::DeviceBuffer<float> d(n);
  launch::fill(d.get(), n, seed, stream, offset, normal, nullptr);
  detail::finish_launch("random");
  detail::output(std::move(d), out, n);
}

}  // namespace

void fill_uniform(float* out, std::size_t n, uint64_t seed, uint64_t stream, uint64_t offset) {
  fill(out, n, seed, stream, offset, false);
}
void fill_normal(float* out, std::size_t n, uint64_t seed, uint64_t stream, uint64_t offset) {
  fill(out, n, seed, stream, offset, true);
}

}  // namespace xai::cuda
