// The PostgreSQL cluster the postgres unit tests share under ctest (the `postgres` fixture of
// CMakeLists.txt; sql_test_support.h says how the tests find it). A cluster per test process
// cost a second of initdb and start-up for each of some thirty tests, in both builds.
//
//   wharf_test_postgres start NAME   initdb and start a cluster in $TMPDIR/NAME on a free port,
//                                    write the port to $TMPDIR/NAME/port, leave it running
//   wharf_test_postgres stop NAME    stop it and delete $TMPDIR/NAME
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>

#include "sql/postgres_cluster.h"
#include "tests/unit/sql/free_port.h"

namespace fs = std::filesystem;
using wharf::sql::ClusterOptions;
using wharf::sql::PostgresCluster;

namespace {

// Stops a cluster left in `dir` (by a run interrupted before its cleanup, or this run's) and
// deletes the directory.
void stop_and_remove(const fs::path& dir) {
  if (fs::exists(dir / "postgres")) {
    ClusterOptions o;
    o.data_dir = dir;
    PostgresCluster(o).stop();
  }
  fs::remove_all(dir);
}

void start(const fs::path& dir) {
  stop_and_remove(dir);
  fs::create_directories(dir);
  fs::permissions(dir, fs::perms(0755));  // a root run hands PGDATA to the `postgres` account
  ClusterOptions o;
  o.data_dir = dir;
  o.port = wharf::sql::test_support::free_port();
  // Never destroyed (its destructor would stop the server the tests are about to use); held by a
  // static, so that LeakSanitizer sees it reachable.
  static PostgresCluster* cluster = new PostgresCluster(o);
  cluster->init();
  {
    // Test data need not survive a crash of the machine; CREATE DATABASE and COPY go faster.
    std::ofstream conf(cluster->pgdata() / "postgresql.conf", std::ios::app);
    conf << "\n# wharf's unit tests\nfsync = off\nsynchronous_commit = off\n"
            "full_page_writes = off\n";
  }
  cluster->start();
  std::ofstream(dir / "port") << o.port << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 || (std::string(argv[1]) != "start" && std::string(argv[1]) != "stop")) {
    std::fprintf(stderr, "usage: %s start|stop NAME\n", argv[0]);
    return 2;
  }
  fs::path dir = fs::temp_directory_path() / argv[2];
  try {
    if (std::string(argv[1]) == "start")
      start(dir);
    else
      stop_and_remove(dir);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s %s: %s\n", argv[1], dir.c_str(), e.what());
    return 1;
  }
  return 0;
}
