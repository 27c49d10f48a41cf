#include "kernels/thread_pool.h"

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "kernels/build_info.h"

namespace xai::kernels {
namespace {

unsigned configured_threads() {
  if (const char* env = std::getenv("XAI_NUM_THREADS")) {
    const long n = std::strtol(env, nullptr, 10);
    if (n >= 1 && n <= 1024) return unsigned(n);
  }
  return hardware_threads();
}

class Pool {
 public:
  explicit Pool(unsigned threads) {
    for (unsigned i = 1; i < threads; ++i) workers_.emplace_back([this] { work(); });
  }

  ~Pool() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    for (auto& t : workers_) t.join();
  }

  unsigned threads() const { return unsigned(workers_.size()) + 1; }

  void run(std::size_t chunks, const std::function<void(std::size_t)>& task) {
    std::lock_guard<std::mutex> one_job(submit_);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      task_ = &task;
      chunks_ = chunks;
      next_ = 0;
      finished_ = 0;
      error_ = nullptr;
    }
    wake_.notify_all();
    drain();
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [this] { return finished_ == chunks_; });
    task_ = nullptr;
    if (error_) std::rethrow_exception(error_);
  }

 private:
  // Takes chunks of the current job until none is left.
  void drain() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (task_ != nullptr && next_ < chunks_) {
      const std::size_t chunk = next_++;
      const std::function<void(std::size_t)>* task = task_;
      lock.unlock();
      std::exception_ptr error;
      try {
        (*task)(chunk);
      } catch (...) {
        error = std::current_exception();
      }
      lock.lock();
      if (error && !error_) error_ = error;
      if (++finished_ == chunks_) done_.notify_all();
    }
  }

  void work() {
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [this] { return stop_ || (task_ != nullptr && next_ < chunks_); });
        if (stop_) return;
      }
      drain();
    }
  }

  std::vector<std::thread> workers_;
  std::mutex submit_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  const std::function<void(std::size_t)>* task_ = nullptr;
  std::size_t chunks_ = 0;
  std::size_t next_ = 0;
  std::size_t finished_ = 0;
  std::exception_ptr error_;
  bool stop_ = false;
};

Pool& pool() {
  // Intentionally leaked: joining threads from a static destructor at process exit can
  // deadlock inside a Node addon. The OS reclaims the threads.
  static Pool* p = new Pool(configured_threads());
  return *p;
}

thread_local unsigned serial_depth = 0;

}  // namespace

SerialScope::SerialScope() { ++serial_depth; }
SerialScope::~SerialScope() { --serial_depth; }

unsigned pool_threads() { return pool().threads(); }

void parallel_for(std::size_t n, std::size_t grain,
                  const std::function<void(std::size_t, std::size_t)>& body) {
  if (n == 0) return;
  grain = std::max<std::size_t>(grain, 1);
  Pool& p = pool();
  const std::size_t threads = p.threads();
  // About four chunks a thread, for balance, but none smaller than grain.
  std::size_t chunks = std::min((n + grain - 1) / grain, threads * 4);
  if (chunks <= 1 || threads == 1 || serial_depth > 0) {
    body(0, n);
    return;
  }
  const std::size_t size = (n + chunks - 1) / chunks;
  chunks = (n + size - 1) / size;
  p.run(chunks, [&](std::size_t c) {
    const std::size_t begin = c * size;
    body(begin, std::min(n, begin + size));
  });
}

}  // namespace xai::kernels
