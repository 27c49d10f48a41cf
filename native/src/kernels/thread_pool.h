// A small pool of worker threads for the CPU kernels: parallel_for splits [0, n) into
// chunks that the workers and the calling thread take in turn. One job runs at a time
// (callers from several threads queue), and the first exception a chunk throws is
// rethrown to the caller after every chunk has finished.
#pragma once

#include <cstddef>
#include <functional>

namespace xai::kernels {

// Threads the pool uses, the caller included: XAI_NUM_THREADS when set (≥ 1), else the
// hardware threads.
unsigned pool_threads();

// Calls body(begin, end) over [0, n) in chunks of at least `grain` items, in parallel.
// Runs inline when one chunk covers everything, the pool has one thread, or the calling
// thread is inside a SerialScope.
void parallel_for(std::size_t n, std::size_t grain,
                  const std::function<void(std::size_t, std::size_t)>& body);

// While one lives, parallel_for on this thread runs everything inline: for small calls made
// on a thread that must not wait for the pool (it may be busy with another caller's job).
class SerialScope {
 public:
  SerialScope();
  ~SerialScope();
  SerialScope(const SerialScope&) = delete;
  SerialScope& operator=(const SerialScope&) = delete;
};

}  // namespace xai::kernels
