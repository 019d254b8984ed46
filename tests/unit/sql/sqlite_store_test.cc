// SqlStore on SQLite: the shared Session contract (store_conformance_test.cc) on a fresh file
// per test, and what only SQLite has: the file and WAL mode, $n placeholders, REAL values,
// writers serialized by the write gate while readers go on, the busy timeout.
#include "sql/sqlite_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <regex>
#include <thread>

#include "core/decimal.h"
#include "sql/errors.h"
#include "sql/sql_store.h"
#include "tests/unit/sql/sql_test_support.h"
#include "tests/unit/sql/store_conformance.h"
#include "tests/unit/test_util.h"

namespace wharf::sql {
namespace sqlite_store_test {

using namespace std::chrono_literals;
using core::Value;

Value N(const char* text) { return Value(core::Decimal::parse(text).value()); }

// One scratch directory for the process; a new database file for every store opened.
std::unique_ptr<SqlStore> open_scratch_sqlite() {
  static test_support::ScratchDir dir("wharf-sql-test-sqlite");
  static std::atomic<int> n{0};
  return open_store("sqlite://" + (dir.path() / ("db" + std::to_string(++n) + ".sqlite")).string());
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformance,
                         ::testing::Values(StoreTarget{"Sqlite", open_scratch_sqlite}),
                         [](const auto& info) { return info.param.name; });

class SqliteStore : public ::testing::Test {
 protected:
  std::unique_ptr<SqlStore> open(PoolOptions options = {}) {
    return open_store("sqlite:" + (dir_.path() / "app.db").string(), options);
  }
  int64_t count(Session& s) {
    return s.query("SELECT COUNT(*) FROM t")
        .rows.at(0)
        .at(0)
        .as<core::Decimal>()
        .to_int64()
        .value();
  }
  test_support::ScratchDir dir_{"wharf-sqlite-store-test"};
};

TEST_F(SqliteStore, CreatesTheFileInWalMode) {
  auto path = dir_.path() / "sub" / "dir" / "new.db";
  auto store = open_store("sqlite://" + path.string());
  EXPECT_TRUE(std::filesystem::exists(path));
  EXPECT_EQ(store->dialect(), Dialect::kSqlite);
  EXPECT_STREQ(store->dialect_name(), "sqlite");
  auto s = store->acquire();
  EXPECT_EQ(s->query("PRAGMA journal_mode").rows.at(0).at(0), Value("wal"));
  EXPECT_EQ(s->query("PRAGMA foreign_keys").rows.at(0).at(0), Value(1));
}

TEST_F(SqliteStore, DollarAndQuestionPlaceholders) {
  auto s = open()->acquire();
  EXPECT_EQ(s->query("SELECT $2 || $1", {"a", "b"}).rows.at(0).at(0), Value("ba"));
  EXPECT_EQ(s->query("SELECT ? || ?", {"a", "b"}).rows.at(0).at(0), Value("ab"));
  EXPECT_EQ(s->query("SELECT '$1' || $1", {"x"}).rows.at(0).at(0), Value("$1x"));
  EXPECT_EQ(testing::error_of([&] { s->query("SELECT $1, $2", {"only one"}); }).code(),
            "SqlUsageError");
  EXPECT_EQ(testing::error_of([&] { s->query("SELECT 1; SELECT 2"); }).code(), "SqlUsageError");
}

TEST_F(SqliteStore, RealsComeBackAsDecimalsFromTheirText) {
  auto s = open()->acquire();
  s->execute("CREATE TABLE f (x REAL, y DECIMAL(10,2))");
  s->execute("INSERT INTO f VALUES ($1, $2)", {N("0.1"), N("12.50")});
  s->execute("INSERT INTO f VALUES ($1, $2)", {N("1e20"), 3});
  ResultSet r = s->query("SELECT x, y FROM f ORDER BY x");
  EXPECT_EQ(r.rows.at(0), (Row{N("0.1"), N("12.5")}));  // NUMERIC affinity: a double, exact here
  EXPECT_EQ(r.rows.at(1), (Row{N("1e20"), N("3")}));
}

TEST_F(SqliteStore, SqliteTimestampsComeBackInIsoUtc) {
  auto s = open()->acquire();
  s->execute("CREATE TABLE ev (x BIGINT, at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)");
  s->execute("INSERT INTO ev (x) VALUES (1)");
  std::string at = s->query("SELECT at FROM ev").rows.at(0).at(0).as<std::string>();
  EXPECT_TRUE(std::regex_match(at, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"))) << at;
}

TEST_F(SqliteStore, DescribesTablesItDidNotCreate) {
  auto s = open()->acquire();
  s->execute(
      "CREATE TABLE legacy (a DECIMAL(10,2), b VARCHAR(20) NOT NULL, c DATETIME, d INT, "
      "PRIMARY KEY (b))");
  TableSchema expected{"legacy",
                       {{"a", ColumnType::kDecimal, true},
                        {"b", ColumnType::kText, false},
                        {"c", ColumnType::kTimestamp, true},
                        {"d", ColumnType::kInteger, true}},
                       {"b"}};
  EXPECT_EQ(s->describe("legacy"), expected);
  EXPECT_EQ(s->describe("main.legacy"), (TableSchema{"main.legacy", expected.columns, {"b"}}));
  EXPECT_FALSE(s->table_exists("temp.legacy"));
}

TEST_F(SqliteStore, WritersAreSerializedReadersAreNot) {
  PoolOptions o;
  o.max_connections = 4;
  auto store = open(o);
  store->acquire()->execute("CREATE TABLE t (id BIGINT PRIMARY KEY, thread BIGINT)");
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      try {
        for (int i = 0; i < 50; ++i) {
          auto s = store->acquire();
          Transaction tx(*s);
          s->execute("INSERT INTO t VALUES ($1, $2)", {t * 1000 + i, t});
          s->query("SELECT COUNT(*) FROM t");
          tx.commit();
          s->execute("UPDATE t SET thread = thread WHERE id = $1", {t * 1000 + i});  // autocommit
        }
      } catch (const std::exception& e) {
        ADD_FAILURE() << e.what();
        ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(count(*store->acquire()), 200);
}

TEST_F(SqliteStore, ReadersSeeTheLastCommitWithoutWaiting) {
  auto store = open();
  auto writer = store->acquire();
  auto reader = store->acquire();
  writer->execute("CREATE TABLE t (id BIGINT)");
  writer->begin();
  writer->execute("INSERT INTO t VALUES (1)");
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(count(*reader), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  writer->commit();
  EXPECT_EQ(count(*reader), 1);
}

TEST_F(SqliteStore, BusyTimeoutWhenAWriterHoldsOn) {
  PoolOptions o;
  o.busy_timeout = 200ms;
  auto store = open(o);
  auto a = store->acquire();
  auto b = store->acquire();
  a->execute("CREATE TABLE t (id BIGINT)");
  a->begin();
  a->execute("INSERT INTO t VALUES (1)");
  auto start = std::chrono::steady_clock::now();
  core::Error e = testing::error_of([&] { b->execute("INSERT INTO t VALUES (2)"); });
  EXPECT_GE(std::chrono::steady_clock::now() - start, 200ms);
  EXPECT_EQ(e.code(), "SqlError");
  EXPECT_EQ(sqlstate_of(e), "55P03");
  EXPECT_EQ(testing::error_of([&] { b->begin(); }).code(), "SqlError");
  EXPECT_FALSE(b->in_transaction());
  a->rollback();
  b->execute("INSERT INTO t VALUES (2)");
  EXPECT_EQ(count(*a), 1);
}

TEST_F(SqliteStore, TransactionMayEndOnAnotherThread) {
  auto store = open();
  auto s = store->acquire();
  s->execute("CREATE TABLE t (id BIGINT)");
  s->begin();
  s->execute("INSERT INTO t VALUES (1)");
  std::thread([&] { s->commit(); }).join();
  store->acquire()->execute("INSERT INTO t VALUES (2)");  // the write gate was given back
  EXPECT_EQ(count(*s), 2);
}

TEST_F(SqliteStore, StatementTransactionsAlsoHoldTheGate) {
  PoolOptions o;
  o.busy_timeout = 100ms;
  auto store = open(o);
  auto a = store->acquire();
  auto b = store->acquire();
  a->execute("CREATE TABLE t (id BIGINT)");
  a->execute("BEGIN");
  a->execute("INSERT INTO t VALUES (1)");
  EXPECT_TRUE(a->in_transaction());
  EXPECT_EQ(sqlstate_of(testing::error_of([&] { b->execute("INSERT INTO t VALUES (2)"); })),
            "55P03");
  a->execute("COMMIT");
  b->execute("INSERT INTO t VALUES (2)");
  EXPECT_EQ(count(*b), 2);
}

TEST_F(SqliteStore, FailedCopyInsideATransactionUndoesOnlyItsBatch) {
  auto s = open()->acquire();
  s->execute("CREATE TABLE t (id BIGINT PRIMARY KEY)");
  s->begin();
  s->execute("INSERT INTO t VALUES (1)");
  core::Error e = testing::error_of([&] { s->copy_in("t", {"id"}, {{2}, {3}, {1}}); });
  EXPECT_EQ(sqlstate_of(e), "23505");
  EXPECT_TRUE(s->in_transaction());
  s->commit();
  EXPECT_EQ(s->query("SELECT id FROM t").rows, (std::vector<Row>{{1}}));
}

TEST_F(SqliteStore, TemporaryTablesBelongToTheirSession) {
  auto store = open();
  auto a = store->acquire();
  auto b = store->acquire();
  a->execute("CREATE TEMP TABLE scratch (x BIGINT)");
  EXPECT_TRUE(a->table_exists("scratch"));
  EXPECT_FALSE(b->table_exists("scratch"));
}

TEST_F(SqliteStore, TwoStoresOnOneFileShareTheGate) {
  PoolOptions o;
  o.busy_timeout = 100ms;
  auto one = open(o);
  auto two = open(o);
  auto a = one->acquire();
  auto b = two->acquire();
  a->execute("CREATE TABLE t (id BIGINT)");
  a->begin();
  core::Error e = testing::error_of([&] { b->execute("INSERT INTO t VALUES (2)"); });
  EXPECT_EQ(sqlstate_of(e), "55P03");
  // Turned away at the gate, not by SQLite's own lock ("database is locked").
  EXPECT_NE(std::string(e.what()).find("another session"), std::string::npos) << e.what();
  a->commit();
}

TEST_F(SqliteStore, ErrorsNameTheSqliteCode) {
  auto s = open()->acquire();
  s->execute("CREATE TABLE t (id BIGINT PRIMARY KEY)");
  s->execute("INSERT INTO t VALUES (1)");
  core::Error e = testing::error_of([&] { s->execute("INSERT INTO t VALUES (1)"); });
  EXPECT_STREQ(e.what(), "UNIQUE constraint failed: t.id (SQLSTATE 23505)");
  EXPECT_EQ(e.details().back(),
            (std::pair<std::string, std::string>{"sqlite_code", "SQLITE_CONSTRAINT_PRIMARYKEY"}));
}

}  // namespace sqlite_store_test
}  // namespace wharf::sql
