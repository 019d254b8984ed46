// SqlStore on a real PostgreSQL (the database of sql_test_support.h): the shared Session contract
// (store_conformance_test.cc), and what only PostgreSQL has: server messages with SQLSTATE, COMMIT
// turned into ROLLBACK, COPY of 100k rows, server-side cursors, the pool against a server that
// stops and restarts, unreachable servers and refused passwords.
#include "sql/postgres_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/decimal.h"
#include "sql/errors.h"
#include "sql/sql_store.h"
#include "tests/unit/sql/sql_test_support.h"
#include "tests/unit/sql/store_conformance.h"
#include "tests/unit/test_util.h"

namespace wharf::sql {
namespace postgres_store_test {

using namespace std::chrono_literals;
using core::Value;
using test_support::OwnCluster;
using test_support::TestDatabase;

Value N(const char* text) { return Value(core::Decimal::parse(text).value()); }

std::unique_ptr<SqlStore> open_test_postgres() { return open_store(TestDatabase::get().url()); }

INSTANTIATE_TEST_SUITE_P(Postgres, StoreConformance,
                         ::testing::Values(StoreTarget{"Postgres", open_test_postgres}),
                         [](const auto& info) { return info.param.name; });

int64_t to_int(const Value& v) { return v.as<core::Decimal>().to_int64().value(); }

class PostgresStore : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = open_store(TestDatabase::get().url());
    s_ = store_->acquire();
    s_->execute(
        "DROP TABLE IF EXISTS pg_users, big, events; DROP SCHEMA IF EXISTS analytics CASCADE");
  }

  std::unique_ptr<SqlStore> store_;
  SessionLease s_;
};

TEST_F(PostgresStore, Dialect) {
  EXPECT_EQ(store_->dialect(), Dialect::kPostgres);
  EXPECT_STREQ(store_->dialect_name(), "postgresql");
  EXPECT_EQ(store_->name().find("wharf-secret"), std::string::npos) << store_->name();
}

TEST_F(PostgresStore, ServerMessagesWithSqlstate) {
  s_->execute("CREATE TABLE pg_users (id bigint PRIMARY KEY, email text)");
  s_->execute("INSERT INTO pg_users VALUES ($1, $2)", {1, "a@example.com"});
  core::Error e = testing::error_of([&] {
    s_->execute("INSERT INTO pg_users VALUES ($1, $2)", {1, "b"});
  });
  EXPECT_EQ(e.code(), "SqlError");
  EXPECT_EQ(e.http_status(), 400);
  EXPECT_STREQ(e.what(),
               "duplicate key value violates unique constraint \"pg_users_pkey\" (SQLSTATE 23505)");
  EXPECT_EQ(sqlstate_of(e), "23505");
  bool has_detail = false;
  for (const auto& [name, value] : e.details()) {
    if (name == "detail") {
      EXPECT_EQ(value, "Key (id)=(1) already exists.");
      has_detail = true;
    }
  }
  EXPECT_TRUE(has_detail);
  EXPECT_EQ(sqlstate_of(testing::error_of([&] { s_->query("SELECT 1/0"); })), "22012");
  // Text cannot hold a NUL byte: refused before it is sent, as the server would.
  EXPECT_EQ(sqlstate_of(
                testing::error_of([&] { s_->query("SELECT $1::text", {std::string("a\0b", 3)}); })),
            "22021");
}

TEST_F(PostgresStore, CommitAfterAFailedStatementIsNotACommit) {
  s_->execute("CREATE TABLE pg_users (id bigint PRIMARY KEY)");
  s_->begin();
  s_->execute("INSERT INTO pg_users VALUES (1)");
  EXPECT_EQ(sqlstate_of(testing::error_of([&] { s_->execute("INSERT INTO pg_users VALUES (1)"); })),
            "23505");
  EXPECT_EQ(sqlstate_of(testing::error_of([&] { s_->execute("INSERT INTO pg_users VALUES (2)"); })),
            "25P02");  // the transaction is aborted
  core::Error e = testing::error_of([&] { s_->commit(); });
  EXPECT_EQ(sqlstate_of(e), "25P02");
  EXPECT_FALSE(s_->in_transaction());
  EXPECT_TRUE(s_->query("SELECT * FROM pg_users").rows.empty());
}

TEST_F(PostgresStore, Copies100kRows) {
  s_->execute("CREATE TABLE big (id bigint PRIMARY KEY, name text, amount numeric, tags jsonb)");
  std::vector<Row> rows;
  rows.reserve(100000);
  for (int i = 1; i <= 100000; ++i) {
    rows.push_back({i, "name\t" + std::to_string(i), N((std::to_string(i) + ".01").c_str()),
                    core::List{Value("x"), Value(i)}});
  }
  auto start = std::chrono::steady_clock::now();
  s_->copy_in("big", {"id", "name", "amount", "tags"}, rows);
  auto took = std::chrono::steady_clock::now() - start;
  ResultSet r = s_->query("SELECT count(*), sum(amount), max(name) FROM big");
  EXPECT_EQ(r.rows.at(0), (Row{100000, N("5000051000.00"), "name\t99999"}));
  EXPECT_EQ(s_->query("SELECT tags FROM big WHERE id = 77").rows.at(0).at(0),
            Value(core::List{Value("x"), Value(77)}));
  EXPECT_LT(took, 60s);
}

