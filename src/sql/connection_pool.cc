#include "sql/connection_pool.h"

#include <spdlog/spdlog.h>

#include "core/error.h"
#include "sql/errors.h"

namespace wharf::sql {

std::shared_ptr<ConnectionPool> ConnectionPool::create(std::string name, Factory factory,
                                                       PoolOptions options) {
  if (options.max_connections == 0) options.max_connections = 1;
  options.min_connections = std::min(options.min_connections, options.max_connections);
  std::shared_ptr<ConnectionPool> pool(
      new ConnectionPool(std::move(name), std::move(factory), options));
  std::vector<std::unique_ptr<Session>> opened;
  for (size_t i = 0; i < options.min_connections; ++i) opened.push_back(pool->factory_());
  std::lock_guard lk(pool->mu_);
  for (auto& s : opened) pool->idle_.push_back({std::move(s), Clock::now()});
  pool->open_ = opened.size();
  return pool;
}

ConnectionPool::ConnectionPool(std::string name, Factory factory, PoolOptions options)
    : name_(std::move(name)), factory_(std::move(factory)), options_(options) {}

ConnectionPool::~ConnectionPool() = default;

SessionLease ConnectionPool::acquire(std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  std::unique_lock lk(mu_);
  while (true) {
    if (!idle_.empty()) {
      Idle entry = std::move(idle_.back());
      idle_.pop_back();
      lk.unlock();
      if (usable(*entry.session, entry.since)) return lease(std::move(entry.session));
      spdlog::info("sql: discarding a dead connection to {}", name_);
      entry.session.reset();
      lk.lock();
      --open_;
      continue;
    }
    if (open_ < options_.max_connections) {
      ++open_;  // reserve the slot, then connect without holding the lock
      lk.unlock();
      try {
        std::unique_ptr<Session> s = factory_();
        if (!s) core::throw_internal("connection factory returned no session");
        return lease(std::move(s));
      } catch (...) {
        lk.lock();
        --open_;
        lk.unlock();
        freed_.notify_one();
        throw;
      }
    }
    if (freed_.wait_until(lk, deadline) == std::cv_status::timeout && idle_.empty() &&
        open_ >= options_.max_connections) {
      throw sql_store_error("SqlPoolTimeout", "no connection to " + name_ + " became free within " +
                                                  std::to_string(timeout.count()) + " ms (all " +
                                                  std::to_string(options_.max_connections) +
                                                  " are in use)");
    }
  }
}

PoolStats ConnectionPool::stats() const {
  std::lock_guard lk(mu_);
  return {open_, idle_.size(), open_ - idle_.size()};
}

bool ConnectionPool::usable(Session& s, Clock::time_point idle_since) const {
  if (s.is_broken()) return false;
  if (s.may_be_stale() || Clock::now() - idle_since >= options_.validate_after_idle) {
    return s.ping();
  }
  return true;
}

SessionLease ConnectionPool::lease(std::unique_ptr<Session> session) {
  std::weak_ptr<ConnectionPool> home = weak_from_this();
  return SessionLease(std::move(session), [home](std::unique_ptr<Session> s) {
    if (auto pool = home.lock()) pool->give_back(std::move(s));
  });
}

void ConnectionPool::give_back(std::unique_ptr<Session> session) noexcept {
  bool keep = !session->is_broken();
  if (keep && session->in_transaction()) {
    // The holder forgot to finish its transaction: never hand that state to the next one.
    try {
      session->rollback();
    } catch (const std::exception& e) {
      spdlog::warn("sql: rollback of a transaction left open on {} failed: {}", name_, e.what());
    }
    keep = !session->is_broken() && !session->in_transaction();
  }
  std::vector<std::unique_ptr<Session>> to_close;  // closed after the lock is dropped
  {
    std::lock_guard lk(mu_);
    auto now = Clock::now();
    if (keep) {
      idle_.push_back({std::move(session), now});
    } else {
      to_close.push_back(std::move(session));
      --open_;
    }
    while (open_ > options_.min_connections && !idle_.empty() &&
           now - idle_.front().since >= options_.max_idle) {
      to_close.push_back(std::move(idle_.front().session));
      idle_.erase(idle_.begin());
      --open_;
    }
  }
  freed_.notify_one();
}

}  // namespace wharf::sql
