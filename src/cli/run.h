// `wharf run FILE...`: runs pipelines in-process on a data directory, one after the other,
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
  std::optional<std::string> json_path;  // "-": stdout
  int workers = 0;
  bool quiet = false;
};

int run(const core::Config& config, const RunCommand& cmd);

}  // namespace wharf::cli
