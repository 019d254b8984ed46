// A step of a pipeline: a cleaning check or a transformation applied to batches of rows
// (docs/pipelines.md lists them). Steps are built from their YAML at load time, so a bad step is
// an error naming its line before any row is read.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "pipeline/batch.h"
#include "pipeline/expr/expression.h"
#include "pipeline/rejects.h"
#include "pipeline/spec_node.h"

namespace wharf::pipeline {

class SourceFactory;

// What a step sees besides its batch. One per thread.
struct StepContext {
  EvalContext eval;
  Rejects* rejects = nullptr;
  uint64_t rejected = 0;  // rows this thread's steps rejected (for per-step counts)
  void reject(const Batch& b, const Row& row, const std::string& step, const std::string& reason) {
    rejects->add(b, row, step, reason);
    ++rejected;
  }
};

struct StageCounters {
  std::string name;
  std::atomic<uint64_t> in{0}, out{0}, rejected{0};
  std::atomic<uint64_t> busy_micros{0};
};

class Step {
 public:
  explicit Step(std::string name) : name_(std::move(name)) {}
  virtual ~Step() = default;
  const std::string& name() const { return name_; }

  // A stateless step processes each batch on its own, so the runner gives batches to several
  // workers at once. A stateful one (dedupe, group_by) sees every row, in order, on one thread,
  // and emits what it holds from finish().
  virtual bool stateful() const { return false; }
  // Transforms the batch in place. Rows that fail go to ctx.rejects (with this step's name and
  // the reason) and leave the batch.
  virtual void process(Batch& batch, StepContext& ctx) = 0;
  virtual void finish(std::vector<Batch>& /*out*/, StepContext& /*ctx*/) {}

 protected:
  // Removes the rows for which `fails` returns a reason, sending them to the rejects.
  template <typename F>
  void keep_rows(Batch& batch, StepContext& ctx, F&& fails);

 private:
  std::string name_;
};

// Builds the step of one `steps:` entry (a mapping with a single key: the step's kind).
// `sources` opens the sources that lookup steps join against.
std::unique_ptr<Step> make_step(const SpecNode& entry, size_t index, SourceFactory& sources);

// `on_error:` of a check: reject (the default) or null (clear the field, keep the row). YAML
// reads a bare `null` as no value, so that spelling counts as null too.
bool null_on_error(const SpecNode& spec);

// An expression from the pipeline file; a syntax error names the file and line.
Expression expression_at(const SpecNode& node);
// A copy of `e` with its field names bound to the slots of `schema`.
Expression bound_to(const Expression& e, const Schema& schema);

// Per-schema state of a step (bound expressions, slot maps), made once per distinct input
// schema and shared by the workers. Keeps the schema alive so a pointer is never reused.
template <typename T>
class PerSchema {
 public:
  template <typename Make>
  std::shared_ptr<const T> get(const SchemaPtr& schema, Make&& make) {
    std::lock_guard lock(mu_);
    for (auto& [s, t] : cache_)
      if (s == schema) return t;
    auto t = std::make_shared<const T>(make(*schema));
    cache_.emplace_back(schema, t);
    return t;
  }

 private:
  std::mutex mu_;
  std::vector<std::pair<SchemaPtr, std::shared_ptr<const T>>> cache_;
};

template <typename F>
void Step::keep_rows(Batch& batch, StepContext& ctx, F&& fails) {
  size_t kept = 0;
  for (size_t i = 0; i < batch.rows.size(); ++i) {
    std::optional<std::string> reason;
    try {
      reason = fails(batch.rows[i]);
    } catch (const core::Error& e) {
      reason = e.what();
    }
    if (reason) {
      ctx.reject(batch, batch.rows[i], name_, *reason);
      continue;
    }
    if (kept != i) batch.rows[kept] = std::move(batch.rows[i]);
    ++kept;
  }
  batch.rows.resize(kept);
}

}  // namespace wharf::pipeline
