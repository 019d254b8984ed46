#include "sql/postgres_cluster.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>
#include <thread>
#include <vector>

#include "core/encoding.h"
#include "core/url.h"
#include "sql/dialect.h"
#include "sql/errors.h"
#include "sql/postgres_store.h"
#include "sql/store_url.h"

namespace wharf::sql {

namespace fs = std::filesystem;

namespace {

constexpr const char* kServerPrograms[] = {"initdb", "pg_ctl", "postgres"};

bool all_digits(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

bool has_server_programs(const fs::path& dir) {
  std::error_code ec;
  for (const char* name : kServerPrograms) {
    fs::path p = dir / name;
    if (!fs::is_regular_file(p, ec) || access(p.c_str(), X_OK) != 0) return false;
  }
  return true;
}

// "9.6" -> {9, 6}; nullopt for names that are not versions.
std::optional<std::vector<int>> version_of(const std::string& name) {
  std::vector<int> parts;
  std::stringstream in(name);
  std::string part;
  while (std::getline(in, part, '.')) {
    if (!all_digits(part)) return std::nullopt;
    parts.push_back(std::atoi(part.c_str()));
  }
  if (parts.empty()) return std::nullopt;
  return parts;
}

std::optional<fs::path> find_on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::stringstream in(path ? path : "/usr/local/bin:/usr/bin:/bin");
  std::string dir;
  while (std::getline(in, dir, ':')) {
    fs::path p = fs::path(dir.empty() ? "." : dir) / program;
    if (access(p.c_str(), X_OK) == 0) return p;
  }
  return std::nullopt;
}

std::string read_file(const fs::path& p, std::uintmax_t from = 0) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return "";
  in.seekg(0, std::ios::end);
  auto size = static_cast<std::uintmax_t>(in.tellg());
  in.seekg(static_cast<std::streamoff>(from <= size ? from : 0));  // a shorter file was rotated
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string last_lines(std::string_view text, size_t n) {
  text = core::trim(text);
  size_t start = text.size();
  for (size_t lines = 0; start > 0 && lines < n; ++lines) {
    size_t nl = text.rfind('\n', start - 1);
    start = nl == std::string_view::npos ? 0 : nl;
  }
  return std::string(core::trim(text.substr(start)));
}

std::string conf_string(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

[[noreturn]] void not_installed(const std::string& where) {
  throw sql_store_error(
      "PostgresNotInstalled",
      "the PostgreSQL server programs (initdb, pg_ctl, postgres) were not found in " + where +
          ". Install them with `apt-get install postgresql` (Debian, Ubuntu), or point wharf at "
          "the directory that holds them.");
}

}  // namespace

std::optional<fs::path> pick_versioned_bin_dir(const fs::path& root,
                                               const std::optional<std::string>& preferred) {
  std::error_code ec;
  if (preferred && has_server_programs(root / *preferred / "bin")) return root / *preferred / "bin";
  std::optional<std::pair<std::vector<int>, fs::path>> best;
  for (const auto& entry : fs::directory_iterator(root, ec)) {
    auto version = version_of(entry.path().filename().string());
    if (!version || !has_server_programs(entry.path() / "bin")) continue;
    if (!best || *version > best->first) best = {{*version, entry.path() / "bin"}};
  }
  if (!best) return std::nullopt;
  return best->second;
}

fs::path find_postgres_bin_dir(const fs::path& configured,
                               const std::optional<std::string>& preferred_major) {
  if (!configured.empty()) {
    if (has_server_programs(configured)) return configured;
    not_installed(configured.string());
  }
  const fs::path debian_root = "/usr/lib/postgresql";
  if (preferred_major && has_server_programs(debian_root / *preferred_major / "bin")) {
    return debian_root / *preferred_major / "bin";
  }
  // Debian's pg_config belongs to libpq-dev and may name a server version that is not installed.
  if (auto pg_config = find_on_path("pg_config")) {
    CommandResult r = run_command({pg_config->string(), "--bindir"});
    fs::path dir(std::string(core::trim(r.output)));
    if (r.exit_code == 0 && has_server_programs(dir)) return dir;
  }
  if (auto dir = pick_versioned_bin_dir(debian_root, std::nullopt)) return *dir;
  if (auto initdb = find_on_path("initdb"); initdb && has_server_programs(initdb->parent_path())) {
    return initdb->parent_path();
  }
  not_installed("PATH, pg_config --bindir or " + debian_root.string() + "/*/bin");
}

PostgresCluster::PostgresCluster(ClusterOptions options) : options_(std::move(options)) {
  if (options_.data_dir.empty()) {
    throw sql_store_error("PostgresInitFailed", "no data directory for the PostgreSQL cluster");
  }
  pgdata_ = fs::absolute(options_.data_dir) / "postgres";
  std::optional<std::string> major;
  if (std::string v = read_file(pgdata_ / "PG_VERSION"); !v.empty()) {
    major = std::string(core::trim(v));
  }
  bin_dir_ = find_postgres_bin_dir(options_.bin_dir, major);
  if (geteuid() == 0) {
    run_as_ = lookup_user(options_.os_user);
    if (!run_as_) {
      throw sql_store_error("PostgresInitFailed",
                            "wharf runs as root and PostgreSQL refuses to, but there is no `" +
                                options_.os_user +
                                "` account to run it as (apt-get install "
                                "postgresql creates it), or run wharf as a regular user");
    }
  }
}

PostgresCluster::~PostgresCluster() {
  if (!owned_) return;
  try {
    stop();
  } catch (const std::exception& e) {
    spdlog::error("postgres: stopping the cluster in {} failed: {}", pgdata_.string(), e.what());
  }
}

bool PostgresCluster::initialized() const {
  std::error_code ec;
  return fs::exists(pgdata_ / "PG_VERSION", ec);
}

void PostgresCluster::init() {
  if (initialized()) return;
  if (options_.password.find_first_of("\r\n") != std::string::npos) {
    throw sql_store_error("PostgresInitFailed", "the superuser password may not hold a line break");
  }
  fs::create_directories(options_.data_dir);
  // initdb fills a temporary directory that is renamed into place only when it succeeded.
  fs::path staging = pgdata_;
  staging += ".init-tmp";
  fs::remove_all(staging);
  fs::create_directory(staging);
  fs::permissions(staging, fs::perms::owner_all, fs::perm_options::replace);
  give_to_server_user(staging);

  fs::path pwfile = pgdata_;
  pwfile += ".pwfile";
  int fd = ::open(pwfile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) core::throw_internal("cannot write " + pwfile.string());
  std::string line = options_.password + "\n";
  bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ::close(fd);
  if (!written) core::throw_internal("cannot write " + pwfile.string());
  give_to_server_user(pwfile);
  CommandResult r = run("initdb", {"-D", staging.string(), "-U", options_.user,
                                   "--pwfile=" + pwfile.string(), "--auth-host=scram-sha-256",
                                   "--auth-local=scram-sha-256", "--encoding=UTF8", "--locale=C"});
  std::error_code ec;
  fs::remove(pwfile, ec);
  if (r.exit_code != 0) {
    fs::remove_all(staging, ec);
    std::string hint = run_as_ ? " (the `" + run_as_->name +
                                     "` account needs search permission on every directory "
                                     "above " +
                                     pgdata_.string() + ")"
                               : "";
    throw sql_store_error("PostgresInitFailed", "initdb failed (exit " +
                                                    std::to_string(r.exit_code) + ")" + hint +
                                                    ": " + last_lines(r.output, 15));
  }
  {
    std::ofstream conf(staging / "postgresql.conf", std::ios::app);
    conf << "\n# wharf: listen address, port and socket directory, rewritten at every start\n"
            "include_if_exists = 'wharf.conf'\n";
  }
  fs::rename(staging, pgdata_);
  spdlog::info("postgres: initialized a cluster in {}", pgdata_.string());
}

void PostgresCluster::start() {
  init();
  owned_ = true;
  if (is_running()) {
    if (pid_file_line_as_int(4) == options_.port) {
      ensure_database();
      return;
    }
    spdlog::info("postgres: the running server uses another port; restarting it");
    stop();
    owned_ = true;
  }
  remove_stale_lock_files();
  write_config();
  std::error_code ec;
  std::uintmax_t log_start = fs::file_size(log_file(), ec);
  if (ec) log_start = 0;
  auto deadline = std::chrono::steady_clock::now() + options_.start_timeout;
  while (true) {
    CommandResult r = run("pg_ctl", {"-D", pgdata_.string(), "-l", log_file().string(), "-w", "-t",
                                     std::to_string(options_.start_timeout.count()), "start"});
    if (r.exit_code == 0) break;
    std::string log = read_file(log_file(), log_start);
    // Backends of a server killed with kill -9 hold its shared memory until they notice.
    if (log.find("pre-existing shared memory block") != std::string::npos &&
        std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      log_start = fs::file_size(log_file(), ec);
      remove_stale_lock_files();
      continue;
    }
    throw sql_store_error("PostgresStartFailed",
                          "PostgreSQL did not start on 127.0.0.1:" + std::to_string(options_.port) +
                              " (pg_ctl exit " + std::to_string(r.exit_code) + "). " +
                              log_file().string() +
                              " says: " + last_lines(log.empty() ? r.output : log, 10));
  }
  spdlog::info("postgres: started on 127.0.0.1:{} ({})", options_.port, pgdata_.string());
  ensure_database();
}

void PostgresCluster::stop() {
  owned_ = false;
  if (!is_running()) return;
  CommandResult r = run("pg_ctl", {"-D", pgdata_.string(), "-m", "fast", "-w", "-t",
                                   std::to_string(options_.start_timeout.count()), "stop"});
  if (r.exit_code != 0 && is_running()) {
    throw sql_store_error("PostgresStopFailed", "pg_ctl stop failed (exit " +
                                                    std::to_string(r.exit_code) +
                                                    "): " + last_lines(r.output, 10));
  }
}

std::optional<int> PostgresCluster::postmaster_pid() const {
  auto pid = pid_file_line_as_int(1);
  if (!pid || *pid <= 0) return std::nullopt;
  // The pid is this cluster's postmaster only if that process works in this PGDATA (the
  // postmaster chdirs there). A dead or zombie process has no readable cwd.
  std::error_code ec;
  fs::path cwd = fs::read_symlink("/proc/" + std::to_string(*pid) + "/cwd", ec);
  if (ec || !fs::equivalent(cwd, pgdata_, ec) || ec) return std::nullopt;
  return pid;
}

bool PostgresCluster::is_running() const { return postmaster_pid().has_value(); }

std::string PostgresCluster::connection_url() const {
  return "postgresql://" + core::aws_uri_encode(options_.user, false) + ":" +
         core::aws_uri_encode(options_.password, false) +
         "@127.0.0.1:" + std::to_string(options_.port) + "/" +
         core::aws_uri_encode(options_.database, false);
}

CommandResult PostgresCluster::run(const std::string& program,
                                   std::vector<std::string> args) const {
  args.insert(args.begin(), (bin_dir_ / program).string());
  return run_command(args, run_as_);
}

void PostgresCluster::give_to_server_user(const fs::path& p) const {
  if (run_as_ && ::chown(p.c_str(), run_as_->uid, run_as_->gid) != 0) {
    core::throw_internal("cannot give " + p.string() + " to " + run_as_->name);
  }
}

void PostgresCluster::write_config() const {
  // The socket path (dir + "/.s.PGSQL.<port>") must fit in sockaddr_un.sun_path (108 bytes);
  // a deep data dir gets no socket rather than a server that cannot start.
  std::string socket_dir = pgdata_.string();
  if (socket_dir.size() + std::string("/.s.PGSQL.").size() + 5 + 5 >= 108) {
    spdlog::warn("postgres: {} is too long a path for a unix socket; TCP only", socket_dir);
    socket_dir.clear();
  }
  fs::path conf = pgdata_ / "wharf.conf";
  {
    std::ofstream out(conf, std::ios::trunc);
    out << "# Written by wharf at every start: edits here are lost; postgresql.conf is yours.\n"
        << "listen_addresses = '127.0.0.1'\n"
        << "port = " << options_.port << "\n"
        << "unix_socket_directories = " << conf_string(socket_dir) << "\n";
    if (!out) core::throw_internal("cannot write " + conf.string());
  }
  give_to_server_user(conf);
}

std::optional<int> PostgresCluster::pid_file_line_as_int(int line) const {
  std::ifstream in(pgdata_ / "postmaster.pid");
  std::string text;
  for (int i = 0; i < line; ++i)
    if (!std::getline(in, text)) return std::nullopt;
  text = std::string(core::trim(text));
  if (!all_digits(text)) return std::nullopt;
  return std::atoi(text.c_str());
}

void PostgresCluster::remove_stale_lock_files() const {
  if (is_running()) return;
  // The socket lock files (.s.PGSQL.<port>.lock) record the postmaster's pid like
  // postmaster.pid does, and a killed postmaster that nobody reaped is a zombie that kill(pid, 0)
  // still finds: PostgreSQL would refuse to start over either file.
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(pgdata_, ec)) {
    std::string name = entry.path().filename().string();
    if (name == "postmaster.pid" || name.starts_with(".s.PGSQL.")) {
      spdlog::warn("postgres: removing {}, left by a server that is gone", entry.path().string());
      fs::remove(entry.path(), ec);
    }
  }
}

void PostgresCluster::ensure_database() const {
  if (options_.database == "postgres") return;
  std::string admin_url = "postgresql://" + core::aws_uri_encode(options_.user, false) + ":" +
                          core::aws_uri_encode(options_.password, false) +
                          "@127.0.0.1:" + std::to_string(options_.port) + "/postgres";
  auto session = connect_postgres(parse_store_url(admin_url), std::chrono::seconds(10));
  if (!session->query("SELECT 1 FROM pg_database WHERE datname = $1", {options_.database})
           .rows.empty()) {
    return;
  }
  try {
    session->execute("CREATE DATABASE " + quote_identifier(options_.database));
  } catch (const core::Error& e) {
    if (sqlstate_of(e) != "42P04") throw;  // created meanwhile by another wharf
  }
}

}  // namespace wharf::sql
