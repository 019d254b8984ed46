#include "cli/data_dir.h"

#include <filesystem>

#include "core/log.h"

namespace wharf::cli {
namespace {

std::string prepared(const core::Config& c, const std::string& sub) {
  std::filesystem::create_directories(c.data_dir);
  return c.data_dir + "/" + sub;
}

}  // namespace

DataDir::DataDir(const core::Config& c) try
    : config(c),
      kv(prepared(c, "meta"), {c.fsync == "always"}),
      blobs(c.data_dir + "/blobs", c.fsync == "always"),
      packs(c.data_dir + "/packs", c.fsync == "always", uint64_t(c.pack_size_mib) << 20),
      objects(kv, blobs, packs),
      tables(kv),
      search(c.data_dir + "/search") {
} catch (const core::Error& e) {
  if (e.code() == "StorageUnavailable" && std::string(e.what()).find("lock") != std::string::npos)
    throw core::Error("DataDirInUse", 409,
                      "the data directory " + c.data_dir +
                          " is in use by another wharf process (is `wharf serve` running on it?)");
  throw;
}

std::string DataDir::start_relational_store() {
  namespace fs = std::filesystem;
  if (!config.postgres) {
    fs::create_directories(config.data_dir + "/sql");
    return "sqlite://" +
           fs::absolute(config.data_dir + "/sql/wharf.db").lexically_normal().string();
  }
  if (!postgres) {
    sql::ClusterOptions o;
    o.data_dir = fs::absolute(config.data_dir);
    o.port = config.postgres_port;
    o.password = config.postgres_password;
    postgres = std::make_unique<sql::PostgresCluster>(o);
    postgres->start();
    spdlog::info("PostgreSQL on 127.0.0.1:{} (user wharf, database wharf), data in {}",
                 config.postgres_port, postgres->pgdata().string());
  }
  return postgres->connection_url();
}

}  // namespace wharf::cli
