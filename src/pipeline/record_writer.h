// Rows encoded into a byte stream by format: CSV, NDJSON, JSON (an array), XML, or SQL INSERT
// statements (the "CSV -> SQL" conversion of the seeds). Used by the file and object sinks.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "pipeline/batch.h"
#include "pipeline/formats/byte_io.h"
#include "pipeline/spec_node.h"

namespace wharf::pipeline {

struct WriterOptions {
  std::string format;                // csv, ndjson, json, xml, sql
  std::vector<std::string> columns;  // CSV/SQL column order (default: the first batch's fields)
  char delimiter = ',';
  std::string xml_root = "records", xml_record = "record";
  std::string sql_table;  // sql: the table the INSERT statements name
  bool gzip = false;

  static WriterOptions parse(const SpecNode& spec, const std::string& name);
  static const std::vector<const char*>& keys();
};

class RowWriter {
 public:
  virtual ~RowWriter() = default;
  virtual void write(const Batch& batch) = 0;
  virtual void finish() = 0;  // completes the output and finishes the sink
};

std::unique_ptr<RowWriter> open_writer(std::unique_ptr<formats::ByteSink> sink, const WriterOptions& options);

// A value as a CSV cell or SQL literal's text: strings as they are, numbers exact, booleans
// true/false, null empty, lists and maps as JSON.
std::string cell_text(const core::Value& v);

}  // namespace wharf::pipeline
