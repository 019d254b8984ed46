// The record as the structured readers (NDJSON, JSON array, XML) yield it and the structured
// writers take it. CSV has its own CsvRecord (a row of strings), since mapping columns to fields
// is the caller's decision.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/value.h"

namespace wharf::pipeline::formats {

// A scalar as text: booleans true/false, numbers their exact decimal text, strings as they are,
// binary as base64; "" for null, lists and maps (callers render those their own way).
std::string scalar_text(const core::Value& v);

// A rejected record's raw text is for a report; past this it is cut (CSV and NDJSON readers).
constexpr size_t kMaxRejectRaw = 64 * 1024;

struct Record {
  core::Value value;      // null when error is set
  uint64_t position = 0;  // NDJSON: 1-based line; JSON array and XML: 1-based element index
  // The record's source text where the reader has it at hand (NDJSON: the line); empty otherwise
  // (render `value` with core::to_json for a report).
  std::string raw;
  std::string error;  // non-empty: the record is malformed; says where and why
};

class RecordReader {
 public:
  virtual ~RecordReader() = default;
  // The next record, or false at the end of the input. Reuses `out`'s storage.
  virtual bool next(Record& out) = 0;
};

class RecordWriter {
 public:
  virtual ~RecordWriter() = default;
  virtual void write(const core::Value& record) = 0;
  // Completes the output (closing brackets or tags) and finishes the sink. A writer destroyed
  // without finish() leaves its sink unfinished, so a FileByteSink discards the partial file.
  virtual void finish() = 0;
};

}  // namespace wharf::pipeline::formats
