#pragma once
// Runs independent replications on a pool of threads. Replication i always computes the
// same result (its random streams derive from the seed and i alone) and lands in slot i,
// so the output is identical for any thread count. The first exception thrown by any
// replication is rethrown to the caller after the pool has stopped.
#include <algorithm>
#include <atomic>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace capsim {

template <typename Result>
std::vector<Result> run_replications(int replications, int threads,
                                     const std::function<Result(int)> &replicate,
                                     const std::function<void(int)> &on_done = {}) {
  std::vector<Result> results(static_cast<std::size_t>(replications));
  std::atomic<int> next{0};
  std::atomic<int> done{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;

  auto worker = [&] {
    for (int i = next++; i < replications; i = next++) {
      try {
        results[static_cast<std::size_t>(i)] = replicate(i);
      } catch (...) {
        const std::lock_guard lock(failure_mutex);
        if (!failure) {
          failure = std::current_exception();
        }
        next = replications; // stop handing out work
      }
      const int finished = ++done;
      if (on_done) {
        on_done(finished);
      }
    }
  };

  const int pool_size = std::clamp(threads, 1, std::max(1, replications));
  std::vector<std::jthread> pool;
  for (int t = 1; t < pool_size; ++t) {
    pool.emplace_back(worker);
  }
  worker();
  pool.clear(); // joins
  if (failure) {
    std::rethrow_exception(failure);
  }
  return results;
}

} // namespace capsim
