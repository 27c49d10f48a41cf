#include "kernels/thread_pool.h"

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "check.h"

using namespace xai::kernels;

int main() {
  XAI_EXPECT(pool_threads() >= 1);
  // Every index is visited exactly once, for many sizes and grains.
  for (std::size_t n : {0, 1, 7, 1000, 100003}) {
    std::vector<std::atomic<int>> hits(n);
    parallel_for(n, 3, [&](std::size_t b, std::size_t e) {
      for (std::size_t i = b; i < e; ++i) ++hits[i];
    });
    bool ok = true;
    for (auto& h : hits) ok = ok && h.load() == 1;
    XAI_EXPECT(ok);
  }
  // An exception in one chunk reaches the caller after the others finish.
  XAI_EXPECT_THROWS(parallel_for(100, 1, [](std::size_t b, std::size_t) {
                      if (b >= 50) throw std::invalid_argument("chunk failed");
                    }),
                    std::invalid_argument);
  // Callers on several threads at once each get their own job done.
  std::atomic<long> total{0};
  std::vector<std::thread> callers;
  for (int t = 0; t < 4; ++t)
    callers.emplace_back([&] {
      for (int k = 0; k < 50; ++k)
        parallel_for(1000, 10, [&](std::size_t b, std::size_t e) { total += long(e - b); });
    });
  for (auto& c : callers) c.join();
  XAI_EXPECT(total.load() == 4L * 50 * 1000);
  return xai::test::finish();
}
