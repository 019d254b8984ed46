// Worker threads that wait together on one epoll set and run a callback for each file descriptor
// that becomes readable: the server's connections between requests.
//
// Why not a thread per connection: with more connections than cores, every request then woke a
// thread of its own and put it back to sleep, and the scheduler's switching cost grew with the
// number of connections (4 KiB PUTs fell from 22.5k/s on 16 connections to 16.5k/s on 64). Here a
// worker that finishes a request takes the next ready connection without sleeping while there is
// one.
//
// The callback may block (it reads a request body from a slow client, waits for a group commit, or
// for the disk). So that blocked workers never starve ready connections, a monitor thread checks
// every few milliseconds whether every worker is busy, none has started on anything since the last
// check, and none is running (all blocked, by the kernel's account of their state); then it takes
// a ready descriptor itself and starts a new worker on it. Workers beyond the base count leave
// after some seconds without work.
//
// Each descriptor is armed for one event at a time (EPOLLONESHOT): exactly one worker holds it
// from its event until the callback rearms it, so a connection never needs a lock of its own.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace wharf::net {

struct ReadyPoolOptions {
  int base_workers = 0;  // 0: twice the number of cores, at least 4
  int max_workers = 4096;
  int stall_check_ms = 2;
  int idle_exit_seconds = 5;  // a worker beyond the base count leaves after this long idle
  std::function<void(int delta)> on_workers_changed;  // +1 as a worker starts, -1 as it leaves
};

class ReadyPool {
 public:
  // A watched descriptor; callers derive their connection state from it.
  struct Entry {
    int fd = -1;
  };
  // run(entry) is called for a ready entry, on a worker thread; the entry stays disarmed until
  // run() (or anyone after it) calls rearm().
  using Run = std::function<void(Entry* entry)>;

  ReadyPool(ReadyPoolOptions options, Run run);
  ~ReadyPool();  // stop()s
  ReadyPool(const ReadyPool&) = delete;
  ReadyPool& operator=(const ReadyPool&) = delete;

  void start();
  // Adds the entry, armed: run(entry) follows once its descriptor is readable (or hung up).
  void add(Entry* entry);
  // Arms the entry again for one event; call once done with it until its next event.
  void rearm(Entry* entry);
  // Removes the entry; call before closing its descriptor, from the thread that holds it.
  void remove(Entry* entry);
  // Makes every worker leave once it finishes its current callback, and waits up to `max_wait`
  // for them; false (and a warning logged) when some were still busy.
  bool stop(std::chrono::milliseconds max_wait = std::chrono::seconds(10));

  int workers() const { return workers_.load(); }

 private:
  void worker(Entry* first);
  void monitor();
  void spawn(Entry* first);
  int wait_one(int timeout_ms, Entry** entry);  // 1: entry, 0: timeout, -1: stopping
  void forget_self();                           // with mu_ held, as a worker leaves
  static bool is_running(pid_t tid);

  ReadyPoolOptions options_;
  Run run_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;  // eventfd in the set, level-triggered: readable once stopping

  std::atomic<int> workers_{0};
  std::atomic<int> idle_{0};             // workers in epoll_wait
  std::atomic<uint64_t> dispatched_{0};  // callbacks started
  std::atomic<bool> monitor_sleeping_{false};
  std::atomic<bool> stopping_{false};

  std::mutex mu_;  // guards the waits below
  std::condition_variable monitor_cv_;
  std::condition_variable exited_cv_;
  std::vector<pid_t> tids_;  // of the workers; guarded by mu_
  std::thread monitor_;
};

}  // namespace wharf::net
