// Shared by the sql tests: free ports, and the PostgreSQL the postgres tests run against. It is
// real (the system's initdb/pg_ctl, as `wharf serve --postgres` uses them); a missing PostgreSQL
// makes the tests fail, never skip.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>

#include "sql/postgres_cluster.h"
#include "sql/sql_store.h"
#include "tests/unit/sql/free_port.h"
#include "tests/unit/test_util.h"

namespace wharf::sql::test_support {

using wharf::testing::ScratchDir;

// A cluster of its own, initdb'd in a scratch directory and started on a free port; stopped and
// deleted with the object. For tests that stop or restart the server.
class OwnCluster {
 public:
  OwnCluster() : dir_("wharf-sql-test-pg"), port_(free_port()) {
    ClusterOptions o;
    o.data_dir = dir_.path();
    o.port = port_;
    cluster_ = std::make_unique<PostgresCluster>(o);
    cluster_->start();
  }
  ~OwnCluster() {
    try {
      cluster_->stop();
    } catch (...) {
    }
  }
  PostgresCluster& cluster() { return *cluster_; }
  std::string url() const { return cluster_->connection_url(); }
  int port() const { return port_; }

 private:
  ScratchDir dir_;  // outlives cluster_ (declared first)
  int port_;
  std::unique_ptr<PostgresCluster> cluster_;
};

// The database the postgres tests use, made on first use.
// - Under ctest, for the tests CMakeLists.txt gives the `postgres` fixture (its
//   WHARF_SHARED_POSTGRES_TESTS filter), WHARF_TEST_POSTGRES names the directory (under the
//   temp dir) of the cluster that fixture started (tests/unit/sql/shared_postgres.cc): this
//   process gets a database of its own there, dropped when the process ends. Tests run side by
//   side, so they may not share one; a cluster per process cost a second each.
// - Otherwise (the test binary run by hand) a cluster of this process's own.
class TestDatabase {
 public:
  static TestDatabase& get() {
    static TestDatabase instance;
    return instance;
  }
  // postgresql://<user>:<password>@127.0.0.1:<port>/<this process's database>
  std::string url() const { return url_; }
  int port() const { return port_; }

  ~TestDatabase() {
    if (database_.empty()) return;
    try {
      open_store(admin_url())
          ->acquire()
          ->execute("DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)");
    } catch (...) {
    }
  }

 private:
  TestDatabase() {
    const char* shared = std::getenv("WHARF_TEST_POSTGRES");
    if (!shared || !*shared) {
      own_.emplace();
      port_ = own_->port();
      url_ = own_->url();
      return;
    }
    std::filesystem::path dir = std::filesystem::temp_directory_path() / shared;
    std::ifstream(dir / "port") >> port_;
    if (port_ <= 0) throw std::runtime_error("no PostgreSQL port in " + (dir / "port").string());
    database_ = "wharf_test_" + std::to_string(::getpid());
    auto admin = open_store(admin_url());
    admin->acquire()->execute("DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)");
    admin->acquire()->execute("CREATE DATABASE " + database_);
    url_ = url_of(database_);
  }
  // A database of the shared cluster, reached as the superuser the fixture's cluster was made
  // with (ClusterOptions' defaults, as is the database made at its start).
  std::string url_of(const std::string& database) const {
    ClusterOptions d;
    return "postgresql://" + d.user + ":" + d.password + "@127.0.0.1:" + std::to_string(port_) +
           "/" + database;
  }
  std::string admin_url() const { return url_of(ClusterOptions().database); }

  std::optional<OwnCluster> own_;
  int port_ = 0;
  std::string database_;  // in the shared cluster
  std::string url_;
};

}  // namespace wharf::sql::test_support
