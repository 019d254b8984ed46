// The Session contract on every engine (instantiated in sqlite_store_test.cc and
// postgres_store_test.cc): values round-trip exactly, transactions commit and roll back, COPY is
// all or nothing, the staging upsert, describe, streaming in batches, SQLSTATEs.
#include "tests/unit/sql/store_conformance.h"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/decimal.h"
#include "core/json_codec.h"
#include "core/value.h"
#include "sql/errors.h"
#include "tests/unit/test_util.h"

namespace wharf::sql {
namespace store_conformance_test {

using core::Value;

Value N(const std::string& text) { return Value(core::Decimal::parse(text).value()); }

std::string all_bytes() {
  std::string b;
  for (int i = 0; i < 256; ++i) b += static_cast<char>(i);
  return b;
}

TableSchema all_types(const std::string& name) {
  return {name,
          {{"id", ColumnType::kInteger, false},
           {"t", ColumnType::kText},
           {"n", ColumnType::kInteger},
           {"d", ColumnType::kDecimal},
           {"b", ColumnType::kBoolean},
           {"day", ColumnType::kDate},
           {"ts", ColumnType::kTimestamp},
           {"j", ColumnType::kJson},
           {"bin", ColumnType::kBinary}},
          {"id"}};
}

std::vector<Row> all_type_rows() {
  return {
      {1, "東京タワー 🗼 \"double\" 'single' back\\slash\ttab\nnewline", 9223372036854775807LL,
       N("12345678901234567890.123456789"), true, "2026-11-21", "2026-11-21T10:04:05Z",
       core::parse_json(R"({"name":"ü","tags":["a","b"],"n":0.1,"nested":{"x":null}})"),
       core::Binary{all_bytes()}},
      {2, "", -9223372036854775807LL - 1, N("-0.000000001"), false, "1999-12-31",
       "2026-11-21T10:04:05.123456Z", core::parse_json(R"([1,"two",{"three":3.0}])"),
       core::Binary{}},
      {3, Value(), Value(), Value(), Value(), Value(), Value(), Value(), Value()},
  };
}

const std::vector<std::string> kAllTypeColumns = {"id",  "t",  "n", "d",  "b",
                                                  "day", "ts", "j", "bin"};

int64_t count(Session& s, const std::string& table) {
  ResultSet r = s.query("SELECT COUNT(*) FROM " + quote_table_name(table));
  return r.rows.at(0).at(0).as<core::Decimal>().to_int64().value();
}

void create_users(Session& s) {
  s.create_table({"users",
                  {{"id", ColumnType::kInteger, false},
                   {"name", ColumnType::kText},
                   {"version", ColumnType::kInteger}},
                  {"id"}},
                 false);
}

TEST_P(StoreConformance, TypesRoundTripThroughParameters) {
  s_->create_table(all_types("rt"), false);
  for (const Row& row : all_type_rows()) {
    EXPECT_EQ(s_->execute("INSERT INTO rt VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)", row), 1);
  }
  ResultSet r = s_->query("SELECT * FROM rt ORDER BY id");
  EXPECT_EQ(r.columns, kAllTypeColumns);
  ASSERT_EQ(r.rows.size(), 3u);
  std::vector<Row> expected = all_type_rows();
  for (size_t i = 0; i < expected.size(); ++i) {
    for (size_t c = 0; c < kAllTypeColumns.size(); ++c) {
      EXPECT_EQ(r.rows[i][c], expected[i][c])
          << "row " << i << " column " << kAllTypeColumns[c] << ": " << core::to_json(r.rows[i][c]);
    }
  }
}

TEST_P(StoreConformance, TypesRoundTripThroughCopy) {
  s_->create_table(all_types("rt"), false);
  s_->copy_in("rt", kAllTypeColumns, all_type_rows());
  EXPECT_EQ(s_->query("SELECT * FROM rt ORDER BY id").rows, all_type_rows());
}

TEST_P(StoreConformance, NumbersAreExactDecimals) {
  ResultSet r = s_->query("SELECT 0.1, 42, 1.5 + 1, -7");
  EXPECT_EQ(r.rows.at(0), (Row{N("0.1"), 42, N("2.5"), -7}));
  s_->create_table(
      {"items", {{"id", ColumnType::kInteger, false}, {"price", ColumnType::kDecimal}}, {"id"}},
      false);
  s_->execute("INSERT INTO items VALUES ($1, $2)", {1, N("99999999999999999999999999.99")});
  EXPECT_EQ(s_->query("SELECT price FROM items WHERE id = $1", {1}).rows.at(0).at(0),
            N("99999999999999999999999999.99"));
}

TEST_P(StoreConformance, PositionalPlaceholders) {
  ResultSet r =
      s_->query("SELECT CAST($2 AS TEXT), CAST($1 AS TEXT), CAST($2 AS TEXT)", {"first", "second"});
  EXPECT_EQ(r.rows.at(0), (Row{"second", "first", "second"}));
  EXPECT_EQ(
      testing::error_of([&] { s_->query("SELECT CAST($1 AS TEXT)", {}); }).code().substr(0, 3),
      "Sql");
}

TEST_P(StoreConformance, TransactionsCommitAndRollBack) {
  create_users(*s_);
  SessionLease other = store_->acquire();

  s_->begin();
  EXPECT_TRUE(s_->in_transaction());
  s_->execute("INSERT INTO users (id, name) VALUES ($1, $2)", {1, "rolled back"});
  s_->rollback();
  EXPECT_FALSE(s_->in_transaction());
  EXPECT_EQ(count(*s_, "users"), 0);

  s_->begin();
  s_->execute("INSERT INTO users (id, name) VALUES ($1, $2)", {1, "kept"});
  EXPECT_EQ(count(*other, "users"), 0);  // not visible before commit
  s_->commit();
  EXPECT_EQ(count(*other, "users"), 1);

  {
    Transaction tx(*s_);
    s_->execute("INSERT INTO users (id, name) VALUES ($1, $2)", {2, "abandoned"});
  }
  EXPECT_FALSE(s_->in_transaction());
  EXPECT_EQ(count(*s_, "users"), 1);

  EXPECT_EQ(testing::error_of([&] { s_->commit(); }).code(), "SqlUsageError");
  s_->begin();
  EXPECT_EQ(testing::error_of([&] { s_->begin(); }).code(), "SqlUsageError");
  s_->rollback();
  s_->rollback();  // nothing open: nothing to do
}

TEST_P(StoreConformance, PipelineBatchInOneTransaction) {
  create_users(*s_);
  s_->execute("CREATE TABLE checkpoints (pipeline TEXT PRIMARY KEY, position BIGINT)");
  s_->execute("INSERT INTO users (id, name, version) VALUES (1, 'old', 1)");
  std::vector<std::string> columns = {"id", "name", "version"};
  auto load = [&](bool commit) {
    Transaction tx(*s_);
    s_->execute("CREATE TEMP TABLE stage (id BIGINT, name TEXT, version BIGINT)");
    s_->copy_in("stage", columns, {{1, "new", 2}, {2, "added", 1}});
    EXPECT_EQ(s_->upsert_from("stage", "users", columns, {"id"}), 2);
    s_->execute("DROP TABLE stage");
    s_->execute(
        "INSERT INTO checkpoints VALUES ($1, $2) ON CONFLICT (pipeline) DO UPDATE SET "
        "position = excluded.position",
        {"orders", 42});
    if (commit) tx.commit();
  };
  load(false);
  SessionLease other = store_->acquire();
  EXPECT_EQ(count(*other, "users"), 1);
  EXPECT_EQ(count(*other, "checkpoints"), 0);
  load(true);
  EXPECT_EQ(other->query("SELECT id, name, version FROM users ORDER BY id").rows,
            (std::vector<Row>{{1, "new", 2}, {2, "added", 1}}));
  EXPECT_EQ(other->query("SELECT position FROM checkpoints").rows, (std::vector<Row>{{42}}));
}

TEST_P(StoreConformance, CopyInManyRows) {
  s_->create_table({"items",
                    {{"id", ColumnType::kInteger, false},
                     {"name", ColumnType::kText},
                     {"price", ColumnType::kDecimal},
                     {"data", ColumnType::kBinary},
                     {"meta", ColumnType::kJson}},
                    {"id"}},
                   false);
  std::vector<Row> rows;
  for (int i = 0; i < 3000; ++i) {
    Value name = i % 7 == 0 ? Value()
                            : Value(i % 3 ? "row " + std::to_string(i)
                                          : "tab\there\nnew\\line 東京 " + std::to_string(i));
    rows.push_back({i, name, N(std::to_string(i) + ".25"),
                    core::Binary{std::string(1, static_cast<char>(i % 256)) + std::string(1, '\0')},
                    core::Map{{"i", Value(i)}, {"even", Value(i % 2 == 0)}}});
  }
  s_->copy_in("items", {"id", "name", "price", "data", "meta"}, rows);
  EXPECT_EQ(s_->query("SELECT id, name, price, data, meta FROM items ORDER BY id").rows, rows);
  EXPECT_FALSE(s_->in_transaction());
}

TEST_P(StoreConformance, CopyInIsAllOrNothing) {
  create_users(*s_);
  std::vector<Row> rows;
  for (int i = 1; i <= 100; ++i) rows.push_back({i, "u", 1});
  rows.push_back({50, "duplicate", 1});
  core::Error e = testing::error_of([&] { s_->copy_in("users", {"id", "name", "version"}, rows); });
  EXPECT_EQ(e.code(), "SqlError");
  EXPECT_EQ(sqlstate_of(e), "23505");
  EXPECT_EQ(count(*s_, "users"), 0);

  core::Error width = testing::error_of([&] {
    s_->copy_in("users", {"id", "name"}, {{1, "a"}, {2}});
  });
  EXPECT_EQ(width.code(), "SqlUsageError");
  EXPECT_EQ(count(*s_, "users"), 0);
  s_->copy_in("users", {"id"}, {});  // an empty batch is nothing to do
}

TEST_P(StoreConformance, UpsertFromStaging) {
  create_users(*s_);
  s_->execute("CREATE TABLE staging_users (id BIGINT, name TEXT, version BIGINT)");
  s_->copy_in("users", {"id", "name", "version"}, {{1, "a", 1}, {2, "b", 1}});
  s_->copy_in("staging_users", {"id", "name", "version"}, {{2, "B", 2}, {3, "c", 1}});
  std::vector<std::string> columns = {"id", "name", "version"};
  EXPECT_EQ(s_->upsert_from("staging_users", "users", columns, {"id"}), 2);
  EXPECT_EQ(s_->query("SELECT id, name, version FROM users ORDER BY id").rows,
            (std::vector<Row>{{1, "a", 1}, {2, "B", 2}, {3, "c", 1}}));

  // A replayed older batch does not regress row 2; row 3 moves forward.
  s_->execute("DELETE FROM staging_users");
  s_->copy_in("staging_users", {"id", "name", "version"}, {{2, "stale", 1}, {3, "C", 2}});
  EXPECT_EQ(s_->upsert_from("staging_users", "users", columns, {"id"}, "version"), 1);
  EXPECT_EQ(s_->query("SELECT id, name, version FROM users ORDER BY id").rows,
            (std::vector<Row>{{1, "a", 1}, {2, "B", 2}, {3, "C", 2}}));

  // Only keys: new keys are inserted, existing ones left alone.
  s_->execute("CREATE TABLE keyed (id BIGINT PRIMARY KEY)");
  s_->execute("INSERT INTO keyed VALUES (2)");
  EXPECT_EQ(s_->upsert_from("staging_users", "keyed", {"id"}, {"id"}), 1);
  EXPECT_EQ(count(*s_, "keyed"), 2);
}

TEST_P(StoreConformance, DescribeAndExists) {
  TableSchema rt = all_types("rt");
  EXPECT_FALSE(s_->table_exists("rt"));
  EXPECT_EQ(s_->describe("rt"), std::nullopt);
  s_->create_table(rt, false);
  s_->create_table(rt, true);  // again: nothing happens
  EXPECT_EQ(testing::error_of([&] { s_->create_table(rt, false); }).code(), "SqlError");
  EXPECT_TRUE(s_->table_exists("rt"));
  EXPECT_EQ(s_->describe("rt"), rt);

  TableSchema mixed{"Mixed Case",
                    {{"Key B", ColumnType::kText, false},
                     {"a", ColumnType::kDate, false},
                     {"Value", ColumnType::kJson}},
                    {"Key B", "a"}};
  s_->create_table(mixed, false);
  EXPECT_TRUE(s_->table_exists("Mixed Case"));
  EXPECT_EQ(s_->describe("Mixed Case"), mixed);
}

TEST_P(StoreConformance, StreamsInBatches) {
  s_->create_table({"stream", {{"id", ColumnType::kInteger, false}}, {"id"}}, false);
  std::vector<Row> rows;
  for (int i = 1; i <= 2500; ++i) rows.push_back({i});
  s_->copy_in("stream", {"id"}, rows);

  auto stream = [&](const std::string& sql, const Params& params, size_t batch) {
    std::vector<size_t> sizes;
    std::vector<Row> all;
    s_->query_stream(sql, params, batch,
                     [&](const std::vector<std::string>& columns, std::vector<Row>&& got) {
                       EXPECT_EQ(columns, std::vector<std::string>{"id"});
                       sizes.push_back(got.size());
                       for (auto& r : got) all.push_back(std::move(r));
                     });
    return std::make_pair(sizes, all);
  };
  auto [sizes, all] = stream("SELECT id FROM stream ORDER BY id", {}, 1000);
  EXPECT_EQ(sizes, (std::vector<size_t>{1000, 1000, 500}));
  EXPECT_EQ(all, rows);
  EXPECT_EQ(stream("SELECT id FROM stream WHERE id <= 2000 ORDER BY id;", {}, 1000).first,
            (std::vector<size_t>{1000, 1000}));
  EXPECT_EQ(stream("SELECT id FROM stream WHERE id > $1 ORDER BY id", {2400}, 30).first,
            (std::vector<size_t>{30, 30, 30, 10}));
  EXPECT_EQ(stream("SELECT id FROM stream WHERE id > $1", {5000}, 30).first,
            (std::vector<size_t>{0}));  // called once, so the columns are known

  // Inside a transaction the stream sees its uncommitted rows.
  s_->begin();
  s_->execute("INSERT INTO stream VALUES (2501)");
  EXPECT_EQ(stream("SELECT id FROM stream", {}, 5000).first, (std::vector<size_t>{2501}));
  EXPECT_TRUE(s_->in_transaction());
  s_->commit();

  // A failing consumer stops the query; the session stays usable.
  EXPECT_THROW(s_->query_stream("SELECT id FROM stream", {}, 100,
                                [](const std::vector<std::string>&, std::vector<Row>&&) {
                                  throw std::runtime_error("consumer failed");
                                }),
               std::runtime_error);
  EXPECT_FALSE(s_->in_transaction());
  EXPECT_EQ(count(*s_, "stream"), 2501);
}

TEST_P(StoreConformance, ErrorsCarrySqlstate) {
  create_users(*s_);
  s_->execute("INSERT INTO users (id, name) VALUES (1, 'a')");
  auto sqlstate = [&](const std::string& sql) {
    core::Error e = testing::error_of([&] { s_->execute(sql); });
    EXPECT_EQ(e.code(), "SqlError") << sql;
    EXPECT_EQ(e.http_status(), 400);
    std::string state = sqlstate_of(e);
    EXPECT_NE(std::string(e.what()).find("(SQLSTATE " + state + ")"), std::string::npos)
        << e.what();
    return state;
  };
  EXPECT_EQ(sqlstate("INSERT INTO users (id, name) VALUES (1, 'again')"), "23505");
  EXPECT_EQ(sqlstate("INSERT INTO users (name) VALUES ('no id')"), "23502");
  EXPECT_EQ(sqlstate("SELECT * FROM no_such_table"), "42P01");
  EXPECT_EQ(sqlstate("SELECT no_such_column FROM users"), "42703");
  EXPECT_EQ(sqlstate("SELEKT 1"), "42601");
  EXPECT_EQ(count(*s_, "users"), 1);  // the session goes on after errors
}

TEST_P(StoreConformance, ScriptsOfSeveralStatements) {
  EXPECT_EQ(s_->execute("CREATE TABLE script_t (a INTEGER); INSERT INTO script_t VALUES (1); "
                        "INSERT INTO script_t VALUES (2), (3);"),
            2);
  EXPECT_EQ(count(*s_, "script_t"), 3);
  EXPECT_EQ(s_->execute("UPDATE script_t SET a = a + $1 WHERE a > $2", {10, 1}), 2);
}

}  // namespace store_conformance_test
}  // namespace wharf::sql
