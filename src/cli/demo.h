// `wharf demo`: the e-commerce demo on the embedded defaults. Generates a seeded, dirty data set
// (cli/demo_data.h), stores it as raw objects (s3://raw/...), runs the pipelines of
// examples/ecommerce/ in-process (users and orders into tables, products into a search index,
// order facts into SQLite or PostgreSQL, co-purchase recommendations into a table and Redis, a
// daily sales report object), then prints the summaries, three searches, one user's
// recommendations and a presigned URL to the report.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/config.h"

namespace wharf::cli {

struct DemoCommand {
  uint64_t seed = 42;
  int users = 2000, products = 300, orders = 12000;
  std::string pipelines_dir;  // empty: examples/ecommerce beside the working dir or the binary
  std::optional<std::string> redis_url;  // also cache recommendations in Redis
  std::optional<std::string> sql_url;    // order facts into this database instead of SQLite
};

int demo(const core::Config& config, const DemoCommand& cmd, const std::string& argv0);

}  // namespace wharf::cli
