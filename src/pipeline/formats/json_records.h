// JSON records: newline-delimited JSON (one value per line) and a top-level JSON array streamed
// element by element. Numbers become core::Decimal built from their exact decimal text (0.1 stays
// 0.1, 38-digit integers and 1e400 keep every digit); doubles are never involved. Strings are
// checked to be UTF-8.
//
// NdjsonReader: a record per non-blank line (lines end with LF or CRLF), position = its 1-based
// line number, raw = the line (without its CR/LF). A malformed line is returned with `error` ("line
// 7, column 12: ...") and reading goes on with the next line. A UTF-8 BOM at the start is dropped.
// Lines longer than max_record_bytes are returned as errors (raw cut to 64 KiB).
//
// JsonArrayReader: the elements of a top-level array, one record each, position = 1-based element
// index; or a single top-level object as record 1. Empty (or all-whitespace) input has no
// records. Memory holds one element (capped by max_record_bytes) plus a 64 KiB buffer, so a 1 GB
// array streams. A syntax error breaks the document, so it is thrown (MalformedInput, naming the
// byte offset and element) after the elements before it have been returned; so is a top-level
// scalar and text after the top-level value; an element larger than the cap throws InputTooLarge.
// raw is empty.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/byte_source.h"
#include "pipeline/formats/byte_io.h"
#include "pipeline/formats/errors.h"
#include "pipeline/formats/record.h"

namespace wharf::pipeline::formats {

struct JsonReaderOptions {
  size_t max_record_bytes = 64 * 1024 * 1024;  // one NDJSON line, one array element
};

class JsonParser;  // json_records.cc: Boost.JSON's streaming parser and a Value builder

class NdjsonReader : public RecordReader {
 public:
  explicit NdjsonReader(std::unique_ptr<core::ByteSource> source, JsonReaderOptions options = {});
  ~NdjsonReader() override;
  bool next(Record& out) override;

 private:
  bool read_line(std::string& line, bool& too_long);  // false at the end of the input

  PeekableSource in_;
  JsonReaderOptions opt_;
  std::unique_ptr<JsonParser> parser_;
  uint64_t line_ = 0;
  bool started_ = false;
};

class JsonArrayReader : public RecordReader {
 public:
  explicit JsonArrayReader(std::unique_ptr<core::ByteSource> source,
                           JsonReaderOptions options = {});
  ~JsonArrayReader() override;
  bool next(Record& out) override;

 private:
  void feed();  // gives the parser one buffer of input (or the end of input)
  void check_only_whitespace_follows();
  std::string where(uint64_t offset) const;  // "at byte offset N (element M)"

  PeekableSource in_;
  JsonReaderOptions opt_;
  std::unique_ptr<JsonParser> parser_;
  uint64_t offset_ = 0;  // input bytes given to the parser
  uint64_t returned_ = 0;
  uint64_t bytes_in_element_ = 0;
  bool started_ = false, saw_content_ = false, finished_ = false;
  std::string error_;  // thrown once the records before it have been returned
  FormatError error_kind_ = FormatError::kMalformedInput;
};

// One JSON value per line (core::to_json: exact numbers, binary as base64, sets as arrays).
class NdjsonWriter : public RecordWriter {
 public:
  explicit NdjsonWriter(std::unique_ptr<ByteSink> sink);
  void write(const core::Value& record) override;
  void finish() override;

 private:
  std::unique_ptr<ByteSink> sink_;
  std::string line_;
};

// A JSON array, one element per line: "[\n" e1 ",\n" e2 "\n]\n" ("[]\n" when empty), written as
// records arrive.
class JsonArrayWriter : public RecordWriter {
 public:
  explicit JsonArrayWriter(std::unique_ptr<ByteSink> sink);
  void write(const core::Value& record) override;
  void finish() override;

 private:
  std::unique_ptr<ByteSink> sink_;
  uint64_t count_ = 0;
};

}  // namespace wharf::pipeline::formats
