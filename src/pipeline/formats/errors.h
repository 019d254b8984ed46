// The error codes of the file-format layer, in one table (errors.cc). Readers and writers throw
// core::Error with one of these; a malformed *record* in CSV or NDJSON is not thrown but returned
// with the record (see csv.h, json_records.h) so that one bad row never stops a file.
#pragma once

#include <string>

namespace wharf::pipeline::formats {

enum class FormatError {
  kMalformedInput,        // 400 MalformedInput: bytes are not valid gzip/charset/JSON/XML
  kUnknownCharset,        // 400 UnknownCharset: iconv does not know the charset name
  kCannotOpenFile,        // 400 CannotOpenFile: a path the user named cannot be opened
  kInvalidOption,         // 400 InvalidFormatOption: a reader/writer option makes no sense
  kUnrepresentableValue,  // 400 UnrepresentableValue: a value the output format cannot hold
  kInputTooLarge,         // 400 InputTooLarge: a document or element over its configured cap
  kReadFailed,            // 500 FileReadFailed: the OS failed a read of an open file
  kWriteFailed,           // 500 FileWriteFailed: the OS failed a write, fsync or rename
};

// Throws core::Error with the code and HTTP status of `kind` and `message` (which must say where:
// the path, line, record or byte offset, and what was expected).
[[noreturn]] void fail(FormatError kind, const std::string& message);

}  // namespace wharf::pipeline::formats