TEST_F(PostgresStore, OneCopyStreamAcrossManyWrites) {
  s_->execute("CREATE TABLE big (id bigint PRIMARY KEY, name text)");
  {
    auto copy = s_->open_copy("big", {"id", "name"});
    for (int batch = 0; batch < 50; ++batch) {
      std::vector<Row> rows;
      for (int i = 0; i < 1000; ++i) rows.push_back({batch * 1000 + i, "n" + std::to_string(i)});
      copy->write(rows);
    }
    copy->finish();
  }
  EXPECT_EQ(s_->query("SELECT count(*) FROM big").rows.at(0).at(0), Value(50000));
  // A row the table refuses fails the whole COPY at finish(), with the server's SQLSTATE, and
  // leaves none of its rows; the session works afterwards.
  {
    auto copy = s_->open_copy("big", {"id", "name"});
    copy->write({{100001, "new"}});
    copy->write({{7, "duplicate key"}});
    auto e = testing::error_of([&] { copy->finish(); });
    EXPECT_EQ(e.code(), "SqlError");
    EXPECT_NE(std::string(e.what()).find("23505"), std::string::npos) << e.what();
  }
  // Abandoned (destroyed unfinished): nothing of it stays either.
  {
    auto copy = s_->open_copy("big", {"id", "name"});
    copy->write({{100002, "abandoned"}});
  }
  EXPECT_EQ(s_->query("SELECT count(*) FROM big").rows.at(0).at(0), Value(50000));
}

TEST_F(PostgresStore, CopyOutGivesWhatAQueryGives) {
  s_->execute(
      "CREATE TABLE big (id bigint, name text, amount numeric, tags jsonb, data bytea, at timestamptz, ok boolean)");
  std::vector<Row> rows;
  for (int i = 1; i <= 5000; ++i)
    rows.push_back({i, i % 7 ? Value("tab\there\nline \\ back 张" + std::to_string(i)) : Value(),
                    N("12345678901234567890.123456789"), core::Map{{"k", Value(i)}},
                    core::Binary{std::string("\0\x01\xff", 3)}, "2026-11-21T10:04:05Z", i % 2 == 0});
  s_->copy_in("big", {"id", "name", "amount", "tags", "data", "at", "ok"}, rows);
  std::string sql = "SELECT id, name, amount, tags, data, at, ok FROM big ORDER BY id";
  std::vector<Row> copied;
  std::vector<std::string> columns;
  size_t batches = 0;
  s_->copy_out(sql, 1000, [&](const std::vector<std::string>& c, std::vector<Row>&& b) {
    columns = c;
    ++batches;
    for (auto& r : b) copied.push_back(std::move(r));
  });
  EXPECT_EQ(columns, (std::vector<std::string>{"id", "name", "amount", "tags", "data", "at", "ok"}));
  EXPECT_EQ(batches, 5u);
  EXPECT_EQ(copied, s_->query(sql).rows);
  // A consumer that stops: the exception comes out, and the session still works.
  int seen = 0;
  auto e = testing::error_of([&] {
    s_->copy_out(sql, 100, [&](const std::vector<std::string>&, std::vector<Row>&&) {
      if (++seen == 2) throw core::Error("Stop", 400, "enough");
    });
  });
  EXPECT_EQ(e.code(), "Stop");
  EXPECT_EQ(s_->query("SELECT count(*) FROM big").rows.at(0).at(0), Value(5000));
  // No rows: one call with the columns.
  size_t calls = 0;
  s_->copy_out("SELECT id FROM big WHERE id < 0", 10, [&](const std::vector<std::string>& c, std::vector<Row>&& b) {
    ++calls;
    EXPECT_EQ(c, std::vector<std::string>{"id"});
    EXPECT_TRUE(b.empty());
  });
  EXPECT_EQ(calls, 1u);
}

TEST_F(PostgresStore, StreamsThroughAServerSideCursor) {
  size_t batches = 0, total = 0, largest = 0;
  s_->query_stream("SELECT g, md5(g::text) FROM generate_series(1, $1) g", {100000}, 5000,
                   [&](const std::vector<std::string>& columns, std::vector<Row>&& rows) {
                     EXPECT_EQ(columns, (std::vector<std::string>{"g", "md5"}));
                     ++batches;
                     total += rows.size();
                     largest = std::max(largest, rows.size());
                     // Between batches the session is free, and the cursor lives on the server.
                     if (batches == 1) {
                       EXPECT_EQ(s_->query("SELECT count(*) FROM pg_cursors").rows.at(0).at(0),
                                 Value(1));
                     }
                   });
  EXPECT_EQ(batches, 20u);
  EXPECT_EQ(total, 100000u);
  EXPECT_EQ(largest, 5000u);
  EXPECT_EQ(s_->query("SELECT count(*) FROM pg_cursors").rows.at(0).at(0), Value(0));
}

