// A blocking HTTP/1.1 client over one keep-alive connection (reconnecting when the server
// closes it), plain or TLS (https: the peer's certificate is verified against the system's CAs
// or a given bundle, and its name against the host). Bodies stream both ways, so it moves
// objects of any size in bounded memory. Used by the benchmarks and the pipelines' remote
// connectors. Beast and Asio stay inside http_client.cc.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include "core/byte_source.h"
#include "net/http.h"

namespace wharf::net {

struct ClientResponse {
  int status = 0;
  Headers headers;   // names lowercased
  std::string body;  // empty when the body went to a sink
  uint64_t body_bytes = 0;
};

// Receives a response body piece by piece.
class BodySink {
 public:
  virtual ~BodySink() = default;
  virtual void write(const char* data, size_t n) = 0;
};

// A failure of the connection itself (refused, reset, TLS handshake), as opposed to an error a
// body stream or sink threw. The message is the system's ("connect: Connection refused").
class TransportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct TlsOptions {
  bool enabled = false;
  std::string ca_file;  // PEM bundle to trust instead of the system's CAs (empty: the system's)
};

class HttpClient {
 public:
  HttpClient(std::string host, uint16_t port, TlsOptions tls = {});
  ~HttpClient();
  // `headers` should include "host". The body is `body`, or `stream` (exactly body_length bytes)
  // when given. With a sink, the response body goes there instead of into ClientResponse::body.
  // A kept-alive connection the server closed meanwhile is replaced and the request sent once
  // more, but only when no byte of a response had arrived (the server never saw the request, or
  // dropped it unanswered) and the body was not a stream: a partial answer is never replayed into
  // the sink. Throws TransportError when the exchange fails.
  ClientResponse send(const std::string& method, const std::string& target, const Headers& headers,
                      const std::string& body = {}, core::ByteSource* stream = nullptr,
                      uint64_t body_length = 0, BodySink* sink = nullptr);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wharf::net
