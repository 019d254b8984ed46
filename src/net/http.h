// The HTTP request and response as the services see them. Deliberately free of Beast so that
// only src/net pays Beast's compile cost; the server adapts its parser and socket to these.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/byte_source.h"

namespace wharf::net {

using Headers = std::vector<std::pair<std::string, std::string>>;  // names lowercased

class Request {
 public:
  std::string method;  // "GET", ...
  std::string target;  // as sent: path?query
  std::string path;    // raw, still percent-encoded
  std::string query;   // raw, without '?'
  Headers headers;
  std::string remote_address;
  std::optional<uint64_t> content_length;  // nullopt for chunked transfer encoding
  core::ByteSource* body = nullptr;        // never null while a handler runs

  // First value of a header (name lowercase), or empty.
  std::string_view header(std::string_view lname) const;
  bool has_header(std::string_view lname) const;
};

// Optional fast path for bodies that are ranges of files: the server may use sendfile(2).
struct FileSlice {
  int fd;
  uint64_t offset;
  uint64_t length;
};

// A streamed response body. next_file_slice() lets file-backed bodies be sent without copying;
// a source returning nullopt there is read with read().
class BodySource : public core::ByteSource {
 public:
  virtual std::optional<FileSlice> next_file_slice() { return std::nullopt; }
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;                    // used when `stream` is null
  std::unique_ptr<BodySource> stream;  // streamed body of exactly content_length bytes
  uint64_t content_length = 0;         // for streams, and for HEAD answers
  bool head = false;                   // answer to HEAD: headers only, Content-Length kept

  void set(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
};

// Labels a request for metrics and logs ("s3", "PutObject"). Filled in by the handler.
struct RequestInfo {
  std::string api = "other";
  std::string operation = "unknown";
};

using Handler = std::function<Response(Request&, RequestInfo&)>;

// Appends "name: value\r\n" with any CR or LF of the value turned into a space: values can carry
// request input (S3's response-content-* overrides are percent-decoded query parameters), and a
// line break there would let a client write headers of its own into the message.
void append_header_line(std::string& out, std::string_view name, std::string_view value);

}  // namespace wharf::net
