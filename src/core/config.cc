#include "core/config.h"

#include <yaml-cpp/yaml.h>

#include <cstdlib>

#include "core/error.h"

namespace wharf::core {

static Error config_error(const std::string& msg) { return Error("InvalidConfig", 400, msg); }

static const char* env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? v : nullptr;
}

Config load_config(const std::optional<std::string>& path) {
  Config c;
  UserConfig root{"root", kDefaultRootAccessKey, kDefaultRootSecretKey};
  std::vector<UserConfig> others;
  if (path) {
    YAML::Node y;
    try {
      y = YAML::LoadFile(*path);
    } catch (const YAML::Exception& e) {
      throw config_error("cannot read config " + *path + ": " + e.what());
    }
    try {
      if (y["data"]) c.data_dir = y["data"].as<std::string>();
      if (y["host"]) c.host = y["host"].as<std::string>();
      if (y["port"]) c.port = y["port"].as<uint16_t>();
      if (y["search_port"]) c.search_port = y["search_port"].as<uint16_t>();
      if (y["region"]) c.region = y["region"].as<std::string>();
      if (y["fsync"]) c.fsync = y["fsync"].as<std::string>();
      if (y["log_level"]) c.log_level = y["log_level"].as<std::string>();
      if (y["pack_size_mib"]) c.pack_size_mib = y["pack_size_mib"].as<int>();
      if (y["max_connections"]) c.max_connections = y["max_connections"].as<int>();
      if (y["ttl_interval_ms"]) c.ttl_interval_ms = y["ttl_interval_ms"].as<int>();
      if (y["s3_domains"]) c.s3_domains = y["s3_domains"].as<std::vector<std::string>>();
      if (y["postgres"]) c.postgres = y["postgres"].as<bool>();
      if (y["postgres_port"]) c.postgres_port = y["postgres_port"].as<uint16_t>();
      if (y["postgres_password"]) c.postgres_password = y["postgres_password"].as<std::string>();
      if (y["root"]) {
        if (y["root"]["access_key"]) root.access_key = y["root"]["access_key"].as<std::string>();
        if (y["root"]["secret_key"]) root.secret_key = y["root"]["secret_key"].as<std::string>();
      }
      for (const auto& u : y["users"]) {
        UserConfig uc{u["name"].as<std::string>(), u["access_key"].as<std::string>(),
                      u["secret_key"].as<std::string>()};
        if (uc.name.empty() || uc.access_key.empty() || uc.secret_key.empty())
          throw config_error("users: name, access_key and secret_key must not be empty");
        others.push_back(std::move(uc));
      }
    } catch (const YAML::Exception& e) {
      throw config_error("bad value in config " + *path + ": " + e.what());
    }
  }
  if (const char* v = env("WHARF_ROOT_ACCESS_KEY")) root.access_key = v;
  if (const char* v = env("WHARF_ROOT_SECRET_KEY")) root.secret_key = v;
  if (const char* v = env("WHARF_DATA")) c.data_dir = v;
  if (const char* v = env("WHARF_REGION")) c.region = v;
  if (const char* v = env("WHARF_LOG_LEVEL")) c.log_level = v;
  if (const char* v = env("WHARF_FSYNC")) c.fsync = v;
  if (const char* v = env("WHARF_POSTGRES_PASSWORD")) c.postgres_password = v;
  if (c.fsync != "none" && c.fsync != "always")
    throw config_error("fsync must be 'none' or 'always'");
  if (c.pack_size_mib < 1 || c.pack_size_mib > 4096)
    throw config_error("pack_size_mib must be between 1 and 4096");
  c.users.push_back(root);
  for (auto& u : others) {
    for (const auto& seen : c.users)
      if (seen.access_key == u.access_key || seen.name == u.name)
        throw config_error("duplicate user name or access key: " + u.name);
    c.users.push_back(std::move(u));
  }
  return c;
}

}  // namespace wharf::core
