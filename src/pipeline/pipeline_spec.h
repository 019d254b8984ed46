// A pipeline file (docs/pipelines.md): its name, sources, steps, sinks and run settings, read
// and checked before any data moves. Errors name the file, line and column.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pipeline/rejects.h"
#include "pipeline/spec_node.h"

namespace wharf::pipeline {

struct PipelineSpec {
  std::string name;  // names the pipeline's state (cursors) and its runs
  std::string file;  // the file it was read from
  std::string dir;   // its directory: relative paths resolve here
  std::vector<SpecNode> sources;  // read in order, as one stream
  // Incremental mode: the cursor fields (compound, compared as a tuple). Rows at or below the
  // cursor of the last successful run are skipped; the cursor advances when a run publishes.
  std::vector<std::string> cursor;
  std::vector<SpecNode> steps;
  std::vector<std::pair<std::string, SpecNode>> sinks;
  std::string rejects_path;  // empty: <data>/pipelines/<name>/rejects/<run>.ndjson
  RejectLimit max_rejects;
  size_t batch_rows = 2048;
  int workers = 0;  // 0: one per core
};

// ${VAR} and ${VAR:-default} in the text are replaced from the environment first (credentials
// and hosts stay out of pipeline files); an unset variable without a default is an error.
PipelineSpec load_pipeline_file(const std::string& path);
PipelineSpec parse_pipeline(const std::string& yaml_text, const std::string& file_name);
std::string expand_environment(const std::string& text, const std::string& file_name);

}  // namespace wharf::pipeline
