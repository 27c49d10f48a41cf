// Device checks, the copy counters and the cache of kept outputs.
#include <atomic>
#include <cstdlib>

#include "cuda/common.cuh"

namespace xai::cuda {
namespace {
std::atomic<uint64_t> h2d{0}, d2h{0}, bytes_h2d{0}, bytes_d2h{0};
}

namespace detail {

ResidentCache<DeviceMemory>& resident() {
  // Leaked on purpose: finalizers may forget outputs during process exit.
  static auto* cache = new ResidentCache<DeviceMemory>([] {
    const char* env = std::getenv("XAI_CUDA_RESIDENT_MB");
    const long mb = env != nullptr ? std::strtol(env, nullptr, 10) : 1024;
    return std::size_t(mb >= 0 ? mb : 0) << 20;
  }());
  return *cache;
}

namespace {
thread_local bool residency = false;
}
bool residency_on() { return residency; }

void count_to_device(std::size_t bytes) {
  ++h2d;
  bytes_h2d += bytes;
}
void count_to_host(std::size_t bytes) {
  ++d2h;
  bytes_d2h += bytes;
}
}  // namespace detail

TransferCounts transfer_counts() {
  const auto kept = detail::resident().counts();
  return {h2d.load(), d2h.load(), bytes_h2d.load(), bytes_d2h.load(),
          kept.reuses, kept.bytes_reused, kept.resident_bytes};
}

void reset_transfer_counts() {
  h2d = 0;
  d2h = 0;
  bytes_h2d = 0;
  bytes_d2h = 0;
  detail::resident().reset_counts();
}

ResidencyScope::ResidencyScope(bool on) : previous_(detail::residency) { detail::residency = on; }
ResidencyScope::~ResidencyScope() { detail::residency = previous_; }

void track_output(const void* host, std::size_t bytes) { detail::resident().track(host, bytes); }
void forget_output(const void* host) { detail::resident().forget(host); }

void require_device() {
  int count = 0;
  const cudaError_t err = cudaGetDeviceCount(&count);
  if (err != cudaSuccess) {
    throw std::runtime_error(std::string("no usable CUDA device: ") + cudaGetErrorName(err) + ": " +
                             cudaGetErrorString(err));
  }
  if (count == 0) throw std::runtime_error("no usable CUDA device: the CUDA runtime found none");
  detail::resident().collect();  // frees, on this kernel thread, the copies that left the cache
}

}  // namespace xai::cuda
