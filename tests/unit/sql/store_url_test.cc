// Store URLs: what each form means, and that passwords never reach a message.
#include "sql/store_url.h"

#include <gtest/gtest.h>

#include "tests/unit/test_util.h"

namespace wharf::sql {
namespace store_url_test {

TEST(StoreUrl, Postgres) {
  StoreUrl u = parse_store_url("postgresql://wharf:s%40cret@db.example:6543/sales?sslmode=require");
  EXPECT_EQ(u.dialect, Dialect::kPostgres);
  EXPECT_EQ(u.host, "db.example");
  EXPECT_EQ(u.port, 6543);
  EXPECT_EQ(u.user, "wharf");
  EXPECT_EQ(u.database, "sales");
  EXPECT_EQ(u.endpoint(), "db.example:6543");
  EXPECT_EQ(u.redacted(), "postgresql://wharf:***@db.example:6543/sales?sslmode=require");
  EXPECT_EQ(u.url, "postgresql://wharf:s%40cret@db.example:6543/sales?sslmode=require");
}

TEST(StoreUrl, PostgresDefaultsAndVariants) {
  StoreUrl u = parse_store_url("postgres://alice@/");
  EXPECT_EQ(u.host, "localhost");
  EXPECT_EQ(u.port, 5432);
  EXPECT_EQ(u.database, "alice");
  EXPECT_EQ(u.redacted(), "postgres://alice@/");
  StoreUrl v6 = parse_store_url("postgresql://[::1]:5433/db");
  EXPECT_EQ(v6.host, "[::1]");
  EXPECT_EQ(v6.port, 5433);
  StoreUrl q = parse_store_url("postgresql:///db?host=/var/run/pg&port=5999&user=bob");
  EXPECT_EQ(q.host, "/var/run/pg");
  EXPECT_EQ(q.port, 5999);
  EXPECT_EQ(q.user, "bob");
  StoreUrl multi = parse_store_url("postgresql://h1:5001,h2:5002/db");
  EXPECT_EQ(multi.endpoint(), "h1:5001");
}

TEST(StoreUrl, Sqlite) {
  EXPECT_EQ(parse_store_url("sqlite:///var/lib/wharf/app.db").path, "/var/lib/wharf/app.db");
  EXPECT_EQ(parse_store_url("sqlite:data/app.db").path, "data/app.db");
  EXPECT_EQ(parse_store_url("sqlite:/abs.db").path, "/abs.db");
  EXPECT_EQ(parse_store_url("sqlite:my%20db.sqlite").path, "my db.sqlite");
  EXPECT_EQ(parse_store_url("sqlite:app.db").dialect, Dialect::kSqlite);
}

TEST(StoreUrl, Rejects) {
  for (const char* bad : {"mysql://u@h/db", "sqlite:", "sqlite::memory:", "sqlite://host/db",
                          "sqlite:a.db?mode=ro", "postgresql://u:p@h:99999/db",
                          "postgresql://u:p@h:port/db", "postgresql://[::1/db", "http://x"}) {
    core::Error e = testing::error_of([&] { parse_store_url(bad); });
    EXPECT_EQ(e.code(), "SqlInvalidUrl") << bad;
    EXPECT_EQ(e.http_status(), 400);
  }
  core::Error e = testing::error_of([] { parse_store_url("postgresql://u:hunter2@h:0/db"); });
  EXPECT_EQ(std::string(e.what()).find("hunter2"), std::string::npos) << e.what();
}

}  // namespace store_url_test
}  // namespace wharf::sql
