// Where a pipeline's rows go (docs/pipelines.md "Sinks"). A sink stages what it is given while
// the run reads, and makes it visible only in publish(), after the run has read everything and
// stayed under max_rejects: so a failed run publishes nothing, and a run killed before publish
// leaves the target as it was. publish() is idempotent for upsert and replace modes, which is what
// lets a run killed during publish be started again and end in the same state.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "pipeline/batch.h"
#include "pipeline/expr/expression.h"
#include "pipeline/rejects.h"
#include "pipeline/services.h"
#include "pipeline/spec_node.h"

namespace wharf::pipeline {

enum class WriteMode {
  kAppend,   // add rows
  kUpsert,   // insert or replace by key; rows matching delete_when delete their key
  kReplace,  // the target becomes exactly this run's rows (load, then swap)
};

// Settings every sink kind shares.
struct SinkCommon {
  std::string name;
  WriteMode mode = WriteMode::kUpsert;
  bool mode_given = false;
  std::vector<std::string> key;          // upsert key (required for upsert)
  std::optional<Expression> when;        // routing: only rows for which it holds
  std::optional<Expression> delete_when; // upsert: rows that delete their key
};

struct PublishContext {
  std::string pipeline;
  std::string run_id;
  // The pipeline state after this run (JSON), for sinks that commit it in their own
  // transaction (PostgreSQL, SQLite) so that target and state can never disagree.
  std::string state_json;
};

class Sink {
 public:
  explicit Sink(SinkCommon common) : common_(std::move(common)) {}
  virtual ~Sink() = default;
  const SinkCommon& common() const { return common_; }
  const std::string& name() const { return common_.name; }
  virtual std::string describe() const = 0;

  // Stages rows (already routed by `when`). Called from one thread.
  virtual void write(const Batch& batch) = 0;
  // Stages deletions: the rows' key fields name what to delete (upsert mode, delete_when).
  virtual void remove(const Batch& batch);
  virtual void publish(const PublishContext& ctx) = 0;
  // Discards what was staged (the run failed).
  virtual void abort() noexcept {}
  // The state this sink committed with its data (see PublishContext), if it keeps one.
  virtual std::optional<std::string> committed_state(const std::string& /*pipeline*/) { return std::nullopt; }

  uint64_t rows_written() const { return rows_; }
  uint64_t rows_deleted() const { return deleted_; }
  // Where write() sends rows the target would refuse (a missing key, an item too large).
  void set_rejects(Rejects* r) { rejects_ = r; }

 protected:
  void reject(const Batch& b, const Row& row, const std::string& reason) {
    if (rejects_) rejects_->add(b, row, "sink:" + name(), reason);
  }
  uint64_t rows_ = 0, deleted_ = 0;
  Rejects* rejects_ = nullptr;

 private:
  SinkCommon common_;
};

// The run a sink is built for.
struct SinkRun {
  std::string dir;     // where the sink may stage data for this run (removed after the run)
  std::string run_id;  // {run} in paths
  std::string date;    // {date} in paths: the run's UTC date, YYYY-MM-DD
};

// Builds a sink from its spec (the kind is the key that names the target: table, index, file,
// object, sql).
std::unique_ptr<Sink> make_sink(const std::string& name, const SpecNode& spec,
                                const Services& services, const SinkRun& run);

}  // namespace wharf::pipeline
