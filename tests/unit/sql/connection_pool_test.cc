// The pool's rules on sessions that only pretend to be connections: min opened up front, max
// enforced with a timeout, idle sessions checked before reuse, dead ones replaced, abandoned
// transactions rolled back. The same rules against a real server: postgres_store_test.cc.
#include "sql/connection_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "sql/errors.h"
#include "tests/unit/test_util.h"

namespace wharf::sql {
namespace connection_pool_test {

using namespace std::chrono_literals;

// What the fakes report to the test, shared by all of one pool's sessions.
struct World {
  std::atomic<int> opened{0};
  std::atomic<int> closed{0};
  std::atomic<int> pings{0};
  std::atomic<bool> server_up{true};
  std::atomic<int> rollbacks{0};
};

class FakeSession : public Session {
 public:
  explicit FakeSession(World& w) : w_(w) { ++w_.opened; }
  ~FakeSession() override { ++w_.closed; }
  Dialect dialect() const override { return Dialect::kPostgres; }
  int64_t execute(std::string_view, const Params&) override {
    if (!w_.server_up) broken_ = true;
    return 0;
  }
  ResultSet query(std::string_view, const Params&) override { return {}; }
  void query_stream(std::string_view, const Params&, size_t, const BatchCallback&) override {}
  void begin() override { in_tx_ = true; }
  void commit() override { in_tx_ = false; }
  void rollback() override {
    ++w_.rollbacks;
    in_tx_ = false;
  }
  bool in_transaction() const override { return in_tx_; }
  void copy_in(std::string_view, const std::vector<std::string>&,
               const std::vector<Row>&) override {}
  bool table_exists(std::string_view) override { return false; }
  std::optional<TableSchema> describe(std::string_view) override { return std::nullopt; }
  bool ping() override {
    ++w_.pings;
    if (!w_.server_up) broken_ = true;
    return w_.server_up;
  }
  bool may_be_stale() const override { return stale; }
  bool is_broken() const override { return broken_; }
  bool stale = false;

