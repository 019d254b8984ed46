#include "pipeline/formats/errors.h"

#include "core/error.h"

namespace wharf::pipeline::formats {

namespace {

struct Entry {
  const char* code;
  int status;
};

Entry entry(FormatError kind) {
  switch (kind) {
    case FormatError::kMalformedInput:
      return {"MalformedInput", 400};
    case FormatError::kUnknownCharset:
      return {"UnknownCharset", 400};
    case FormatError::kCannotOpenFile:
      return {"CannotOpenFile", 400};
    case FormatError::kInvalidOption:
      return {"InvalidFormatOption", 400};
    case FormatError::kUnrepresentableValue:
      return {"UnrepresentableValue", 400};
    case FormatError::kInputTooLarge:
      return {"InputTooLarge", 400};
    case FormatError::kReadFailed:
      return {"FileReadFailed", 500};
    case FormatError::kWriteFailed:
      return {"FileWriteFailed", 500};
  }
  return {"InternalError", 500};
}

}  // namespace

void fail(FormatError kind, const std::string& message) {
  Entry e = entry(kind);
  throw core::Error(e.code, e.status, message);
}

}  // namespace wharf::pipeline::formats
