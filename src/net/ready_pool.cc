#include "net/ready_pool.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

#include "core/log.h"

namespace wharf::net {

namespace {

// EPOLLRDHUP: a peer that hangs up between requests wakes its connection, which is then closed.
constexpr uint32_t kArmed = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;

void control(int epoll_fd, int op, ReadyPool::Entry* entry) {
  epoll_event ev{};
  ev.events = kArmed;
  ev.data.ptr = entry;
  if (::epoll_ctl(epoll_fd, op, entry->fd, &ev) != 0)
    throw std::runtime_error(std::string("epoll_ctl: ") + std::strerror(errno));
}

}  // namespace

ReadyPool::ReadyPool(ReadyPoolOptions options, Run run) : options_(options), run_(std::move(run)) {
  if (options_.base_workers <= 0)
    options_.base_workers = std::max(4, 2 * static_cast<int>(std::thread::hardware_concurrency()));
  options_.max_workers = std::max(options_.max_workers, options_.base_workers);
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (epoll_fd_ < 0 || wake_fd_ < 0)
    throw std::runtime_error(std::string("epoll: ") + std::strerror(errno));
  // Level-triggered and never read: once written, every worker's epoll_wait returns it.
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.ptr = nullptr;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
}

ReadyPool::~ReadyPool() {
  stop();
  ::close(wake_fd_);
  ::close(epoll_fd_);
}

void ReadyPool::start() {
  for (int i = 0; i < options_.base_workers; ++i) spawn(nullptr);
  monitor_ = std::thread([this] { monitor(); });
}

void ReadyPool::add(Entry* entry) { control(epoll_fd_, EPOLL_CTL_ADD, entry); }

void ReadyPool::rearm(Entry* entry) { control(epoll_fd_, EPOLL_CTL_MOD, entry); }

void ReadyPool::remove(Entry* entry) {
  epoll_event ev{};
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, entry->fd, &ev);
}

void ReadyPool::spawn(Entry* first) {
  workers_.fetch_add(1);
  if (options_.on_workers_changed) options_.on_workers_changed(1);
  std::thread([this, first] { worker(first); }).detach();
}

int ReadyPool::wait_one(int timeout_ms, Entry** entry) {
  idle_.fetch_add(1);
  epoll_event ev{};
  int n;
  do {
    n = ::epoll_wait(epoll_fd_, &ev, 1, timeout_ms);
  } while (n < 0 && errno == EINTR);
  // The last idle worker leaving the wait starts the monitor's stall checks.
  if (idle_.fetch_sub(1) == 1 && monitor_sleeping_.load()) {
    std::lock_guard lock(mu_);
    monitor_cv_.notify_one();
  }
  if (n <= 0) return 0;
  if (ev.data.ptr == nullptr) return -1;
  *entry = static_cast<Entry*>(ev.data.ptr);
  return 1;
}

// Whether the thread is on a CPU or waiting for one (state R), as opposed to blocked.
bool ReadyPool::is_running(pid_t tid) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/self/task/%d/stat", static_cast<int>(tid));
  int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char buf[256];
  ssize_t n = ::read(fd, buf, sizeof buf - 1);
  ::close(fd);
  if (n <= 0) return false;
  buf[n] = 0;
  const char* paren = std::strrchr(buf, ')');  // the name, in parentheses, may hold anything
  return paren && paren[1] == ' ' && paren[2] == 'R';
}

void ReadyPool::worker(Entry* first) {
  pthread_setname_np(pthread_self(), "wharf-worker");  // as top and perf show it
  {
    std::lock_guard lock(mu_);
    tids_.push_back(static_cast<pid_t>(::gettid()));
  }
  Entry* entry = first;
  for (;;) {
    if (entry) {
      dispatched_.fetch_add(1, std::memory_order_relaxed);
      run_(entry);
      entry = nullptr;
    }
    bool extra = workers_.load() > options_.base_workers;
    int got = wait_one(extra ? options_.idle_exit_seconds * 1000 : -1, &entry);
    if (got < 0) break;
    if (got == 0 && extra) {
      std::lock_guard lock(mu_);
      if (workers_.load() > options_.base_workers) {
        forget_self();
        exited_cv_.notify_all();  // stop() may be waiting for the last workers already
        return;
      }
    }
  }
  // Notified under the lock: stop() may destroy the pool as soon as it can take the lock again.
  std::lock_guard lock(mu_);
  forget_self();
  exited_cv_.notify_all();
}

void ReadyPool::forget_self() {
  tids_.erase(std::find(tids_.begin(), tids_.end(), static_cast<pid_t>(::gettid())));
  workers_.fetch_sub(1);
  if (options_.on_workers_changed) options_.on_workers_changed(-1);
}

void ReadyPool::monitor() {
  std::unique_lock lock(mu_);
  while (!stopping_.load()) {
    if (idle_.load() > 0) {
      // Some worker is waiting for work, so none is starved: sleep until the last one is taken.
      monitor_sleeping_.store(true);
      monitor_cv_.wait(lock, [&] { return stopping_.load() || idle_.load() == 0; });
      monitor_sleeping_.store(false);
      continue;
    }
    uint64_t before = dispatched_.load();
    monitor_cv_.wait_for(lock, std::chrono::milliseconds(options_.stall_check_ms),
                         [&] { return stopping_.load(); });
    // A worker that has not started yet (it registers its thread id first) is not stalled.
    if (stopping_.load() || idle_.load() > 0 || dispatched_.load() != before ||
        workers_.load() >= options_.max_workers ||
        tids_.size() != static_cast<size_t>(workers_.load()))
      continue;
    // Every worker has been busy for a whole check without starting anything. Take a ready
    // descriptor, if there is one (before reading any thread's state: with many blocked
    // workers that costs a /proc read apiece).
    epoll_event ev{};
    if (::epoll_wait(epoll_fd_, &ev, 1, 0) != 1 || ev.data.ptr == nullptr) continue;
    // Workers that are running (or were preempted: the machine is busy) will be back, and more
    // threads would only take turns on the same cores: put the descriptor back. Otherwise all
    // are blocked, and a new worker takes it.
    auto* entry = static_cast<Entry*>(ev.data.ptr);
    if (std::any_of(tids_.begin(), tids_.end(), is_running)) {
      try {
        rearm(entry);
        continue;
      } catch (const std::exception& e) {
        // Not put back: a new worker must take it, or its connection would wait forever.
        spdlog::warn("ready pool: {}", e.what());
      }
    }
    spawn(entry);
  }
}

bool ReadyPool::stop(std::chrono::milliseconds max_wait) {
  if (!monitor_.joinable()) return true;
  stopping_.store(true);
  uint64_t one = 1;
  [[maybe_unused]] ssize_t n = ::write(wake_fd_, &one, sizeof one);
  {
    std::lock_guard lock(mu_);
    monitor_cv_.notify_all();
  }
  monitor_.join();
  std::unique_lock lock(mu_);
  if (exited_cv_.wait_for(lock, max_wait, [&] { return workers_.load() == 0; })) return true;
  spdlog::warn("{} worker threads still busy at shutdown", workers_.load());
  return false;
}

}  // namespace wharf::net
