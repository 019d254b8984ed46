// The wharf command line: serve, run, version.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/demo.h"
#include "cli/run.h"
#include "cli/serve.h"
#include "core/config.h"
#include "core/error.h"
#include "core/log.h"

#ifndef WHARF_VERSION
#define WHARF_VERSION "0.1.0"
#endif

int main(int argc, char** argv) {
  CLI::App app{
      "wharf: the cloud data services of an e-commerce stack on your own machine\n"
      "(S3 and DynamoDB APIs on one port, an Elasticsearch-compatible search API on another),\n"
      "and pipelines that move data between them."};
  app.require_subcommand(1);

  std::optional<std::string> config_path, data_dir, host;
  std::optional<uint16_t> port, search_port;
  std::optional<std::string> fsync, log_level;
  auto* serve = app.add_subcommand(
      "serve", "Run the server until SIGINT or SIGTERM (in-flight requests finish).");
  serve->add_option("--config", config_path,
                    "YAML configuration file (users, ports, data directory, ...)");
  serve->add_option("--data", data_dir, "Data directory (default ./wharf-data; env WHARF_DATA)");
  serve->add_option("--host", host,
                    "Address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)");
  serve->add_option("--port", port,
                    "Port of the AWS APIs (S3, DynamoDB) and /_wharf/ (default 4566)");
  serve->add_option("--search-port", search_port,
                    "Port of the Elasticsearch-compatible API (default 9200)");
  serve
      ->add_option("--fsync", fsync,
                   "none: survive a crash of wharf; always: also of the machine (slower)")
      ->check(CLI::IsMember({"none", "always"}));
  serve->add_option("--log-level", log_level, "trace, debug, info, warn, error");
  bool with_postgres = false;
  std::optional<uint16_t> postgres_port;
  serve->add_flag("--postgres", with_postgres,
                  "Also run PostgreSQL (the system's binaries) on a cluster in <data>/postgres,\n"
                  "127.0.0.1 only, user wharf, database wharf, password WHARF_POSTGRES_PASSWORD\n"
                  "(default wharf-secret); stopped with the server");
  serve->add_option("--postgres-port", postgres_port, "Port of that PostgreSQL (default 5432)");
  serve->footer(
      "Credentials: the root user's keys come from WHARF_ROOT_ACCESS_KEY and "
      "WHARF_ROOT_SECRET_KEY\n"
      "(development defaults: wharf / wharf-secret); more users in the config file's `users:` "
      "list.");

  wharf::cli::RunCommand run_cmd;
  std::optional<std::string> run_data, run_config;
  auto* run = app.add_subcommand(
      "run",
      "Run pipeline files (docs/pipelines.md) in-process on a data directory, or against a running\n"
      "server with --endpoint, in order: read, clean, transform and load, then print a summary per\n"
      "pipeline. Exit status 1 if one failed.");
  run->add_option("files", run_cmd.files, "Pipeline YAML files")->required()->check(CLI::ExistingFile);
  run->add_option("--data", run_data, "Data directory (default ./wharf-data; env WHARF_DATA)");
  run->add_option("--config", run_config, "YAML configuration file");
  run->add_option("--json", run_cmd.json_path, "Write a machine-readable report to this file ('-': stdout)");
  run->add_option("--workers", run_cmd.workers, "Worker threads per pipeline (default: one per core)")
      ->check(CLI::Range(1, 256));
  run->add_flag("--quiet", run_cmd.quiet, "No progress line and no summary table");
  run->add_option("--endpoint", run_cmd.endpoint,
                  "Run against a running wharf serve (or AWS) instead of a data directory: objects and\n"
                  "tables at this endpoint (e.g. http://127.0.0.1:4566), signed with AWS_ACCESS_KEY_ID /\n"
                  "AWS_SECRET_ACCESS_KEY (default: wharf's development root)")
      ->excludes("--data");
  run->add_option("--search-endpoint", run_cmd.search_endpoint,
                  "With --endpoint: where indexes are (default: the endpoint's host, port 9200)")
      ->needs("--endpoint");
  run->add_option("--state", run_cmd.state_dir,
                  "With --endpoint: where run state, cursors and rejects go (default ./wharf-pipelines)")
      ->needs("--endpoint");

  wharf::cli::DemoCommand demo_cmd;
  std::optional<std::string> demo_data;
  auto* demo = app.add_subcommand(
      "demo",
      "The e-commerce demo: generate a dirty data set into s3://raw/, run the pipelines of\n"
      "examples/ecommerce/ (tables, a search index, SQL facts, recommendations, a report), then\n"
      "print searches, one user's recommendations and a presigned URL to the report.");
  demo->add_option("--data", demo_data, "Data directory (default ./wharf-data; env WHARF_DATA)");
  std::optional<uint16_t> demo_port;
  demo->add_option("--port", demo_port, "Port of the `wharf serve` the report URL points at (default 4566)");
  demo->add_option("--seed", demo_cmd.seed, "Seed of the generated data (default 42)");
  demo->add_option("--users", demo_cmd.users, "Users to generate (default 2000)")->check(CLI::Range(1, 10000000));
  demo->add_option("--products", demo_cmd.products, "Products to generate (default 300)")->check(CLI::Range(1, 1000000));
  demo->add_option("--orders", demo_cmd.orders, "Orders to generate (default 12000)")->check(CLI::Range(1, 100000000));
  demo->add_option("--pipelines", demo_cmd.pipelines_dir, "Directory of the demo pipelines (default examples/ecommerce)");
  demo->add_option("--redis", demo_cmd.redis_url, "Also cache recommendations in this Redis (redis://host:port)");
  demo->add_option("--sql", demo_cmd.sql_url, "Order facts into this database (postgresql://...) instead of SQLite");

  auto* version = app.add_subcommand("version", "Print the version.");
  CLI11_PARSE(app, argc, argv);

  if (version->parsed()) {
    std::cout << "wharf " << WHARF_VERSION << "\n";
    return 0;
  }
  try {
    if (demo->parsed()) {
      wharf::core::Config config = wharf::core::load_config(std::nullopt);
      if (demo_data) config.data_dir = *demo_data;
      if (demo_port) config.port = *demo_port;
      wharf::core::init_logging("warn");
      return wharf::cli::demo(config, demo_cmd, argv[0]);
    }
    if (run->parsed()) {
      wharf::core::Config config = wharf::core::load_config(run_config);
      if (run_data) config.data_dir = *run_data;
      wharf::core::init_logging("warn");
      return wharf::cli::run(config, run_cmd);
    }
    wharf::core::Config config = wharf::core::load_config(config_path);
    if (data_dir) config.data_dir = *data_dir;
    if (host) config.host = *host;
    if (port) config.port = *port;
    if (search_port) config.search_port = *search_port;
    if (fsync) config.fsync = *fsync;
    if (log_level) config.log_level = *log_level;
    if (with_postgres) config.postgres = true;
    if (postgres_port) config.postgres_port = *postgres_port;
    wharf::core::init_logging(config.log_level);
    return wharf::cli::serve(config);
  } catch (const std::exception& e) {
    std::cerr << "wharf: " << e.what() << "\n";
    return 2;
  }
}
