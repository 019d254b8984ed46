#include "core/background_hasher.h"

namespace wharf::core {

BackgroundHasher::BackgroundHasher(std::vector<Hasher*> hashers)
    : hashers_(std::move(hashers)), thread_([this] { run(); }) {}

BackgroundHasher::~BackgroundHasher() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

uint64_t BackgroundHasher::push(std::string_view chunk) {
  std::lock_guard lock(mu_);
  queue_.push_back(chunk);
  cv_.notify_all();
  return pushed_++;
}

void BackgroundHasher::wait_hashed(uint64_t count) {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return hashed_ >= count; });
}

void BackgroundHasher::run() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
    if (stop_) return;
    std::string_view chunk = queue_.front();
    lock.unlock();
    for (Hasher* h : hashers_) h->update(chunk);
    lock.lock();
    queue_.pop_front();
    ++hashed_;
    cv_.notify_all();
  }
}

}  // namespace wharf::core
