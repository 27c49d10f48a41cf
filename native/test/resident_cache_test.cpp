// The GPU data path's bookkeeping (cuda/resident_cache.h) with a fake device buffer: which
// outputs keep a copy, when a later input finds it, the budget, and where buffers die.
#include "cuda/resident_cache.h"

#include <thread>
#include <vector>

#include "check.h"

namespace {

int live = 0;                     // fake buffers alive
std::thread::id last_destroyer;  // the thread that destroyed the last one

struct FakeBuffer {
  std::size_t n = 0;
  bool owner = true;
  explicit FakeBuffer(std::size_t bytes) : n(bytes) { ++live; }
  FakeBuffer(FakeBuffer&& o) noexcept : n(o.n), owner(o.owner) { o.owner = false; }
  FakeBuffer(const FakeBuffer&) = delete;
  ~FakeBuffer() {
    if (!owner) return;
    --live;
    last_destroyer = std::this_thread::get_id();
  }
  std::size_t bytes() const { return n; }
};

using Cache = xai::cuda::ResidentCache<FakeBuffer>;

}  // namespace

int main() {
  std::vector<float> a(100), b(100), c(100), untracked(100);
  // Only tracked host memory of the right size keeps a copy; the others die in collect().
  {
    Cache cache(1000);
    cache.track(a.data(), 400);
    XAI_EXPECT(cache.keep(a.data(), 400, FakeBuffer(400)));
    XAI_EXPECT(!cache.keep(untracked.data(), 400, FakeBuffer(400)));
    cache.track(b.data(), 400);
    XAI_EXPECT(!cache.keep(b.data(), 200, FakeBuffer(200)));  // not the tracked size
    XAI_EXPECT(live == 3);
    cache.collect();
    XAI_EXPECT(live == 1);
    XAI_EXPECT(cache.counts().resident_bytes == 400);

    // A later input of the same memory and size finds the copy, and is counted.
    XAI_EXPECT(cache.find(a.data(), 400) != nullptr);
    XAI_EXPECT(cache.find(a.data(), 396) == nullptr);  // a shorter view: upload instead
    XAI_EXPECT(cache.find(b.data(), 400) == nullptr);  // tracked, no copy
    XAI_EXPECT(cache.find(untracked.data(), 400) == nullptr);
    XAI_EXPECT(cache.counts().reuses == 1 && cache.counts().bytes_reused == 400);

    // Forgetting (JavaScript collected the array) drops the copy, but not in the finalizer:
    // the buffer dies in collect(), on the thread that calls it.
    cache.forget(a.data());
    XAI_EXPECT(live == 1);
    XAI_EXPECT(cache.find(a.data(), 400) == nullptr);
    std::thread([&] { cache.collect(); }).join();
    XAI_EXPECT(live == 0);
    XAI_EXPECT(last_destroyer != std::this_thread::get_id());
    XAI_EXPECT(cache.counts().resident_bytes == 0);
  }
  // A copy in use outlives its eviction until its user lets go.
  {
    Cache cache(1000);
    cache.track(a.data(), 600);
    cache.keep(a.data(), 600, FakeBuffer(600));
    auto in_use = cache.find(a.data(), 600);
    cache.forget(a.data());
    cache.collect();
    XAI_EXPECT(live == 1 && in_use->bytes() == 600);
    in_use.reset();
    XAI_EXPECT(live == 0);
  }
  // The budget: the least recently used copy goes first; a copy larger than the budget is
  // never kept; lowering the budget evicts.
  {
    Cache cache(1000);
    for (float* p : {a.data(), b.data(), c.data()}) cache.track(p, 400);
    cache.keep(a.data(), 400, FakeBuffer(400));
    cache.keep(b.data(), 400, FakeBuffer(400));
    XAI_EXPECT(cache.find(a.data(), 400) != nullptr);  // a is now the more recent
    cache.keep(c.data(), 400, FakeBuffer(400));        // 1200 > 1000: b goes
    XAI_EXPECT(cache.find(b.data(), 400) == nullptr);
    XAI_EXPECT(cache.find(a.data(), 400) != nullptr && cache.find(c.data(), 400) != nullptr);
    XAI_EXPECT(cache.counts().resident_bytes == 800);
    cache.track(untracked.data(), 2000);
    XAI_EXPECT(!cache.keep(untracked.data(), 2000, FakeBuffer(2000)));
    cache.set_budget(500);
    XAI_EXPECT(cache.counts().resident_bytes == 400);
    XAI_EXPECT(cache.find(a.data(), 400) == nullptr);  // a was used before c
    XAI_EXPECT(cache.find(c.data(), 400) != nullptr);
    cache.collect();
    XAI_EXPECT(live == 1);
    // Tracking the same memory again (the block was reused for a new output) drops the copy.
    cache.track(c.data(), 400);
    XAI_EXPECT(cache.find(c.data(), 400) == nullptr);
    cache.collect();
    XAI_EXPECT(live == 0);
  }
  return xai::test::finish();
}
