// The HTTP/1.1 server. A few worker threads wait together for connections with input (epoll, see
// ready_pool.h); request headers are parsed as they arrive, so an idle or slow client holds no
// thread. Once a request's header is in, its handler runs synchronously on the worker and reads
// the body straight from the socket as it needs it. Handlers may block (slow clients, group
// commits, fsync): the pool adds workers when all are blocked. Keep-alive and pipelined requests
// are parsed from one per-connection buffer. stop() finishes in-flight requests (graceful
// shutdown).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "net/http.h"
#include "net/metrics.h"

namespace wharf::net {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;  // 0: any free port
  int max_connections = 4096;
  int workers = 0;  // worker threads kept when idle; 0: twice the cores, at least 4
  uint32_t max_header_bytes = 64 * 1024;
  // Malformed requests tolerated from one address per window before its connections are refused.
  int malformed_per_window = 50;
  int malformed_window_seconds = 10;
  int shutdown_grace_seconds = 30;
};

class Server {
 public:
  Server(ServerOptions options, Handler handler, Metrics& metrics);
  ~Server();
  void start();  // binds and listens; throws std::runtime_error when the address is taken
  void stop();   // stops accepting, lets in-flight requests finish, closes idle connections
  uint16_t port() const;
  int workers() const;  // worker threads now (they grow while handlers block)

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wharf::net
