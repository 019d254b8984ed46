#include "cli/data_dir.h"

#include <filesystem>

namespace wharf::cli {
namespace {

std::string prepared(const core::Config& c, const std::string& sub) {
  std::filesystem::create_directories(c.data_dir);
  return c.data_dir + "/" + sub;
}

}  // namespace

DataDir::DataDir(const core::Config& config) try
    : kv(prepared(config, "meta"), {config.fsync == "always"}),
      blobs(config.data_dir + "/blobs", config.fsync == "always"),
      objects(kv, blobs),
      tables(kv),
      search(config.data_dir + "/search") {
} catch (const core::Error& e) {
  if (e.code() == "StorageUnavailable" && std::string(e.what()).find("lock") != std::string::npos)
    throw core::Error("DataDirInUse", 409,
                      "the data directory " + config.data_dir +
                          " is in use by another wharf process (is `wharf serve` running on it?)");
  throw;
}

}  // namespace wharf::cli
