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
// Runs inline when one chunk covers everything or the pool has one thread.
void parallel_for(std::size_t n, std::size_t grain,
                  const std::function<void(std::size_t, std::size_t)>& body);

}  // namespace xai::kernels
