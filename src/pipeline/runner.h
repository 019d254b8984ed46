// Runs a pipeline: sources -> steps -> sinks in batches through bounded queues.
//
// Threads: one reader (sources, the incremental cursor filter), N workers running the stateless
// steps that come before the first stateful one (batches in parallel), and the calling thread,
// which restores the read order, runs the remaining steps and stages rows into the sinks. When
// everything is read and the rejects are within max_rejects, every sink publishes, then the state
// (cursor) is saved. A failure anywhere aborts the sinks: nothing is published.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/value.h"
#include "pipeline/pipeline_spec.h"
#include "pipeline/services.h"

namespace wharf::pipeline {

struct StageReport {
  std::string name;  // "source", "3:coerce", "sink:users"
  uint64_t in = 0, out = 0, rejected = 0;
  double seconds = 0;  // time spent in the stage (summed over workers)
};

struct RunReport {
  std::string pipeline, run_id, status = "running";  // running, succeeded, failed
  std::string error;
  double seconds = 0;
  uint64_t rows_read = 0, rows_skipped = 0, rows_rejected = 0, rows_written = 0;
  std::vector<StageReport> stages;
  std::string rejects_path;
  std::vector<core::Value> cursor_before, cursor_after;

  std::string to_json() const;
  std::string summary_table() const;  // what `wharf run` prints
};

struct RunOptions {
  int workers = 0;                 // 0: the spec's, else one per core
  int64_t now_millis = 0;          // 0: the clock (now() in expressions sees one instant per run)
  // Called about every 200 ms from the running thread with a snapshot (status "running").
  std::function<void(const RunReport&)> on_progress;
};

// Builds the pipeline's steps and checks its sources' kinds without reading or writing
// anything, so that `wharf run a.yaml b.yaml` finds a bad step in b before a runs. Throws the
// PipelineSpecError run_pipeline would fail with.
void validate_pipeline(const PipelineSpec& spec, const Services& services);

RunReport run_pipeline(const PipelineSpec& spec, const Services& services, const RunOptions& options);

}  // namespace wharf::pipeline