 private:
  World& w_;
  bool in_tx_ = false;
  bool broken_ = false;
};

std::shared_ptr<ConnectionPool> make_pool(World& w, PoolOptions o) {
  return ConnectionPool::create(
      "fake",
      [&w]() -> std::unique_ptr<Session> {
        if (!w.server_up) throw sql_store_error("SqlUnavailable", "server down");
        return std::make_unique<FakeSession>(w);
      },
      o);
}

PoolOptions options(size_t min, size_t max) {
  PoolOptions o;
  o.min_connections = min;
  o.max_connections = max;
  o.validate_after_idle = 1h;  // only may_be_stale triggers a ping, unless a test says otherwise
  return o;
}

TEST(ConnectionPool, OpensMinUpFront) {
  World w;
  auto pool = make_pool(w, options(2, 4));
  EXPECT_EQ(w.opened, 2);
  EXPECT_EQ(pool->stats().open, 2u);
  EXPECT_EQ(pool->stats().idle, 2u);
}

TEST(ConnectionPool, FailsAtCreateWhenUnreachable) {
  World w;
  w.server_up = false;
  EXPECT_EQ(testing::error_of([&] { make_pool(w, options(1, 2)); }).code(), "SqlUnavailable");
}

TEST(ConnectionPool, ReusesReturnedSessions) {
  World w;
  auto pool = make_pool(w, options(1, 4));
  Session* first = nullptr;
  {
    SessionLease a = pool->acquire(1s);
    first = a.get();
    EXPECT_EQ(pool->stats().leased, 1u);
  }
  SessionLease b = pool->acquire(1s);
  EXPECT_EQ(b.get(), first);
  EXPECT_EQ(w.opened, 1);
}

TEST(ConnectionPool, TimesOutAtMax) {
  World w;
  auto pool = make_pool(w, options(1, 2));
  SessionLease a = pool->acquire(1s);
  SessionLease b = pool->acquire(1s);
  auto start = std::chrono::steady_clock::now();
  core::Error e = testing::error_of([&] { pool->acquire(150ms); });
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(e.code(), "SqlPoolTimeout");
  EXPECT_EQ(e.http_status(), 503);
  EXPECT_NE(std::string(e.what()).find("150 ms"), std::string::npos) << e.what();
  EXPECT_GE(waited, 150ms);
  EXPECT_EQ(w.opened, 2);
  b.release();
  EXPECT_TRUE(pool->acquire(1s));
}

TEST(ConnectionPool, WaiterGetsTheReturnedSession) {
  World w;
  auto pool = make_pool(w, options(1, 1));
  SessionLease held = pool->acquire(1s);
  std::atomic<bool> got{false};
  std::thread waiter([&] {
    SessionLease s = pool->acquire(5s);
    got = static_cast<bool>(s);
  });
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(got);
  held.release();
  waiter.join();
  EXPECT_TRUE(got);
  EXPECT_EQ(w.opened, 1);
}

TEST(ConnectionPool, ReplacesStaleSessionsAfterAServerRestart) {
  World w;
  auto pool = make_pool(w, options(1, 2));
  {
    SessionLease s = pool->acquire(1s);
    static_cast<FakeSession*>(s.get())->stale = true;  // the server wrote to the idle socket
  }
  w.server_up = false;
  EXPECT_EQ(testing::error_of([&] { pool->acquire(1s); }).code(), "SqlUnavailable");
  EXPECT_EQ(w.closed, 1);
  EXPECT_EQ(pool->stats().open, 0u);  // the failed connect gave its slot back
  w.server_up = true;
  SessionLease s = pool->acquire(1s);
  EXPECT_FALSE(s->is_broken());
  EXPECT_EQ(w.opened, 2);
}

TEST(ConnectionPool, PingsSessionsIdleForLong) {
  World w;
  PoolOptions o = options(1, 1);
  o.validate_after_idle = 0ms;
  auto pool = make_pool(w, o);
  pool->acquire(1s).release();
  EXPECT_EQ(w.pings, 1);
  w.server_up = false;
  EXPECT_EQ(testing::error_of([&] { pool->acquire(1s); }).code(), "SqlUnavailable");
}

TEST(ConnectionPool, DiscardsBrokenSessions) {
  World w;
  auto pool = make_pool(w, options(1, 1));
  {
    SessionLease s = pool->acquire(1s);
    w.server_up = false;
    s->execute("SELECT 1");
    EXPECT_TRUE(s->is_broken());
    w.server_up = true;
  }
  EXPECT_EQ(w.closed, 1);
  EXPECT_EQ(pool->stats().open, 0u);
  EXPECT_TRUE(pool->acquire(1s));
}

TEST(ConnectionPool, RollsBackAnAbandonedTransaction) {
  World w;
  auto pool = make_pool(w, options(1, 1));
  {
    SessionLease s = pool->acquire(1s);
    s->begin();
  }
  EXPECT_EQ(w.rollbacks, 1);
  SessionLease s = pool->acquire(1s);
  EXPECT_FALSE(s->in_transaction());
  EXPECT_EQ(w.opened, 1);
}

TEST(ConnectionPool, TransactionGuardRollsBack) {
  World w;
  auto pool = make_pool(w, options(1, 1));
  SessionLease s = pool->acquire(1s);
  {
    Transaction tx(*s);
    EXPECT_TRUE(s->in_transaction());
  }
  EXPECT_FALSE(s->in_transaction());
  EXPECT_EQ(w.rollbacks, 1);
  {
    Transaction tx(*s);
    tx.commit();
  }
  EXPECT_EQ(w.rollbacks, 1);
}

TEST(ConnectionPool, LeaseOutlivingItsPool) {
  World w;
  auto pool = make_pool(w, options(1, 1));
  SessionLease s = pool->acquire(1s);
  pool.reset();
  s.release();  // no pool to go back to: closed
  EXPECT_EQ(w.closed, 1);
}

TEST(ConnectionPool, ManyThreads) {
  World w;
  auto pool = make_pool(w, options(1, 3));
  std::vector<std::thread> threads;
  std::atomic<int> done{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        SessionLease s = pool->acquire(5s);
        s->execute("SELECT 1");
        ++done;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(done, 1600);
  EXPECT_LE(w.opened, 3);
}

}  // namespace connection_pool_test
}  // namespace wharf::sql
