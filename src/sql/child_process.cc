#include "sql/child_process.h"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.h"

namespace wharf::sql {

namespace {

// Between fork and exec only async-signal-safe calls: everything is prepared before fork.
[[noreturn]] void child(const std::vector<char*>& argv, const std::optional<RunAs>& user,
                        int out_fd) {
  int null_fd = open("/dev/null", O_RDONLY);
  if (null_fd >= 0) dup2(null_fd, 0);
  dup2(out_fd, 1);
  dup2(out_fd, 2);
  if (close_range(3, ~0U, 0) != 0) {
    for (int fd = 3; fd < 65536; ++fd) close(fd);
  }
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int sig : {SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGTERM, SIGCHLD, SIGUSR1, SIGUSR2}) {
    sigaction(sig, &dfl, nullptr);
  }
  const char* failed = nullptr;
  if (user) {
    if (setgroups(user->groups.size(), user->groups.data()) != 0) failed = "setgroups";
    if (!failed && setgid(user->gid) != 0) failed = "setgid";
    if (!failed && setuid(user->uid) != 0) failed = "setuid";
  }
  if (!failed && chdir("/") != 0) failed = "chdir";
  if (!failed) {
    execv(argv[0], argv.data());
    failed = "exec";
  }
  // strerror is not on the async-signal-safe list, but glibc answers known codes from a table.
  const char* reason = strerror(errno);
  (void)!write(2, failed, strlen(failed));
  (void)!write(2, " failed: ", 9);
  (void)!write(2, reason, strlen(reason));
  (void)!write(2, "\n", 1);
  _exit(127);
}

}  // namespace

std::optional<RunAs> lookup_user(const std::string& name) {
  passwd pw{};
  passwd* found = nullptr;
  std::vector<char> buf(16384);
  if (getpwnam_r(name.c_str(), &pw, buf.data(), buf.size(), &found) != 0 || !found) {
    return std::nullopt;
  }
  RunAs as{name, pw.pw_uid, pw.pw_gid, {}};
  int n = 64;
  as.groups.resize(n);
  if (getgrouplist(name.c_str(), pw.pw_gid, as.groups.data(), &n) < 0) {
    as.groups.resize(n);
    getgrouplist(name.c_str(), pw.pw_gid, as.groups.data(), &n);
  }
  as.groups.resize(n);
  return as;
}

CommandResult run_command(const std::vector<std::string>& argv, const std::optional<RunAs>& user) {
  if (argv.empty()) core::throw_internal("run_command without a program");
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) core::throw_internal(std::string("pipe: ") + strerror(errno));
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    core::throw_internal(std::string("fork: ") + strerror(errno));
  }
  if (pid == 0) child(args, user, fds[1]);
  close(fds[1]);
  CommandResult result;
  char buf[4096];
  while (true) {
    ssize_t n = read(fds[0], buf, sizeof buf);
    if (n > 0) {
      result.output.append(buf, n);
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

}  // namespace wharf::sql
