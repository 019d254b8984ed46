// PostgresCluster: the local PostgreSQL that `wharf serve --postgres` supervises, built from the
// system's own server programs (initdb, pg_ctl, postgres).
//
// Layout, all inside wharf's data dir:
//   <data>/postgres/              PGDATA (initdb'd on first start, reused afterwards)
//   <data>/postgres/server.log    the server's log (pg_ctl -l)
//   <data>/postgres/wharf.conf    rewritten at every start: listen_addresses = '127.0.0.1', the
//                                 port, unix_socket_directories = PGDATA (never /var/run);
//                                 included last by postgresql.conf, which stays the user's
//
// Security: the server listens on 127.0.0.1 only; host and socket connections need the
// password (scram-sha-256). The superuser, its password and the database are configured here
// (defaults wharf / wharf-secret / wharf); the password is set by initdb on first start only.
//
// As root, wharf runs the tools as the `postgres` account (PostgreSQL refuses root): PGDATA is
// owned by it, and it needs search permission on every directory above PGDATA.
//
// Robustness: initdb runs into a temporary directory renamed into place, so an interrupted
// first start is simply redone. The postmaster.pid (and socket lock files) left by a server
// killed with kill -9 are removed when no live postmaster works in this PGDATA: PostgreSQL's
// own check is fooled by a reused pid and by the unreaped zombie of the killed postmaster. The
// server's shared-memory interlock still guards against orphaned backends, and start() waits
// for them to go.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "sql/child_process.h"

namespace wharf::sql {

struct ClusterOptions {
  std::filesystem::path data_dir;  // wharf's data dir; PGDATA is data_dir/"postgres"
  int port = 5432;
  std::string user = "wharf";  // the superuser
  std::string password = "wharf-secret";
  std::string database = "wharf";          // created at start when missing
  std::filesystem::path bin_dir;           // empty: find_postgres_bin_dir()
  std::string os_user = "postgres";        // the account the server runs as when wharf is root
  std::chrono::seconds start_timeout{60};  // pg_ctl -t, and the wait for orphaned backends
};

class PostgresCluster {
 public:
  // Finds the server programs: throws PostgresNotInstalled (which says to run
  // `apt-get install postgresql`) when there are none.
  explicit PostgresCluster(ClusterOptions options);
  // Stops the server if start() was called on this object (errors are logged, not thrown).
  ~PostgresCluster();
  PostgresCluster(const PostgresCluster&) = delete;
  PostgresCluster& operator=(const PostgresCluster&) = delete;

  // Whether PGDATA holds a cluster.
  bool initialized() const;
  // initdb when PGDATA holds no cluster; otherwise nothing. Throws PostgresInitFailed.
  void init();
  // init(), then starts the server unless it already runs on the configured port (one running
  // on another port is restarted), then creates the database if missing. Throws
  // PostgresStartFailed quoting the server log's last lines (a taken port, ...).
  void start();
  // pg_ctl stop -m fast; nothing when the server is not running. Throws PostgresStopFailed.
  void stop();
  // Whether a postmaster of this PGDATA is alive.
  bool is_running() const;
  // The live postmaster's pid.
  std::optional<int> postmaster_pid() const;

  // postgresql://user:password@127.0.0.1:port/database (percent-encoded).
  std::string connection_url() const;
  const std::filesystem::path& pgdata() const { return pgdata_; }
  const std::filesystem::path& bin_dir() const { return bin_dir_; }
  std::filesystem::path log_file() const { return pgdata_ / "server.log"; }

 private:
  CommandResult run(const std::string& program, std::vector<std::string> args) const;
  void give_to_server_user(const std::filesystem::path& p) const;
  void write_config() const;
  std::optional<int> pid_file_line_as_int(int line) const;
  void remove_stale_lock_files() const;
  void ensure_database() const;

  ClusterOptions options_;
  std::filesystem::path pgdata_;
  std::filesystem::path bin_dir_;
  std::optional<RunAs> run_as_;  // set when wharf runs as root
  bool owned_ = false;           // start() ran: the destructor stops the server
};

// Where initdb, pg_ctl and postgres live: `configured` when given (PostgresNotInstalled if they
// are not there); else the one for `preferred_major` (an existing cluster's PG_VERSION) under
// /usr/lib/postgresql, `pg_config --bindir`, the highest /usr/lib/postgresql/<version>/bin, or
// the directory of initdb on PATH, in that order.
std::filesystem::path find_postgres_bin_dir(const std::filesystem::path& configured,
                                            const std::optional<std::string>& preferred_major);

// The <root>/<version>/bin with the server programs and the highest version ("9.6" < "13" <
// "15"), or <root>/<preferred>/bin when that one has them.
std::optional<std::filesystem::path> pick_versioned_bin_dir(
    const std::filesystem::path& root, const std::optional<std::string>& preferred);

}  // namespace wharf::sql
