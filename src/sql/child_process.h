// Running a system program (initdb, pg_ctl) to completion, optionally as another user, with its
// output captured. For PostgresCluster: PostgreSQL refuses to run as root, so a root wharf runs
// the server's tools as the `postgres` account.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace wharf::sql {

struct RunAs {
  std::string name;
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;  // supplementary groups, resolved before fork
};

// The account `name`; nullopt when the system has none.
std::optional<RunAs> lookup_user(const std::string& name);

struct CommandResult {
  int exit_code = 0;   // the exit status, or 128 + signal number
  std::string output;  // stdout and stderr, interleaved as written
};

// Runs argv[0] (a path) with `argv`, stdin from /dev/null, stdout and stderr captured, in "/",
// with default signal handling and none of this process's other file descriptors (a daemon it
// starts, such as the postmaster, must not keep wharf's sockets open). As `user` when given,
// which needs root. Waits for the program to exit; throws core::Error (internal) when it cannot
// be started at all.
CommandResult run_command(const std::vector<std::string>& argv,
                          const std::optional<RunAs>& user = std::nullopt);

}  // namespace wharf::sql
