#include "net/ready_pool.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

namespace wharf::net {
namespace ready_pool_test {

using namespace std::chrono_literals;

struct Pipe : ReadyPool::Entry {
  Pipe() {
    EXPECT_EQ(::pipe(fds), 0);
    fd = fds[0];
  }
  ~Pipe() {
    ::close(fds[0]);
    ::close(fds[1]);
  }
  void signal() const { (void)!::write(fds[1], "x", 1); }
  void drain() const {
    char c;
    (void)!::read(fds[0], &c, 1);
  }
  int fds[2];
};

ReadyPoolOptions options(int base_workers, int idle_exit_seconds = 5) {
  ReadyPoolOptions o;
  o.base_workers = base_workers;
  o.stall_check_ms = 2;
  o.idle_exit_seconds = idle_exit_seconds;
  return o;
}

// Adds both, makes `first` ready and, once a worker has it, `second`.
void ready_in_turn(ReadyPool& pool, Pipe& first, Pipe& second) {
  pool.add(&first);
  pool.add(&second);
  first.signal();
  std::this_thread::sleep_for(20ms);
  second.signal();
}

template <typename F>
bool eventually(F done, std::chrono::milliseconds limit = 5000ms) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

TEST(ReadyPoolTest, EachReadyDescriptorRunsOnceUntilRearmed) {
  Pipe p;
  std::atomic<int> runs{0};
  ReadyPool pool(options(4), [&](ReadyPool::Entry*) {
    p.drain();
    ++runs;
  });
  pool.start();
  pool.add(&p);
  p.signal();
  ASSERT_TRUE(eventually([&] { return runs == 1; }));
  p.signal();  // readable again, but not rearmed: no second run
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(runs, 1);
  pool.rearm(&p);
  EXPECT_TRUE(eventually([&] { return runs == 2; }));
  pool.remove(&p);
  pool.stop();
}

TEST(ReadyPoolTest, BlockedWorkersGetHelpAndTheHelpersLeaveWhenIdle) {
  Pipe blocking, other;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> other_runs{0};
  ReadyPool pool(options(1, 1), [&](ReadyPool::Entry* item) {
    static_cast<Pipe*>(item)->drain();
    if (item == &blocking) released.wait();  // blocked in a futex: not running
    if (item == &other) ++other_runs;
  });
  pool.start();
  ready_in_turn(pool, blocking, other);
  EXPECT_TRUE(eventually([&] { return other_runs == 1; }));
  EXPECT_GE(pool.workers(), 2);
  release.set_value();
  EXPECT_TRUE(eventually([&] { return pool.workers() == 1; }, 5000ms));
  pool.stop();
  EXPECT_EQ(pool.workers(), 0);
}

TEST(ReadyPoolTest, RunningWorkersGetNoHelpers) {
  Pipe busy, other;
  std::atomic<bool> stop_spinning{false};
  std::atomic<int> other_runs{0};
  ReadyPool pool(options(1), [&](ReadyPool::Entry* item) {
    static_cast<Pipe*>(item)->drain();
    if (item == &busy)
      while (!stop_spinning) {
      }  // on the CPU: another thread would only take turns with it
    if (item == &other) ++other_runs;
  });
  pool.start();
  ready_in_turn(pool, busy, other);
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(pool.workers(), 1);
  EXPECT_EQ(other_runs, 0);
  stop_spinning = true;
  EXPECT_TRUE(eventually([&] { return other_runs == 1; }));
  pool.stop();
}

}  // namespace ready_pool_test
}  // namespace wharf::net
