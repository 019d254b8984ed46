// A pipeline's state between runs: the incremental cursor and a run counter, in
// <data>/pipelines/<name>/state.json, replaced atomically (write, fsync, rename) only after every
// sink has published. Sinks with transactions also commit it with their data (sink.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/value.h"

namespace wharf::pipeline {

struct RunState {
  uint64_t runs = 0;                  // successful runs so far
  std::vector<core::Value> cursor;    // empty: no cursor yet
  std::string last_run;               // run id of the last successful run

  std::string to_json() const;
  static RunState from_json(const std::string& text);  // throws on a corrupt file
};

std::optional<RunState> load_state(const std::string& path);
void save_state(const std::string& path, const RunState& state);

}  // namespace wharf::pipeline
