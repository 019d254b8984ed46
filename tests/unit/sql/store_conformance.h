// The contract of session.h checked the same way on both engines: store_conformance_test.cc
// holds the tests, sqlite_store_test.cc and postgres_store_test.cc instantiate them with a store
// of their engine. A behaviour only one engine has is tested in that engine's file.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "sql/sql_store.h"

namespace wharf::sql {

struct StoreTarget {
  std::string name;  // the test name suffix: "Sqlite", "Postgres"
  std::function<std::unique_ptr<SqlStore>()> open;
};

inline void PrintTo(const StoreTarget& t, std::ostream* os) { *os << t.name; }

class StoreConformance : public ::testing::TestWithParam<StoreTarget> {
 protected:
  void SetUp() override {
    store_ = GetParam().open();
    s_ = store_->acquire();
    // The PostgreSQL cluster is shared by the tests of one process.
    for (const char* t : {"rt", "items", "users", "staging_users", "checkpoints", "stream",
                          "Mixed Case", "keyed", "script_t"}) {
      s_->execute("DROP TABLE IF EXISTS " + quote_table_name(t));
    }
  }
  void TearDown() override {
    s_.release();
    store_.reset();
  }

  std::unique_ptr<SqlStore> store_;
  SessionLease s_;
};

}  // namespace wharf::sql
