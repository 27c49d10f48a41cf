// Shared by the .cu files: error checks that throw, device buffers, counted copies.
#pragma once

#include <cuda_runtime.h>

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include "cuda/kernels.h"
#include "cuda/resident_cache.h"

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
  // Gives up the allocation (the caller frees it).
  T* release() {
    T* p = ptr_;
    ptr_ = nullptr;
    n_ = 0;
    return p;
  }

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

// An untyped device allocation, as the resident cache keeps it.
class DeviceMemory {
 public:
  DeviceMemory(void* ptr, std::size_t bytes) : ptr_(ptr), bytes_(bytes) {}
  DeviceMemory(DeviceMemory&& o) noexcept : ptr_(o.ptr_), bytes_(o.bytes_) { o.ptr_ = nullptr; }
  DeviceMemory(const DeviceMemory&) = delete;
  ~DeviceMemory() {
    if (ptr_ != nullptr) cudaFree(ptr_);
  }
  void* get() const { return ptr_; }
  std::size_t bytes() const { return bytes_; }

 private:
  void* ptr_;
  std::size_t bytes_;
};

ResidentCache<DeviceMemory>& resident();
bool residency_on();  // inside a ResidencyScope(true) on this thread

// An input on the device: a kept copy of the host memory, or a fresh upload.
template <typename T>
class DeviceInput {
 public:
  DeviceInput(std::shared_ptr<DeviceMemory> kept, DeviceBuffer<T>&& own)
      : kept_(std::move(kept)), own_(std::move(own)) {}
  const T* get() const { return kept_ ? static_cast<const T*>(kept_->get()) : own_.get(); }

 private:
  std::shared_ptr<DeviceMemory> kept_;
  DeviceBuffer<T> own_;
};

// `n` values at `host` (may be null when n is 0) on the device, uploaded unless kept.
template <typename T>
DeviceInput<T> input(const T* host, std::size_t n) {
  if (n > 0 && residency_on()) {
    if (auto kept = resident().find(host, n * sizeof(T))) return {std::move(kept), DeviceBuffer<T>(0)};
  }
  DeviceBuffer<T> d(n);
  if (n > 0) d.upload(host);
  return {nullptr, std::move(d)};
}

// Downloads an output to `host` and, in a residency scope, offers its device copy to the
// cache (kept only when the binding tracks that host memory).
template <typename T>
void output(DeviceBuffer<T>&& d, T* host, std::size_t n) {
  d.download(host, n);
  if (!residency_on() || n == 0) return;
  const std::size_t bytes = d.size() * sizeof(T);
  resident().keep(host, n * sizeof(T), DeviceMemory(d.release(), bytes));
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
