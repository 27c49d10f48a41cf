// Shared by the .cu files: error checks that throw, device buffers, counted copies.
#pragma once

#include <cuda_runtime.h>

#include <cstddef>
#include <stdexcept>
#include <string>

#include "cuda/kernels.h"

namespace xai::cuda::detail {

inline void check(cudaError_t err, const char* what) {
  if (err != cudaSuccess) {
    throw std::runtime_error(std::string("CUDA ") + what + " failed: " + cudaGetErrorName(err) +
                             ": " + cudaGetErrorString(err));
  }
}

#define XAI_CUDA_CHECK(call) ::xai::cuda::detail::check((call), #call)

void count_to_device(std::size_t bytes);
void count_to_host(std::size_t bytes);

// A device allocation freed when it goes out of scope.
template <typename T>
class DeviceBuffer {
 public:
  explicit DeviceBuffer(std::size_t n) : n_(n) {
    if (n > 0) XAI_CUDA_CHECK(cudaMalloc(reinterpret_cast<void**>(&ptr_), n * sizeof(T)));
  }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  DeviceBuffer(DeviceBuffer&& other) noexcept : ptr_(other.ptr_), n_(other.n_) {
    other.ptr_ = nullptr;
    other.n_ = 0;
  }
  DeviceBuffer& operator=(DeviceBuffer&&) = delete;
  ~DeviceBuffer() {
    if (ptr_ != nullptr) cudaFree(ptr_);
  }
  T* get() const { return ptr_; }
  std::size_t size() const { return n_; }

  // Host -> device, counted.
  void upload(const T* host) {
    if (n_ == 0) return;
    XAI_CUDA_CHECK(cudaMemcpy(ptr_, host, n_ * sizeof(T), cudaMemcpyHostToDevice));
    count_to_device(n_ * sizeof(T));
  }
  // Device -> host, counted.
  void download(T* host, std::size_t n) const {
    if (n == 0) return;
    XAI_CUDA_CHECK(cudaMemcpy(host, ptr_, n * sizeof(T), cudaMemcpyDeviceToHost));
    count_to_host(n * sizeof(T));
  }

 private:
  T* ptr_ = nullptr;
  std::size_t n_;
};

template <typename T>
DeviceBuffer<T> upload(const T* host, std::size_t n) {
  DeviceBuffer<T> d(n);
  d.upload(host);
  return d;
}

// Grid size for n items at 256 threads a block, capped (kernels use grid-stride loops).
inline unsigned blocks_for(std::size_t n) {
  const std::size_t b = (n + 255) / 256;
  return unsigned(b < 65535 ? (b > 0 ? b : 1) : 65535);
}

// Launch errors surface at the next call; synchronize to report them here.
inline void finish_launch(const char* what) {
  check(cudaGetLastError(), what);
  check(cudaDeviceSynchronize(), what);
}

}  // namespace xai::cuda::detail
