// The SQL both engines are given: quoting, type names, CREATE TABLE, the staging upsert and
// SQLite's placeholder rewrite (whose mistakes would bind values to the wrong columns).
#include "sql/dialect.h"

#include <gtest/gtest.h>

#include "sql/errors.h"
#include "tests/unit/test_util.h"

namespace wharf::sql {
namespace dialect_test {

TEST(Dialect, Names) {
  EXPECT_STREQ(dialect_name(Dialect::kPostgres), "postgresql");
  EXPECT_STREQ(dialect_name(Dialect::kSqlite), "sqlite");
}

TEST(Dialect, QuotesIdentifiersAsGiven) {
  EXPECT_EQ(quote_identifier("users"), "\"users\"");
  EXPECT_EQ(quote_identifier("Mixed Case"), "\"Mixed Case\"");
  EXPECT_EQ(quote_identifier("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(quote_identifier("名前"), "\"名前\"");
  EXPECT_EQ(quote_table_name("analytics.events"), "\"analytics\".\"events\"");
  EXPECT_EQ(quote_table_name("events"), "\"events\"");
  EXPECT_EQ(quote_identifiers({"a", "B"}), "\"a\", \"B\"");
}

TEST(Dialect, TypeNames) {
  EXPECT_STREQ(column_type_name(Dialect::kPostgres, ColumnType::kInteger), "bigint");
  EXPECT_STREQ(column_type_name(Dialect::kPostgres, ColumnType::kDecimal), "numeric");
  EXPECT_STREQ(column_type_name(Dialect::kPostgres, ColumnType::kTimestamp), "timestamptz");
  EXPECT_STREQ(column_type_name(Dialect::kPostgres, ColumnType::kJson), "jsonb");
  EXPECT_STREQ(column_type_name(Dialect::kPostgres, ColumnType::kBinary), "bytea");
  EXPECT_STREQ(column_type_name(Dialect::kSqlite, ColumnType::kInteger), "BIGINT");
  EXPECT_STREQ(column_type_name(Dialect::kSqlite, ColumnType::kDecimal), "DECIMAL_TEXT");
  EXPECT_STREQ(column_type_name(Dialect::kSqlite, ColumnType::kBinary), "BLOB");
}

TEST(Dialect, EveryTypeNameMapsBack) {
  for (Dialect d : {Dialect::kPostgres, Dialect::kSqlite}) {
    for (ColumnType t :
         {ColumnType::kText, ColumnType::kInteger, ColumnType::kDecimal, ColumnType::kBoolean,
          ColumnType::kDate, ColumnType::kTimestamp, ColumnType::kJson, ColumnType::kBinary}) {
      // PostgreSQL's describe reads pg_type.typname, not the name CREATE TABLE used.
      std::string name = column_type_name(d, t);
      if (d == Dialect::kPostgres) {
        if (name == "bigint") name = "int8";
        if (name == "boolean") name = "bool";
      }
      EXPECT_EQ(column_type_from_name(d, name), t) << name;
    }
  }
}

TEST(Dialect, ForeignTypeNames) {
  EXPECT_EQ(column_type_from_name(Dialect::kSqlite, "DECIMAL(10,2)"), ColumnType::kDecimal);
  EXPECT_EQ(column_type_from_name(Dialect::kSqlite, "varchar(20)"), ColumnType::kText);
  EXPECT_EQ(column_type_from_name(Dialect::kSqlite, "BIGINT"), ColumnType::kInteger);
  EXPECT_EQ(column_type_from_name(Dialect::kSqlite, "DATETIME"), ColumnType::kTimestamp);
  EXPECT_EQ(column_type_from_name(Dialect::kSqlite, "DOUBLE PRECISION"), ColumnType::kDecimal);
  EXPECT_EQ(column_type_from_name(Dialect::kSqlite, ""), ColumnType::kText);
  EXPECT_EQ(column_type_from_name(Dialect::kPostgres, "int4"), ColumnType::kInteger);
  EXPECT_EQ(column_type_from_name(Dialect::kPostgres, "float8"), ColumnType::kDecimal);
  EXPECT_EQ(column_type_from_name(Dialect::kPostgres, "timestamp"), ColumnType::kTimestamp);
  EXPECT_EQ(column_type_from_name(Dialect::kPostgres, "json"), ColumnType::kJson);
  EXPECT_EQ(column_type_from_name(Dialect::kPostgres, "uuid"), ColumnType::kText);
}

TableSchema users() {
  return {"app.users",
          {{"id", ColumnType::kInteger, true},
           {"name", ColumnType::kText, false},
           {"balance", ColumnType::kDecimal, true}},
          {"id"}};
}

TEST(Dialect, CreateTable) {
  EXPECT_EQ(create_table_sql(Dialect::kPostgres, users(), true),
            "CREATE TABLE IF NOT EXISTS \"app\".\"users\" (\"id\" bigint NOT NULL, \"name\" text "
            "NOT NULL, \"balance\" numeric, PRIMARY KEY (\"id\"))");
  EXPECT_EQ(create_table_sql(Dialect::kSqlite, users(), false),
            "CREATE TABLE \"app\".\"users\" (\"id\" BIGINT NOT NULL, \"name\" TEXT NOT NULL, "
            "\"balance\" DECIMAL_TEXT, PRIMARY KEY (\"id\"))");
  TableSchema bad = users();
  bad.primary_key = {"nope"};
  EXPECT_EQ(testing::error_of([&] { create_table_sql(Dialect::kSqlite, bad, false); }).code(),
            "SqlUsageError");
  EXPECT_EQ(testing::error_of([&] {
              create_table_sql(Dialect::kSqlite, {"t", {}, {}}, false);
            }).code(),
            "SqlUsageError");
}

TEST(Dialect, UpsertFromStaging) {
  EXPECT_EQ(upsert_sql("stage", "users", {"id", "name", "v"}, {"id"}),
            "INSERT INTO \"users\" AS t (\"id\", \"name\", \"v\") SELECT \"id\", \"name\", \"v\" "
            "FROM \"stage\" WHERE true ON CONFLICT (\"id\") DO UPDATE SET \"name\" = "
            "excluded.\"name\", \"v\" = excluded.\"v\"");
  EXPECT_EQ(upsert_sql("stage", "users", {"id", "name", "v"}, {"id"}, "v"),
            "INSERT INTO \"users\" AS t (\"id\", \"name\", \"v\") SELECT \"id\", \"name\", \"v\" "
            "FROM \"stage\" WHERE true ON CONFLICT (\"id\") DO UPDATE SET \"name\" = "
            "excluded.\"name\", \"v\" = excluded.\"v\" WHERE t.\"v\" IS NULL OR t.\"v\" < "
            "excluded.\"v\"");
  EXPECT_EQ(upsert_sql("s", "t", {"a", "b"}, {"a", "b"}),
            "INSERT INTO \"t\" AS t (\"a\", \"b\") SELECT \"a\", \"b\" FROM \"s\" WHERE true ON "
            "CONFLICT (\"a\", \"b\") DO NOTHING");
  EXPECT_EQ(testing::error_of([] { upsert_sql("s", "t", {"a"}, {"b"}); }).code(), "SqlUsageError");
  EXPECT_EQ(testing::error_of([] { upsert_sql("s", "t", {"a"}, {"a"}, "v"); }).code(),
            "SqlUsageError");
  EXPECT_EQ(testing::error_of([] { upsert_sql("s", "t", {}, {}); }).code(), "SqlUsageError");
}

TEST(Dialect, SqlitePlaceholders) {
  EXPECT_EQ(sqlite_placeholders("SELECT $2, $1"), "SELECT ?2, ?1");
  EXPECT_EQ(sqlite_placeholders("SELECT $10+$1"), "SELECT ?10+?1");
  EXPECT_EQ(sqlite_placeholders("SELECT ?, ?3, :name"), "SELECT ?, ?3, :name");
  // Not in literals, quoted identifiers or comments, nor inside identifiers.
  EXPECT_EQ(sqlite_placeholders("SELECT '$1', \"$2\", `$3`, [$4], a$5 -- $6\n, $7 /* $8 */ $9"),
            "SELECT '$1', \"$2\", `$3`, [$4], a$5 -- $6\n, ?7 /* $8 */ ?9");
  EXPECT_EQ(sqlite_placeholders("SELECT 'it''s $1', $1"), "SELECT 'it''s $1', ?1");
  EXPECT_EQ(sqlite_placeholders("SELECT $name, $"), "SELECT $name, $");
  EXPECT_EQ(sqlite_placeholders("SELECT 'unterminated $1"), "SELECT 'unterminated $1");
}

}  // namespace dialect_test
}  // namespace wharf::sql
