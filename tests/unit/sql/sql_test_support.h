// Shared by the sql tests: free ports, and the PostgreSQL cluster the
// postgres tests run against. The cluster is real (the system's initdb/pg_ctl, as `wharf serve
// --postgres` uses them) and started once per test process, on first use, in a scratch
// directory on a free port; a missing PostgreSQL makes the tests fail, never skip.
#pragma once

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "sql/postgres_cluster.h"
#include "tests/unit/test_util.h"

namespace wharf::sql::test_support {

using wharf::testing::ScratchDir;

// A TCP port on 127.0.0.1 that nobody listens on right now.
inline int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

// The process's test cluster, started on first use (and again after a test stopped it); stopped
// and deleted when the process exits.
class TestCluster {
 public:
  static TestCluster& get() {
    static TestCluster instance;
    if (!instance.cluster_->is_running()) instance.cluster_->start();
    return instance;
  }
  PostgresCluster& cluster() { return *cluster_; }
  std::string url() const { return cluster_->connection_url(); }
  int port() const { return port_; }

  ~TestCluster() {
    try {
      cluster_->stop();
    } catch (...) {
    }
  }

 private:
  TestCluster() : dir_("wharf-sql-test-pg"), port_(free_port()) {
    ClusterOptions o;
    o.data_dir = dir_.path();
    o.port = port_;
    cluster_ = std::make_unique<PostgresCluster>(o);
  }
  ScratchDir dir_;  // outlives cluster_ (declared first)
  int port_;
  std::unique_ptr<PostgresCluster> cluster_;
};

}  // namespace wharf::sql::test_support
