// PostgresCluster with the system's real initdb and pg_ctl, each test in its own scratch data
// dir on its own port: first start, reuse on the next run, restarts, a postmaster.pid left by
// kill -9 or naming someone else's process, a taken port, and machines without PostgreSQL.
#include "sql/postgres_cluster.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "sql/errors.h"
#include "sql/postgres_store.h"
#include "sql/sql_store.h"
#include "tests/unit/sql/sql_test_support.h"
#include "tests/unit/test_util.h"

namespace wharf::sql {
namespace postgres_cluster_test {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using core::Value;
using test_support::free_port;
using test_support::ScratchDir;

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class PostgresClusterTest : public ::testing::Test {
 protected:
  ClusterOptions options(int port) {
    ClusterOptions o;
    o.data_dir = dir_.path() / "data";
    o.port = port;
    return o;
  }
  Value query_one(const std::string& url, const std::string& sql) {
    auto store = open_store(url);
    return store->acquire()->query(sql).rows.at(0).at(0);
  }
  // Waits until `cluster` has no live postmaster (a killed one is reaped by init).
  static bool wait_until_down(const PostgresCluster& cluster) {
    for (int i = 0; i < 100 && cluster.is_running(); ++i) std::this_thread::sleep_for(100ms);
    return !cluster.is_running();
  }
  ScratchDir dir_{"wharf-pg-cluster-test"};
};

TEST_F(PostgresClusterTest, FindsTheSystemPrograms) {
  // PostgreSQL is a test dependency: its absence is a failure here, not a skip.
  fs::path bin = find_postgres_bin_dir({}, std::nullopt);
  EXPECT_TRUE(fs::exists(bin / "initdb")) << bin;
  EXPECT_TRUE(fs::exists(bin / "pg_ctl")) << bin;
}

TEST_F(PostgresClusterTest, MissingProgramsSayHowToInstallThem) {
  ClusterOptions o = options(free_port());
  o.bin_dir = dir_.path();  // no initdb here
  core::Error e = testing::error_of([&] { PostgresCluster cluster(o); });
  EXPECT_EQ(e.code(), "PostgresNotInstalled");
  EXPECT_EQ(e.http_status(), 500);
  EXPECT_NE(std::string(e.what()).find("apt-get install postgresql"), std::string::npos)
      << e.what();
}

TEST_F(PostgresClusterTest, PicksTheHighestVersion) {
  fs::path root = dir_.path() / "lib";
  auto fake = [&](const std::string& version, bool complete) {
    fs::create_directories(root / version / "bin");
    for (const char* name : {"initdb", "pg_ctl", "postgres"}) {
      if (!complete && std::string(name) == "postgres") continue;
      fs::path p = root / version / "bin" / name;
      std::ofstream(p) << "#!/bin/sh\n";
      fs::permissions(p, fs::perms(0755));
    }
  };
  fake("9.6", true);
  fake("13", true);
  fake("15", true);
  fake("16", false);  // a half-installed newer version
  fs::create_directories(root / "not-a-version" / "bin");
  EXPECT_EQ(pick_versioned_bin_dir(root, std::nullopt), root / "15" / "bin");
  EXPECT_EQ(pick_versioned_bin_dir(root, std::string("13")), root / "13" / "bin");
  EXPECT_EQ(pick_versioned_bin_dir(root, std::string("12")), root / "15" / "bin");
  EXPECT_EQ(pick_versioned_bin_dir(dir_.path() / "nothing", std::nullopt), std::nullopt);
}

TEST_F(PostgresClusterTest, FirstStartInitializesThenTheNextRunReusesIt) {
  int port = free_port();
  ClusterOptions o = options(port);
  o.user = "etl";
  o.password = "p@ss:w/rd %";
  o.database = "Sales DB";
  std::string url;
  {
    PostgresCluster cluster(o);
    EXPECT_FALSE(cluster.initialized());
    cluster.start();
    EXPECT_TRUE(cluster.initialized());
    EXPECT_TRUE(cluster.is_running());
    EXPECT_EQ(cluster.pgdata(), fs::absolute(o.data_dir) / "postgres");
    url = cluster.connection_url();
    EXPECT_EQ(url, "postgresql://etl:p%40ss%3Aw%2Frd%20%25@127.0.0.1:" + std::to_string(port) +
                       "/Sales%20DB");
    EXPECT_EQ(query_one(url, "SELECT current_database()"), Value("Sales DB"));
    EXPECT_EQ(query_one(url, "SHOW listen_addresses"), Value("127.0.0.1"));
    EXPECT_EQ(query_one(url, "SHOW unix_socket_directories"), Value(cluster.pgdata().string()));
    EXPECT_TRUE(fs::exists(cluster.pgdata() / (".s.PGSQL." + std::to_string(port))));
    EXPECT_NE(slurp(cluster.pgdata() / "pg_hba.conf").find("scram-sha-256"), std::string::npos);
    EXPECT_TRUE(fs::exists(cluster.log_file()));
    auto store = open_store(url);
    auto s = store->acquire();
    s->execute("CREATE TABLE kept (x bigint)");
    s->execute("INSERT INTO kept VALUES (7)");
    auto pid = cluster.postmaster_pid();
    cluster.start();  // already running: nothing happens
    EXPECT_EQ(cluster.postmaster_pid(), pid);
    cluster.stop();
    EXPECT_FALSE(cluster.is_running());
    cluster.stop();  // not running: nothing happens
  }
  PostgresCluster again(o);
  EXPECT_TRUE(again.initialized());
  again.start();
  EXPECT_EQ(query_one(url, "SELECT x FROM kept"), Value(7));
  again.stop();
}

TEST_F(PostgresClusterTest, ASecondSupervisorTakesOverTheRunningServer) {
  ClusterOptions o = options(free_port());
  PostgresCluster first(o);
  first.start();
  auto pid = first.postmaster_pid();
  ASSERT_TRUE(pid);
  {
    PostgresCluster second(o);  // wharf restarted after a crash: the server kept running
    EXPECT_TRUE(second.is_running());
    second.start();
    EXPECT_EQ(second.postmaster_pid(), pid);
    EXPECT_EQ(query_one(second.connection_url(), "SELECT 1"), Value(1));
  }  // start() was called on it: its end stops the server
  EXPECT_FALSE(first.is_running());
}

TEST_F(PostgresClusterTest, AnotherPortRestartsTheServer) {
  int first = free_port();
  PostgresCluster cluster(options(first));
  cluster.start();
  auto pid = cluster.postmaster_pid();
  int second = free_port();
  PostgresCluster moved(options(second));
  moved.start();
  EXPECT_NE(moved.postmaster_pid(), pid);
  EXPECT_EQ(query_one(moved.connection_url(), "SHOW port"), Value(std::to_string(second)));
  moved.stop();
  EXPECT_FALSE(cluster.is_running());
}

TEST_F(PostgresClusterTest, StartsAfterTheServerWasKilled) {
  PostgresCluster cluster(options(free_port()));
  cluster.start();
  auto pid = cluster.postmaster_pid();
  ASSERT_TRUE(pid);
  ASSERT_EQ(kill(*pid, SIGKILL), 0);
  ASSERT_TRUE(wait_until_down(cluster));
  ASSERT_TRUE(fs::exists(cluster.pgdata() / "postmaster.pid"));  // left behind
  cluster.start();
  EXPECT_TRUE(cluster.is_running());
  EXPECT_EQ(query_one(cluster.connection_url(), "SELECT 1"), Value(1));
  cluster.stop();
}

TEST_F(PostgresClusterTest, StartsWhenThePidFileNamesAnotherLiveProcess) {
  PostgresCluster cluster(options(free_port()));
  cluster.start();
  cluster.stop();
  // A live process of the server's account holding the recorded pid, as after a reboot that
  // reused it: PostgreSQL alone would refuse to start ("lock file already exists").
  std::optional<RunAs> as = geteuid() == 0 ? lookup_user("postgres") : std::nullopt;
  pid_t other = fork();
  if (other == 0) {
    if (as) {
      (void)!setgid(as->gid);
      (void)!setuid(as->uid);
    }
    execl("/bin/sleep", "sleep", "60", static_cast<char*>(nullptr));
    _exit(127);
  }
  ASSERT_GT(other, 0);
  {
    std::ofstream pid_file(cluster.pgdata() / "postmaster.pid");
    pid_file << other << "\n" << cluster.pgdata().string() << "\n";
  }
  EXPECT_FALSE(cluster.is_running());
  EXPECT_NO_THROW(cluster.start());
  EXPECT_TRUE(cluster.is_running());
  EXPECT_NE(cluster.postmaster_pid(), std::optional<int>(other));
  cluster.stop();
  kill(other, SIGKILL);
  waitpid(other, nullptr, 0);
}

TEST_F(PostgresClusterTest, TakenPortFailsWithTheServerLog) {
  int port = free_port();
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(fd, 1), 0);
  PostgresCluster cluster(options(port));
  core::Error e = testing::error_of([&] { cluster.start(); });
  EXPECT_EQ(e.code(), "PostgresStartFailed");
  EXPECT_NE(std::string(e.what()).find("already in use"), std::string::npos) << e.what();
  EXPECT_FALSE(cluster.is_running());
  close(fd);
  cluster.start();
  EXPECT_TRUE(cluster.is_running());
  cluster.stop();
}

TEST_F(PostgresClusterTest, InterruptedInitIsRedone) {
  ClusterOptions o = options(free_port());
  fs::create_directories(o.data_dir / "postgres.init-tmp");
  std::ofstream(o.data_dir / "postgres.init-tmp" / "PG_VERSION") << "junk\n";
  PostgresCluster cluster(o);
  EXPECT_FALSE(cluster.initialized());
  cluster.start();
  EXPECT_FALSE(fs::exists(o.data_dir / "postgres.init-tmp"));
  EXPECT_EQ(query_one(cluster.connection_url(), "SELECT 1"), Value(1));
  cluster.stop();
}

TEST_F(PostgresClusterTest, WrongPasswordIsRefused) {
  ClusterOptions o = options(free_port());
  PostgresCluster cluster(o);
  cluster.start();
  std::string url = "postgresql://wharf:guess@127.0.0.1:" + std::to_string(o.port) + "/wharf";
  EXPECT_EQ(testing::error_of([&] { open_store(url); }).code(), "SqlAccessDenied");
  cluster.stop();
}

TEST_F(PostgresClusterTest, DestructorStopsWhatItStarted) {
  ClusterOptions o = options(free_port());
  {
    PostgresCluster cluster(o);
    cluster.start();
    EXPECT_TRUE(cluster.is_running());
  }
  EXPECT_FALSE(PostgresCluster(o).is_running());
}

}  // namespace postgres_cluster_test
}  // namespace wharf::sql
