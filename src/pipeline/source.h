// Where a pipeline's rows come from (docs/pipelines.md "Sources"): files and globs, objects,
// SQL queries, table scans, search queries, Redis keys. A source yields batches of rows; a record that cannot
// be read (a malformed CSV line, invalid JSON or UTF-8) goes to the rejects, and reading goes on.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "pipeline/batch.h"
#include "pipeline/rejects.h"
#include "pipeline/services.h"
#include "pipeline/spec_node.h"

namespace wharf::pipeline {

class Source {
 public:
  virtual ~Source() = default;
  // Fills `out` (cleared first) with up to max_rows rows; false when the input is exhausted.
  virtual bool next(Batch& out, size_t max_rows, Rejects& rejects) = 0;
  virtual std::string describe() const = 0;
};

class RecordReader;

// Inputs read one after the other (the files of a glob, the objects under a prefix), each decoded
// by the reader `open(i)` returns; the file and object sources are this.
class InputsSource : public Source {
 public:
  using Opener = std::function<std::unique_ptr<RecordReader>(size_t index)>;
  InputsSource(size_t count, Opener open, std::string description);
  ~InputsSource() override;
  bool next(Batch& out, size_t max_rows, Rejects& rejects) override;
  std::string describe() const override { return description_; }

 private:
  size_t count_, index_ = 0;
  Opener open_;
  std::string description_;
  std::unique_ptr<RecordReader> reader_;
};

// The incremental cursor of a run, for sources that can skip what was loaded before at the
// database (SQL: a WHERE on the cursor columns). The runner filters every source's rows anyway.
struct CursorRange {
  std::vector<std::string> fields;
  std::vector<core::Value> after;  // empty: from the start
};

// Opens sources from their specs. One per run; lookup steps use it too.
class SourceFactory {
 public:
  explicit SourceFactory(const Services& services) : services_(services) {}
  std::unique_ptr<Source> open(const SpecNode& spec, const CursorRange* cursor = nullptr) const;
  // Fails at load time on a spec open() would reject, without touching the data.
  void validate(const SpecNode& spec) const;
  const Services& services() const { return services_; }

 private:
  const Services& services_;
};

// The kinds, one file each.
std::unique_ptr<Source> open_file_source(const SpecNode& spec, const Services& s);    // file_source.cc
std::unique_ptr<Source> open_object_source(const SpecNode& spec, const Services& s);  // object_source.cc
std::unique_ptr<Source> open_table_source(const SpecNode& spec, const Services& s);   // table_source.cc
std::unique_ptr<Source> open_sql_source(const SpecNode& spec, const Services& s,
                                        const CursorRange* cursor);                   // sql_source.cc
std::unique_ptr<Source> open_search_source(const SpecNode& spec, const Services& s);  // search_source.cc
std::unique_ptr<Source> open_redis_source(const SpecNode& spec, const Services& s);   // redis_source.cc

}  // namespace wharf::pipeline
