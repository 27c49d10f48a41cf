#include "binding/output_buffer.h"

#include "cuda/kernels.h"

#include <cstdlib>
#include <cstring>
#if defined(_WIN32)
#include <malloc.h>
#endif
#include <mutex>
#include <new>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace xai::binding {
namespace {

constexpr std::size_t kSmall = std::size_t(1) << 20;  // below 1 MiB: a plain ArrayBuffer
constexpr std::size_t kAlign = std::size_t(1) << 21;  // 2 MiB, a huge page

// At most this many bytes of released blocks are kept (XAI_OUTPUT_CACHE_MB, default 512).
std::size_t cache_limit() {
  static const std::size_t limit = [] {
    if (const char* env = std::getenv("XAI_OUTPUT_CACHE_MB")) {
      const long mb = std::strtol(env, nullptr, 10);
      if (mb >= 0) return std::size_t(mb) << 20;
    }
    return std::size_t(512) << 20;
  }();
  return limit;
}

void* AlignedAlloc(std::size_t bytes) {
#if defined(_WIN32)
  return _aligned_malloc(bytes, kAlign);
#else
  return std::aligned_alloc(kAlign, bytes);
#endif
}

void AlignedFree(void* data) {
#if defined(_WIN32)
  _aligned_free(data);
#else
  std::free(data);
#endif
}

struct Block {
  void* data;
  std::size_t capacity;
};

std::mutex cache_mutex;
std::vector<Block>& cache() {
  static auto* blocks = new std::vector<Block>();  // leaked: outlives every finalizer
  return *blocks;
}
std::size_t cached_bytes = 0;

Block Acquire(std::size_t bytes) {
  {
    std::lock_guard<std::mutex> lock(cache_mutex);
    auto& blocks = cache();
    std::size_t best = blocks.size();
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      const std::size_t cap = blocks[i].capacity;
      // Big enough, not wastefully bigger, the tightest such.
      if (cap >= bytes && cap - bytes <= bytes / 2 + kAlign &&
          (best == blocks.size() || cap < blocks[best].capacity)) {
        best = i;
      }
    }
    if (best < blocks.size()) {
      const Block b = blocks[best];
      blocks[best] = blocks.back();
      blocks.pop_back();
      cached_bytes -= b.capacity;
      return b;
    }
  }
  const std::size_t capacity = (bytes + kAlign - 1) / kAlign * kAlign;
  void* data = AlignedAlloc(capacity);
  if (data == nullptr) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  madvise(data, capacity, MADV_HUGEPAGE);  // advice only; failure is harmless
#endif
  return {data, capacity};
}

void Release(void* data, std::size_t capacity) {
  cuda::forget_output(data);  // its device copy, if one was kept, goes too
  {
    std::lock_guard<std::mutex> lock(cache_mutex);
    if (cached_bytes + capacity <= cache_limit()) {
      cache().push_back({data, capacity});
      cached_bytes += capacity;
      return;
    }
  }
  AlignedFree(data);
}

}  // namespace

Napi::ArrayBuffer NewOutputBuffer(Napi::Env env, std::size_t bytes, bool keep_on_device) {
  if (bytes < kSmall) return Napi::ArrayBuffer::New(env, bytes);
  const Block block = Acquire(bytes);
  napi_value value;
  const napi_status status = napi_create_external_arraybuffer(
      env, block.data, bytes,
      [](napi_env, void* data, void* hint) { Release(data, reinterpret_cast<std::size_t>(hint)); },
      reinterpret_cast<void*>(block.capacity), &value);
  if (status != napi_ok) {
    // E.g. a runtime with the V8 sandbox, where external buffers are not allowed.
    Release(block.data, block.capacity);
    return Napi::ArrayBuffer::New(env, bytes);
  }
  if (keep_on_device) cuda::track_output(block.data, bytes);
  return Napi::ArrayBuffer(env, value);
}

std::size_t CachedOutputBytes() {
  std::lock_guard<std::mutex> lock(cache_mutex);
  return cached_bytes;
}

}  // namespace xai::binding
