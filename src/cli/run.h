// `wharf run FILE...`: runs pipelines in-process on a data directory (or, with --endpoint, against
// a running `wharf serve` or AWS), one after the other,
// with a progress line on a terminal, a summary table per pipeline and, with --json, a
// machine-readable report. Exit status 0 when every pipeline succeeded, 1 otherwise.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/config.h"

namespace wharf::cli {

struct RunCommand {
  std::vector<std::string> files;
  // Against a running server instead of a data dir: objects and tables at `endpoint`, indexes
  // at `search_endpoint` (default: the endpoint's host, port 9200), run state in `state_dir`.
  std::optional<std::string> endpoint, search_endpoint;
  std::string state_dir = "wharf-pipelines";
  std::optional<std::string> json_path;  // "-": stdout
  int workers = 0;
  bool quiet = false;
};

int run(const core::Config& config, const RunCommand& cmd);

}  // namespace wharf::cli
