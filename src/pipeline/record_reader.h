// A byte stream decoded into batches of rows by format: CSV, NDJSON, JSON (an array of records,
// or one record), XML (the elements at a record path), SQL (the rows of INSERT statements). Used by every source that reads bytes
// (files, objects). gzip is detected by its magic bytes; other charsets are converted to UTF-8.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/byte_source.h"
#include "pipeline/batch.h"
#include "pipeline/rejects.h"
#include "pipeline/spec_node.h"

namespace wharf::pipeline {

struct FormatOptions {
  std::string format;  // csv, ndjson, json, xml, sql ("" : from the name's extension)
  char delimiter = ',';
  char quote = '"';
  bool header = true;                // CSV: the first record names the columns
  std::vector<std::string> columns;  // CSV without header: the names (else column_1, ...)
  std::string encoding = "utf-8";
  std::string record;  // XML: the record elements' path ("/catalog/product" or "product")
  std::string sql_table;  // SQL: only the rows inserted into this table (empty: every table's)

  // Reads the format keys of a source spec (format, delimiter, quote, header, columns, encoding,
  // record); `name` (a path or key) gives the format when the spec does not.
  static FormatOptions parse(const SpecNode& spec, const std::string& name);
  static const std::vector<const char*>& keys();
};

// The format a name's extension implies (".csv", ".csv.gz", ".ndjson", ".jsonl", ".json", ".xml",
// ".sql"), or "" when it implies none.
std::string format_from_name(const std::string& name);

class RecordReader {
 public:
  virtual ~RecordReader() = default;
  // Up to max_rows rows into `out` (whose schema it sets); false at the end of the input.
  // Unreadable records go to `rejects` with their position.
  virtual bool next(Batch& out, size_t max_rows, Rejects& rejects) = 0;
};

// `origin` names the input in rejects and errors.
std::unique_ptr<RecordReader> open_reader(std::unique_ptr<core::ByteSource> bytes,
                                          const FormatOptions& options, const std::string& origin);

}  // namespace wharf::pipeline
