// Curve areas on the GPU: one thread a row, sums in index order (bit-identical to the CPU).
#include <utility>

#include "cuda/common.cuh"
#include "cuda/launch.h"

namespace xai::cuda {
namespace {

__global__ void curve_kernel(const float* y, int64_t rows, int64_t n, float* auc, float* mean) {
  for (int64_t r = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; r < rows;
       r += int64_t(gridDim.x) * blockDim.x) {
    const float* row = y + r * n;
    double sum = 0.0, trapezoids = 0.0;
    for (int64_t i = 0; i < n; ++i) sum += double(row[i]);
    for (int64_t i = 0; i + 1 < n; ++i) trapezoids += (double(row[i]) + double(row[i + 1])) * 0.5;
    mean[r] = float(sum / double(n));
    auc[r] = float(trapezoids / double(n - 1));
  }
}

}  // namespace

namespace launch {
void curve_areas(const float* scores, std::size_t rows, std::size_t n, float* auc, float* mean,
                 cudaStream_t s) {
  curve_kernel<<<detail::blocks_for(rows), 256, 0, s>>>(scores, rows, n, auc, mean);
}
}  // namespace launch

void curve_areas(const float* scores, std::size_t rows, std::size_t n, float* auc, float* mean) {
  if (rows == 0 || n < 2) throw std::invalid_argument("Expected at least one curve of at least 2 points but received fewer");
  require_device();
  auto d_y = detail::input(scores, rows * n);
  detail::DeviceBuffer<float> d_auc(rows), d_mean(rows);
  launch::curve_areas(d_y.get(), rows, n, d_auc.get(), d_mean.get(), nullptr);
  detail::finish_launch("curveAreas");
  d_auc.download(auc, rows);
  d_mean.download(mean, rows);
}

}  // namespace xai::cuda
