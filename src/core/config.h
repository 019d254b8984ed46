// Server configuration. Precedence, lowest to highest: built-in defaults, the YAML file
// (--config), environment variables (WHARF_*), command-line flags (applied by the CLI).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wharf::core {

struct UserConfig {
  std::string name;
  std::string access_key;
  std::string secret_key;
};

// The documented development credentials, used when WHARF_ROOT_* are not set.
inline constexpr const char* kDefaultRootAccessKey = "wharf";
inline constexpr const char* kDefaultRootSecretKey = "wharf-secret";

struct Config {
  std::string data_dir = "./wharf-data";
  std::string host = "127.0.0.1";
  uint16_t port = 4566;
  uint16_t search_port = 9200;
  std::string region = "us-east-1";
  // Users; the first is root (from WHARF_ROOT_ACCESS_KEY / WHARF_ROOT_SECRET_KEY).
  std::vector<UserConfig> users;
  // Host names under which buckets are addressed virtual-host style: <bucket>.<domain>.
  std::vector<std::string> s3_domains = {"localhost", "s3.localhost", "localhost.localstack.cloud"};
  // "none": acknowledged writes survive a crash of wharf (kill -9), not of the machine.
  // "always": blobs and the RocksDB log are fsynced before a write is acknowledged.
  std::string fsync = "none";
  // Objects of 1-64 KiB are stored as records in shared pack files sealed at this size; a pack
  // whose objects were mostly overwritten or deleted is collected. Smaller packs are collected
  // sooner (the e2e tests use 1 MiB so that collection runs under them).
  int pack_size_mib = 64;
  std::string log_level = "info";
  int max_connections = 4096;
  int shutdown_grace_seconds = 30;
  // How often the DynamoDB TTL expirer looks for expired items (DynamoDB itself takes up to
  // days; a second keeps tests and demos quick and costs a seek per TTL table).
  int ttl_interval_ms = 1000;
  // The relational store. postgres: supervise a PostgreSQL cluster in <data>/postgres on
  // 127.0.0.1:postgres_port (superuser wharf, database wharf, this password); otherwise SQLite in
  // <data>/sql/wharf.db. Pipelines name it `sql: default`.
  bool postgres = false;
  uint16_t postgres_port = 5432;
  std::string postgres_password = "wharf-secret";
};

// Reads the YAML file (if path is set) and the environment. Throws core::Error on bad input.
Config load_config(const std::optional<std::string>& path);

}  // namespace wharf::core
