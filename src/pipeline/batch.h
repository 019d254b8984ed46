// The unit of work of a pipeline: a batch of rows that share one schema.
//
// A row is a vector of core::Values, one slot per schema field, so that steps and expressions
// address fields by position (resolved once per schema) instead of hashing names per row; this
// is what lets a pipeline clean millions of rows per minute. A slot past the row's end, or holding
// core::Value(), is null; pipelines do not distinguish null from missing (a table sink leaves
// null attributes out, a SQL sink writes NULL).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/value.h"

namespace wharf::pipeline {

// Ordered field names. Shared by the batches that have it; a step that changes the shape of
// rows makes a new one (copy on write), so a schema never changes under a reader.
class Schema {
 public:
  Schema() = default;
  explicit Schema(std::vector<std::string> names);

  const std::vector<std::string>& names() const { return names_; }
  size_t size() const { return names_.size(); }
  int find(std::string_view name) const;  // -1 when absent
  // Appends the field if absent; returns its slot.
  int add(const std::string& name);

 private:
  std::vector<std::string> names_;
  std::unordered_map<std::string, int> index_;
};
using SchemaPtr = std::shared_ptr<const Schema>;

// The one shared Schema with these names, in this order. Steps whose output shape depends on the
// data (flatten, sources reading JSON) intern their schemas, so that equal shapes are one pointer
// and the per-schema caches of later steps stay small.
SchemaPtr intern_schema(std::vector<std::string> names);

struct Row {
  std::vector<core::Value> values;
  uint64_t position = 0;  // line (CSV, NDJSON) or record number (JSON arrays, XML, queries)
  std::string raw;        // the record as read, when the format has a text form (for rejects)

  const core::Value& at(int slot) const;  // null for -1 or a slot past the end
  core::Value& slot(int slot);            // grows the row as needed
};

struct Batch {
  SchemaPtr schema;
  std::vector<Row> rows;
  std::string origin;     // file path, object URL or query: where the rows were read
  uint64_t sequence = 0;  // order of the batch in the run (the runner restores it after workers)
};

// Records of differing shapes (JSON objects, items) as one batch: the schema is the union of
// their fields in first-seen order (interned). Moves the values out of `records`.
struct MapRecord {
  core::Map fields;
  uint64_t position = 0;
  std::string raw;
};
void fill_batch(Batch& out, std::vector<MapRecord>& records);

// A row as a map (for JSON outputs, table items and reject reports); nulls are left out.
core::Map row_to_map(const Schema& schema, const Row& row);

}  // namespace wharf::pipeline
