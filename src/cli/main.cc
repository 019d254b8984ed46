// The wharf command line: serve, version.
#include <CLI/CLI.hpp>
#include <iostream>

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
  serve->footer(
      "Credentials: the root user's keys come from WHARF_ROOT_ACCESS_KEY and "
      "WHARF_ROOT_SECRET_KEY\n"
      "(development defaults: wharf / wharf-secret); more users in the config file's `users:` "
      "list.");

  auto* version = app.add_subcommand("version", "Print the version.");
  CLI11_PARSE(app, argc, argv);

  if (version->parsed()) {
    std::cout << "wharf " << WHARF_VERSION << "\n";
    return 0;
  }
  try {
    wharf::core::Config config = wharf::core::load_config(config_path);
    if (data_dir) config.data_dir = *data_dir;
    if (host) config.host = *host;
    if (port) config.port = *port;
    if (search_port) config.search_port = *search_port;
    if (fsync) config.fsync = *fsync;
    if (log_level) config.log_level = *log_level;
    wharf::core::init_logging(config.log_level);
    return wharf::cli::serve(config);
  } catch (const wharf::core::Error& e) {
    std::cerr << "wharf: " << e.what() << "\n";
    return 2;
  }
}