TEST_F(PostgresStore, TimestampsAreUtcAndOddTypesText) {
  ResultSet r = s_->query(
      "SELECT '2026-11-21T12:04:05.25+02:00'::timestamptz, 'NaN'::numeric, '{1,2}'::int[], "
      "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid, 1.5::float8, 7::int2");
  EXPECT_EQ(r.rows.at(0), (Row{"2026-11-21T10:04:05.25Z", "NaN", "{1,2}",
                               "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", N("1.5"), 7}));
}

TEST_F(PostgresStore, SchemaQualifiedTables) {
  s_->execute("CREATE SCHEMA analytics");
  TableSchema events{"analytics.events",
                     {{"id", ColumnType::kInteger, false}, {"at", ColumnType::kTimestamp, true}},
                     {"id"}};
  s_->create_table(events, false);
  EXPECT_TRUE(s_->table_exists("analytics.events"));
  EXPECT_FALSE(s_->table_exists("events"));
  EXPECT_FALSE(s_->table_exists("analytics.Events"));  // names are taken as given
  EXPECT_EQ(s_->describe("analytics.events"), events);
  s_->copy_in("analytics.events", {"id", "at"}, {{1, "2026-11-21T10:04:05Z"}});
  EXPECT_EQ(s_->query("SELECT at FROM analytics.events").rows.at(0).at(0),
            Value("2026-11-21T10:04:05Z"));
}

TEST_F(PostgresStore, PoolOpensMinAndStopsAtMax) {
  PoolOptions o;
  o.min_connections = 2;
  o.max_connections = 3;
  auto store = open_store(TestDatabase::get().url(), o);
  EXPECT_EQ(store->pool_stats().open, 2u);
  std::vector<SessionLease> held;
  for (int i = 0; i < 3; ++i) held.push_back(store->acquire(1s));
  std::set<int64_t> backends;
  for (auto& s : held)
    backends.insert(to_int(s->query("SELECT pg_backend_pid()").rows.at(0).at(0)));
  EXPECT_EQ(backends.size(), 3u);

  auto start = std::chrono::steady_clock::now();
  core::Error e = testing::error_of([&] { store->acquire(200ms); });
  EXPECT_EQ(e.code(), "SqlPoolTimeout");
  EXPECT_GE(std::chrono::steady_clock::now() - start, 200ms);

  std::thread giver([&] {
    std::this_thread::sleep_for(100ms);
    held.pop_back();
  });
  SessionLease late = store->acquire(5s);
  giver.join();
  EXPECT_EQ(late->query("SELECT 1").rows.at(0).at(0), Value(1));
}

// On a server of its own, which it stops and starts again (the other tests share theirs).
TEST(PostgresServerRestart, ReconnectsAfterTheServerRestarts) {
  OwnCluster own;
  auto store = open_store(own.url());
  auto other = open_store(own.url());
  SessionLease other_session = other->acquire();
  { EXPECT_EQ(store->acquire()->query("SELECT 1").rows.at(0).at(0), Value(1)); }
  SessionLease leased = store->acquire();
  other_session.release();

  std::string where = "127.0.0.1:" + std::to_string(own.port());
  own.cluster().stop();
  core::Error down = testing::error_of([&] { store->acquire(); });
  EXPECT_EQ(down.code(), "SqlUnavailable");
  EXPECT_EQ(down.http_status(), 503);
  EXPECT_NE(std::string(down.what()).find(where), std::string::npos) << down.what();

  own.cluster().start();
  // An idle connection from before the restart is replaced without the caller noticing.
  EXPECT_EQ(store->acquire()->query("SELECT 2").rows.at(0).at(0), Value(2));
  // One that was leased across the restart fails once, then goes.
  core::Error lost = testing::error_of([&] { leased->query("SELECT 3"); });
  EXPECT_EQ(lost.code(), "SqlUnavailable");
  EXPECT_TRUE(leased->is_broken());
  leased.release();
  EXPECT_EQ(store->acquire()->query("SELECT 4").rows.at(0).at(0), Value(4));
  other_session = other->acquire();  // another store recovers the same way
  EXPECT_EQ(other_session->query("SELECT 5").rows.at(0).at(0), Value(5));
}

TEST_F(PostgresStore, UnreachableServer) {
  int port = test_support::free_port();
  core::Error e = testing::error_of([&] {
    open_store("postgresql://wharf:not-this-one@127.0.0.1:" + std::to_string(port) + "/wharf");
  });
  EXPECT_EQ(e.code(), "SqlUnavailable");
  std::string message = e.what();
  EXPECT_NE(message.find("127.0.0.1:" + std::to_string(port)), std::string::npos) << message;
  EXPECT_EQ(message.find("not-this-one"), std::string::npos) << message;
}

TEST_F(PostgresStore, RefusedPassword) {
  std::string url =
      "postgresql://wharf:wrong@127.0.0.1:" + std::to_string(TestDatabase::get().port()) + "/wharf";
  core::Error e = testing::error_of([&] { open_store(url); });
  EXPECT_EQ(e.code(), "SqlAccessDenied");
  EXPECT_EQ(e.http_status(), 403);
}

}  // namespace postgres_store_test
}  // namespace wharf::sql
