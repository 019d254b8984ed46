// CSV (RFC 4180 and the dialects around it): a streaming reader that survives malformed rows, and
// a writer that quotes only where it must.
//
// Reading, what a caller may rely on:
//  - Memory is bounded by one record (capped by max_record_bytes) plus a 64 KiB buffer; the file
//    is never held whole.
//  - Records end at LF, CRLF or a lone CR outside quotes; inside a quoted field those line breaks
//    are data (kept exactly as written). The last record needs no line break.
//  - Blank lines (nothing between two line breaks) are skipped and count as lines. A UTF-8
//    byte-order mark at the start of the input is dropped.
//  - A quoted field starts with the quote character as the field's first byte; a doubled quote
//    inside it is one quote. `""` is an empty field, as is nothing between two delimiters (CSV
//    cannot tell them apart, neither does the reader).
//  - A malformed record never stops the file: next() returns it with `error` set (line and
//    column of the problem, what was expected), `fields` empty, and `raw` = the record's first
//    physical line. Reading goes on at the next physical line, so the rows after a stray quote are
//    read even though the quote swallowed them into what looked like one field. Malformed means:
//    a quote inside an unquoted field, text after a closing quote, a quote never closed before the
//    end of the file, or a record longer than max_record_bytes (raw is then truncated to 64 KiB).
//  - Field bytes are passed through: the reader does not check UTF-8 (wrap the source in a
//    CharsetSource to convert, or check fields with first_invalid_utf8).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/byte_source.h"
#include "pipeline/formats/byte_io.h"

namespace wharf::pipeline::formats {

struct CsvOptions {
  char delimiter = ',';
  char quote = '"';
  // Whether the first record names the columns. The reader does not interpret it (the first
  // record is returned like any other); it is here so a pipeline's CSV settings travel together.
  bool header = true;
  size_t max_record_bytes = 16 * 1024 * 1024;
};

struct CsvRecord {
  std::vector<std::string> fields;
  uint64_t line = 0;  // 1-based line where the record starts
  std::string raw;    // the record's text without its line break, for reject reports
  std::string error;  // non-empty: the record is malformed; says where and why
};

class CsvReader {
 public:
  // Throws InvalidFormatOption when delimiter and quote are equal or either is CR or LF.
  CsvReader(std::unique_ptr<core::ByteSource> source, CsvOptions options = {});

  // The next record, or false at the end of the input. Reuses `out`'s storage. Throws only for
  // failures of the source itself (I/O, bad gzip or charset); malformed CSV is returned in `out`.
  bool next(CsvRecord& out);

 private:
  enum class Scan { kRecord, kTooLarge };
  bool skip_blank_lines();
  Scan scan_record();                 // raw_ := the record's bytes, terminator_ := its line break
  bool split_fields(CsvRecord& out);  // parses raw_; false (with out.error) if malformed
  void reject(CsvRecord& out, std::string error);
  void skip_rest_of_line();
  std::string position(size_t offset_in_raw) const;  // "line L, column C"

  PeekableSource in_;
  CsvOptions opt_;
  uint64_t line_ = 1;  // line of the next unread byte
  bool started_ = false;
  std::string raw_;
  std::string terminator_;
  uint64_t record_line_ = 0;
};

struct CsvWriterOptions {
  char delimiter = ',';
  char quote = '"';
  bool crlf = false;  // RFC 4180 and Excel use CRLF; LF is what Unix tools expect
  // Written as the first row when non-empty (also when no record follows).
  std::vector<std::string> header;
};

// Writes records to a sink it owns. A field is quoted only when it must be: it contains the
// delimiter, the quote, CR or LF, begins or ends with a space or tab (which many readers trim),
// or it is the only field of its record and empty (an empty line would read back as no record).
class CsvWriter {
 public:
  CsvWriter(std::unique_ptr<ByteSink> sink, CsvWriterOptions options = {});

  void write(const std::vector<std::string>& fields);
  // Writes the header if nothing was written yet, then finishes the sink.
  void finish();

 private:
  void write_row(const std::vector<std::string>& fields);
  bool needs_quotes(std::string_view field, size_t field_count) const;

  std::unique_ptr<ByteSink> sink_;
  CsvWriterOptions opt_;
  bool header_written_ = false;
  std::string row_;
};

}  // namespace wharf::pipeline::formats
