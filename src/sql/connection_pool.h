// ConnectionPool: sessions of one database, shared by threads. Engine-neutral: it opens sessions
// through a factory and judges them only through Session::ping/may_be_stale/is_broken.
//
// - min_connections are opened when the pool is created (so a store that cannot connect fails
//   at open) and kept open; sessions beyond that are closed after max_idle unused.
// - At most max_connections are open (leased, idle or being opened). acquire() waits for one to
//   come back and throws SqlPoolTimeout when none does in time.
// - An idle session is checked before it is handed out: always with the free may_be_stale(),
//   and with ping() (SELECT 1) when it sat idle for validate_after_idle or longer. A session
//   that fails the check, or comes back broken or still inside a transaction it cannot roll
//   back, is closed and a new one opened in its place. So after a PostgreSQL restart the next
//   acquire() hands out a fresh connection; while the server is down it throws SqlUnavailable.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "sql/session.h"

namespace wharf::sql {

struct PoolOptions {
  size_t min_connections = 1;
  size_t max_connections = 8;
  std::chrono::milliseconds acquire_timeout{10000};
  std::chrono::milliseconds validate_after_idle{500};
  std::chrono::milliseconds max_idle{std::chrono::minutes(5)};
  std::chrono::milliseconds connect_timeout{5000};  // PostgreSQL: per connection attempt
  std::chrono::milliseconds busy_timeout{5000};     // SQLite: waiting for the write lock
};

struct PoolStats {
  size_t open = 0;  // leased + idle
  size_t idle = 0;
  size_t leased = 0;
};

class ConnectionPool : public std::enable_shared_from_this<ConnectionPool> {
 public:
  using Factory = std::function<std::unique_ptr<Session>()>;

  // `name` says which database in errors and logs (never with a password). Opens
  // min_connections at once; throws what the factory throws.
  static std::shared_ptr<ConnectionPool> create(std::string name, Factory factory,
                                                PoolOptions options);
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  SessionLease acquire(std::chrono::milliseconds timeout);
  SessionLease acquire() { return acquire(options_.acquire_timeout); }
  PoolStats stats() const;
  const PoolOptions& options() const { return options_; }
  const std::string& name() const { return name_; }

 private:
  using Clock = std::chrono::steady_clock;
  struct Idle {
    std::unique_ptr<Session> session;
    Clock::time_point since;
  };

  ConnectionPool(std::string name, Factory factory, PoolOptions options);
  std::unique_ptr<Session> open_new();  // counts itself in open_ before connecting
  bool usable(Session& s, Clock::time_point idle_since) const;
  void give_back(std::unique_ptr<Session> session) noexcept;
  SessionLease lease(std::unique_ptr<Session> session);

  const std::string name_;
  const Factory factory_;
  const PoolOptions options_;
  mutable std::mutex mu_;
  std::condition_variable freed_;
  std::vector<Idle> idle_;  // the most recently returned last: reused first, the rest age out
  size_t open_ = 0;         // idle + leased + being opened
};

}  // namespace wharf::sql
