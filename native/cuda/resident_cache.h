// The GPU data path: device copies of kernel outputs kept so that a later call that takes
// the very same host array as an input skips its upload. Generic over the buffer type (a
// device allocation in the CUDA build, a fake in resident_cache_test) and free of CUDA.
//
// Only host memory the binding tracks takes part: outputs it allocated itself, for callers
// that promised not to modify them (device 'cuda-keep'), forgotten when JavaScript collects
// them, so a host address is never matched with a stale copy. At most `budget` bytes stay
// resident, the least recently used go first. Buffers that leave the cache are destroyed in
// collect(), on a kernel thread, not in the finalizer that forgets them; a buffer a kernel
// is using stays alive (shared_ptr) until that kernel is done.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

namespace xai::cuda {

template <typename Buffer>  // Buffer: movable, with std::size_t bytes() const
class ResidentCache {
 public:
  explicit ResidentCache(std::size_t budget_bytes) : budget_(budget_bytes) {}

  // The binding allocated `bytes` at `host` for an output that may keep its device copy.
  void track(const void* host, std::size_t bytes) {
    std::lock_guard<std::mutex> lock(mutex_);
    Entry& e = entries_[host];
    drop(e);
    e.bytes = bytes;
  }

  // `host` is being freed or reused: its copy, if any, goes.
  void forget(const void* host) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = entries_.find(host);
    if (it == entries_.end()) return;
    drop(it->second);
    entries_.erase(it);
  }

  // After a kernel wrote its output to `host`: keeps `buffer` as its device copy when the
  // host memory is tracked with that size and the copy fits the budget. Whether it was kept.
  bool keep(const void* host, std::size_t bytes, Buffer&& buffer) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = entries_.find(host);
    if (it == entries_.end() || it->second.bytes != bytes || buffer.bytes() > budget_) {
      graveyard_.push_back(std::make_shared<Buffer>(std::move(buffer)));
      return false;
    }
    drop(it->second);
    while (resident_ + buffer.bytes() > budget_) evict_least_recent();
    it->second.copy = std::make_shared<Buffer>(std::move(buffer));
    it->second.last_use = ++clock_;
    resident_ += it->second.copy->bytes();
    return true;
  }

  // The device copy of `bytes` at `host`, or null; counted as a reuse when found.
  std::shared_ptr<Buffer> find(const void* host, std::size_t bytes) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = entries_.find(host);
    if (it == entries_.end() || !it->second.copy || it->second.bytes != bytes) return nullptr;
    it->second.last_use = ++clock_;
    ++reuses_;
    bytes_reused_ += bytes;
    return it->second.copy;
  }

  // Destroys the buffers that left the cache (call from a kernel thread).
  void collect() {
    std::vector<std::shared_ptr<Buffer>> dead;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      dead.swap(graveyard_);
    }
  }

  void set_budget(std::size_t bytes) {
    std::lock_guard<std::mutex> lock(mutex_);
    budget_ = bytes;
    while (resident_ > budget_) evict_least_recent();
  }

  struct Counts {
    uint64_t reuses = 0, bytes_reused = 0, resident_bytes = 0, tracked = 0;
  };
  Counts counts() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return {reuses_, bytes_reused_, resident_, entries_.size()};
  }
  void reset_counts() {
    std::lock_guard<std::mutex> lock(mutex_);
    reuses_ = 0;
    bytes_reused_ = 0;
  }

 private:
  struct Entry {
    std::size_t bytes = 0;
    std::shared_ptr<Buffer> copy;
    uint64_t last_use = 0;
  };

  void drop(Entry& e) {
    if (!e.copy) return;
    resident_ -= e.copy->bytes();
    graveyard_.push_back(std::move(e.copy));
    e.copy = nullptr;
  }

  void evict_least_recent() {
    Entry* oldest = nullptr;
    for (auto& [host, e] : entries_) {
      if (e.copy && (oldest == nullptr || e.last_use < oldest->last_use)) oldest = &e;
    }
    if (oldest == nullptr) return;
    drop(*oldest);
  }

  mutable std::mutex mutex_;
  std::unordered_map<const void*, Entry> entries_;
  std::vector<std::shared_ptr<Buffer>> graveyard_;
  std::size_t budget_;
  std::size_t resident_ = 0;
  uint64_t clock_ = 0, reuses_ = 0, bytes_reused_ = 0;
};

}  // namespace xai::cuda
