// Memory for kernel outputs. A fresh 38 MB Float32Array costs more in first-touch page
// faults than the kernel that fills it (about 25 ms here against 5 ms to write warm memory),
// so large outputs come from blocks that earlier outputs released once JavaScript collected
// them: already faulted in, and backed by transparent huge pages where the OS allows. Each
// output is still a new ArrayBuffer that shares memory with nothing alive. Small outputs,
// and runtimes that forbid external buffers, get plain ArrayBuffers.
#pragma once

#include <napi.h>

#include <cstddef>

namespace xai::binding {

// A new ArrayBuffer of `bytes` bytes (contents unspecified: the kernel writes every byte).
// With `keep_on_device`, a block from the cache is tracked for the CUDA kernels' residency
// (cuda/kernels.h): its device copy may be kept until JavaScript collects it.
Napi::ArrayBuffer NewOutputBuffer(Napi::Env env, std::size_t bytes, bool keep_on_device = false);

inline Napi::Float32Array NewOutputFloat32(Napi::Env env, std::size_t n, bool keep_on_device = false) {
  return Napi::Float32Array::New(env, n, NewOutputBuffer(env, n * sizeof(float), keep_on_device), 0);
}

inline Napi::Int32Array NewOutputInt32(Napi::Env env, std::size_t n) {
  return Napi::Int32Array::New(env, n, NewOutputBuffer(env, n * sizeof(int32_t)), 0);
}

// Bytes held in the cache of released blocks now (for tests and describe()).
std::size_t CachedOutputBytes();

}  // namespace xai::binding
