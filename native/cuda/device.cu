// Device checks and the copy counters.
#include <atomic>

#include "cuda/common.cuh"

namespace xai::cuda {
namespace {
std::atomic<uint64_t> h2d{0}, d2h{0}, bytes_h2d{0}, bytes_d2h{0};
}

namespace detail {
void count_to_device(std::size_t bytes) {
  ++h2d;
  bytes_h2d += bytes;
}
void count_to_host(std::size_t bytes) {
  ++d2h;
  bytes_d2h += bytes;
}
}  // namespace detail

TransferCounts transfer_counts() { return {h2d.load(), d2h.load(), bytes_h2d.load(), bytes_d2h.load()}; }

void reset_transfer_counts() {
  h2d = 0;
  d2h = 0;
  bytes_h2d = 0;
  bytes_d2h = 0;
}

void require_device() {
  int count = 0;
  const cudaError_t err = cudaGetDeviceCount(&count);
  if (err != cudaSuccess) {
    throw std::runtime_error(std::string("no usable CUDA device: ") + cudaGetErrorName(err) + ": " +
                             cudaGetErrorString(err));
  }
  if (count == 0) throw std::runtime_error("no usable CUDA device: the CUDA runtime found none");
}

}  // namespace xai::cuda
