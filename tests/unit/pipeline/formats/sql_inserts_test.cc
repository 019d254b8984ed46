#include "pipeline/formats/sql_inserts.h"

#include <gtest/gtest.h>

#include "core/json_codec.h"
#include "tests/unit/pipeline/formats/formats_test_util.h"

namespace wharf::pipeline::formats {
namespace sql_inserts_test {

std::vector<Record> rows(const std::string& sql, SqlInsertOptions o = {}) {
  SqlInsertReader reader(testing::trickle_source(sql), std::move(o));  // every buffer boundary
  std::vector<Record> out;
  Record rec;
  while (reader.next(rec)) out.push_back(rec);
  return out;
}

std::string json(const Record& r) { return r.error.empty() ? core::to_json(r.value) : "error: " + r.error; }

TEST(SqlInsertReaderTest, ReadsWhatTheSqlOutputFormatWrites) {
  auto r = rows(
      "INSERT INTO \"orders\" (\"id\", \"name\", \"total\", \"paid\", \"note\") VALUES\n"
      "  (1, 'Zhang San', 12.50, TRUE, NULL),\n"
      "  (2, 'O''Brien; \"x\"', -3, FALSE, '张三\n多行');\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(json(r[0]), R"({"id":1,"name":"Zhang San","note":null,"paid":true,"total":12.5})");
  EXPECT_EQ(json(r[1]), R"({"id":2,"name":"O'Brien; \"x\"","note":"张三\n多行","paid":false,"total":-3})");
  EXPECT_EQ(r[0].position, 2u);
  EXPECT_EQ(r[1].position, 3u);
  EXPECT_EQ(r[0].raw, "(1, 'Zhang San', 12.50, TRUE, NULL)");
}

TEST(SqlInsertReaderTest, ReadsDumpsAndSkipsEverythingElse) {
  auto r = rows(
      "-- pg_dump --inserts\n"
      "SET statement_timeout = 0;\n"
      "CREATE TABLE public.users (id integer, email text); /* a comment; with a semicolon */\n"
      "COPY public.skipped (id) FROM stdin;\n"
      "1\n2\n\\.\n"
      "INSERT INTO public.users VALUES (7, 'a@example.com');\n"
      "insert or replace into `users` (`id`, `email`) values (8, E'tab\\there'), (9, '2026-01-01'::date);\n"
      "INSERT INTO users (id, email) SELECT id, email FROM other;\n"
      "INSERT INTO users (id, email) VALUES (10, 'x') ON CONFLICT (id) DO UPDATE SET email = excluded.email;\n"
      "COMMIT;\n",
      {.only_table = "", .columns = {"id", "email"}});
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(json(r[0]), R"({"email":"a@example.com","id":7})");  // no column list: `columns`
  EXPECT_EQ(json(r[1]), R"({"email":"tab\there","id":8})");
  EXPECT_EQ(json(r[2]), R"({"email":"2026-01-01","id":9})");       // the cast is dropped
  EXPECT_EQ(json(r[3]), R"({"email":"x","id":10})");
}

TEST(SqlInsertReaderTest, OneTableOfMany) {
  auto r = rows("INSERT INTO a VALUES (1);\nINSERT INTO b (x) VALUES (2), (3);\nINSERT INTO a VALUES (4);\n",
                {.only_table = "b", .columns = {}});
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(json(r[0]), R"({"x":2})");
  EXPECT_EQ(json(r[1]), R"({"x":3})");
  auto all = rows("INSERT INTO a VALUES (1, 'one');");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(json(all[0]), R"({"column_1":1,"column_2":"one"})");
}

TEST(SqlInsertReaderTest, ABadRowIsAnErrorAndReadingGoesOn) {
  auto r = rows(
      "INSERT INTO t (a, b) VALUES (1, now()), (2), (3, 'ok'), (4, 1 + 2), (5, 'fine');\n"
      "INSERT INTO t (a, b) VALUES (6, 'last');\n");
  ASSERT_EQ(r.size(), 6u);
  EXPECT_EQ(json(r[0]), "error: value 2 is not a literal (only strings, numbers, NULL, TRUE, FALSE, X'hex' and what sqlite3 .dump writes are read)");
  EXPECT_EQ(r[0].raw, "(1, now())");
  EXPECT_EQ(json(r[1]), "error: the row has 1 values for 2 columns");
  EXPECT_EQ(json(r[2]), R"({"a":3,"b":"ok"})");
  EXPECT_EQ(json(r[3]), "error: value 2 is not a literal (only strings, numbers, NULL, TRUE, FALSE, X'hex' and what sqlite3 .dump writes are read)");
  EXPECT_EQ(json(r[4]), R"({"a":5,"b":"fine"})");
  EXPECT_EQ(json(r[5]), R"({"a":6,"b":"last"})");
}

TEST(SqlInsertReaderTest, AnUnclosedStringEndsTheInputWithAnError) {
  auto r = rows("INSERT INTO t VALUES (1, 'ok');\nINSERT INTO t VALUES (2, 'never closed);\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(json(r[0]), R"({"column_1":1,"column_2":"ok"})");
  EXPECT_EQ(json(r[1]), "error: the input ends inside a string that is never closed");
  EXPECT_EQ(r[1].position, 2u);
}

TEST(SqlInsertReaderTest, NumbersStayExact) {
  auto r = rows("INSERT INTO t (n) VALUES (12345678901234567890.123456789), (1e3), (.5), (+7);");
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(json(r[0]), R"({"n":12345678901234567890.123456789})");
  EXPECT_EQ(json(r[1]), R"({"n":1000})");
  EXPECT_EQ(json(r[2]), R"({"n":0.5})");
  EXPECT_EQ(json(r[3]), R"({"n":7})");
}

TEST(SqlInsertReaderTest, ReadsWhatSqlite3DumpWritesForTextAndBlobs) {
  auto r = rows(
      "CREATE TABLE t(a, b);\n"
      "CREATE TRIGGER log AFTER UPDATE ON t BEGIN INSERT INTO t VALUES ('phantom', 0); END;\n"
      "INSERT INTO t VALUES(replace(replace('line1\\r\\nline2','\\r',char(13)),'\\n',char(10)),X'00ff');\n"
      "INSERT INTO t VALUES(unistr('caf\\u00e9 \\U0001F600'),char(20320,22909));\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(json(r[0]), R"({"column_1":"line1\r\nline2","column_2":"AP8="})");
  EXPECT_EQ(json(r[1]), "{\"column_1\":\"caf\u00e9 \U0001F600\",\"column_2\":\"\u4f60\u597d\"}");
}

TEST(SqlInsertReaderTest, DollarQuotedBodiesAreNotStatements) {
  auto r = rows(
      "CREATE FUNCTION bump() RETURNS trigger AS $body$ BEGIN INSERT INTO log VALUES ('no', 1); "
      "-- don't\n RETURN NEW; END; $body$ LANGUAGE plpgsql;\n"
      "INSERT INTO log VALUES ($$it's $ fine$$, 2);\n");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(json(r[0]), R"({"column_1":"it's $ fine","column_2":2})");
}

}  // namespace sql_inserts_test
}  // namespace wharf::pipeline::formats
