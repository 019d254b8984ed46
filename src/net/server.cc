#include "net/server.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <list>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "core/clock.h"
#include "core/error.h"
#include "core/log.h"
#include "net/read_buffer.h"
#include "net/ready_pool.h"
#include "net/socket_io.h"

namespace wharf::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct Server::Impl {
  ServerOptions options;
  Handler handler;
  Metrics& metrics;
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::thread accept_thread;
  ReadyPool pool;

  struct Conn : ReadyPool::Entry {
    explicit Conn(tcp::socket s) : sock(std::move(s)) { fd = sock.native_handle(); }
    tcp::socket sock;
    std::string addr;
    beast::flat_buffer buf;
    std::optional<RequestParser> parser;  // of the request being received
    std::list<Conn*>::iterator in_list;
    bool idle = true;  // between requests; guarded by mu
  };
  std::mutex mu;
  std::condition_variable cv;
  std::list<Conn*> conns;
  bool stopping = false;
  struct Strikes {
    int64_t window_start = 0;
    int count = 0;
  };
  std::unordered_map<std::string, Strikes> malformed;

  Impl(ServerOptions o, Handler h, Metrics& m)
      : options(std::move(o)),
        handler(std::move(h)),
        metrics(m),
        pool(ReadyPoolOptions{.base_workers = options.workers,
                              .max_workers = options.max_connections,
                              .on_workers_changed = [&m](int d) { m.workers_changed(d); }},
             [this](ReadyPool::Entry* c) { on_ready(*static_cast<Conn*>(c)); }) {}

  void strike(const std::string& addr) {
    std::lock_guard lock(mu);
    int64_t now = core::now_millis() / 1000;
    auto& s = malformed[addr];
    if (now - s.window_start >= options.malformed_window_seconds) s = {now, 0};
    ++s.count;
    if (malformed.size() > 10000) malformed.clear();  // bound memory under address churn
  }

  bool refused_locked(const std::string& addr) {
    auto it = malformed.find(addr);
    return it != malformed.end() && it->second.count >= options.malformed_per_window &&
           core::now_millis() / 1000 - it->second.window_start < options.malformed_window_seconds;
  }

  void accept_loop() {
    for (;;) {
      tcp::socket sock{io};
      beast::error_code ec;
      acceptor.accept(sock, ec);
      {
        std::lock_guard lock(mu);
        if (stopping) return;
      }
      if (ec) {
        if (ec == asio::error::no_descriptors)
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
        continue;
      }
      auto conn = std::make_unique<Conn>(std::move(sock));
      conn->addr = conn->sock.remote_endpoint(ec).address().to_string();
      conn->sock.set_option(tcp::no_delay(true), ec);
      // Workers wait for requests in epoll; Asio's synchronous reads and writes then wait in
      // poll(2) when the socket is not ready, so handlers still see a blocking socket.
      conn->sock.native_non_blocking(true, ec);
      if (ec) continue;
      {
        std::lock_guard lock(mu);
        if (static_cast<int>(conns.size()) >= options.max_connections || refused_locked(conn->addr))
          continue;
        conn->in_list = conns.insert(conns.end(), conn.get());
      }
      metrics.connection_opened();
      conn->buf.reserve(kReadBufferBytes);
      Conn* c = conn.release();
      try {
        pool.add(c);
      } catch (const std::exception& e) {
        spdlog::warn("connection from {} dropped: {}", c->addr, e.what());
        close(*c);
      }
    }
  }

  // A worker holds the connection from its epoll event until it rearms or closes it.
  void on_ready(Conn& c) {
    bool keep = false;
    try {
      keep = serve_ready(c);
    } catch (const std::exception& e) {
      spdlog::debug("connection from {} ended: {}", c.addr, e.what());
    }
    if (keep) {
      try {
        pool.rearm(&c);
        return;
      } catch (const std::exception& e) {
        spdlog::warn("connection from {} dropped: {}", c.addr, e.what());
      }
    }
    close(c);
  }

  void close(Conn& c) {
    pool.remove(&c);
    {
      // Out of the list before the descriptor is closed: stop() shuts down listed ones.
      std::lock_guard lock(mu);
      conns.erase(c.in_list);
      cv.notify_all();
    }
    beast::error_code ec;
    c.sock.shutdown(tcp::socket::shutdown_both, ec);
    c.sock.close(ec);
    metrics.connection_closed();
    delete &c;
  }

  enum class Header { kComplete, kNeedMore, kClosed, kMalformed };

  // Parses the next request's header from what is buffered and, when `may_read`, from what the
  // socket has without waiting. A header that arrives in pieces is parsed across several
  // events, so a slow client holds no worker while it sends it.
  Header read_header(Conn& c, bool may_read, beast::error_code& ec) {
    RequestParser& parser = *c.parser;
    for (;;) {
      if (c.buf.size() > 0) {
        c.buf.consume(parser.put(c.buf.data(), ec));
        if (!ec) {
          if (parser.is_header_done()) return Header::kComplete;
          continue;
        }
        if (ec != http::error::need_more) return Header::kMalformed;
        ec = {};
      }
      if (!may_read) return Header::kNeedMore;
      auto space = c.buf.prepare(std::max<size_t>(512, c.buf.capacity() - c.buf.size()));
      ssize_t n = ::recv(c.sock.native_handle(), space.data(), space.size(), 0);
      if (n > 0) {
        c.buf.commit(static_cast<size_t>(n));
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return Header::kNeedMore;
      if (n == 0 && parser.got_some()) {
        ec = http::error::partial_message;
        return Header::kMalformed;
      }
      return Header::kClosed;  // end of stream between requests, or a reset
    }
  }

  // Serves the requests the connection has ready; true to wait for more, false to close it.
  bool serve_ready(Conn& c) {
    bool may_read = true;  // the event says the socket has input
    for (;;) {
      if (!c.parser) {
        c.parser.emplace();
        c.parser->header_limit(options.max_header_bytes);
        c.parser->body_limit(boost::none);  // services enforce their own size limits
      }
      beast::error_code ec;
      Header state = read_header(c, may_read, ec);
      if (state == Header::kClosed) return false;
      if (state == Header::kNeedMore) {
        std::lock_guard lock(mu);
        c.idle = true;
        return !stopping;
      }
      {
        std::lock_guard lock(mu);
        // A header cut short because stop() shut the connection down is no client's fault.
        if (stopping && ec == http::error::partial_message) return false;
        c.idle = false;
      }
      if (state == Header::kMalformed) {
        strike(c.addr);
        bool too_big = ec == http::error::header_limit;
        Response r = plain_error(too_big ? 431 : 400, too_big ? "Request header fields too large"
                                                              : "Malformed HTTP request");
        write_response(c.sock, r, true);
        return false;
      }
      bool close = serve_request(c);
      c.parser.reset();
      if (close) return false;
      // A pipelined request may already be buffered; otherwise the socket is very likely empty
      // (the client is reading this response), so wait for the next event without a recv.
      may_read = false;
    }
  }

  // Runs the handler on the request whose header has been parsed and writes its response;
  // true when the connection must close afterwards.
  bool serve_request(Conn& c) {
    auto start = std::chrono::steady_clock::now();
    RequestParser& parser = *c.parser;
    Request req;
    req.method = std::move(parser.method);
    req.target = std::move(parser.target);
    size_t q = req.target.find('?');
    req.path = req.target.substr(0, q);
    if (q != std::string::npos) req.query = req.target.substr(q + 1);
    req.headers = std::move(parser.headers);
    req.remote_address = c.addr;
    if (!parser.chunked()) req.content_length = parser.content_length().value_or(0);
    bool expect_continue = beast::iequals(req.header("expect"), "100-continue");
    SocketBody body(c.sock, c.buf, parser, expect_continue);
    req.body = &body;

    RequestInfo info;
    Response res;
    try {
      res = handler(req, info);
    } catch (const core::Error& e) {
      res = plain_error(e.http_status(), e.what());
    } catch (const std::exception& e) {
      spdlog::error("unhandled error in {} {}: {}", req.method, req.target, e.what());
      res = plain_error(500, "Internal error");
    }
    // A body the handler did not read must not be parsed as the next request. Small leftovers
    // are drained; large ones, or ones the client has not sent yet (100-continue), close.
    bool close = !parser.keep_alive();
    if (!body.done()) {
      if (body.continue_pending() || !req.content_length ||
          *req.content_length - body.bytes() > 1024 * 1024) {
        close = true;
      } else {
        try {
          char sink[16384];
          while (body.read(sink, sizeof sink)) {
          }
        } catch (const std::exception&) {
          close = true;
        }
      }
    }
    {
      std::lock_guard lock(mu);
      if (stopping) close = true;
    }
    if (!close && body.done()) body.send_continue();
    res.head = res.head || req.method == "HEAD";
    uint64_t sent = write_response(c.sock, res, close);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    metrics.record(info.api, info.operation, res.status, secs, body.bytes(), sent);
    return close;
  }
};

Server::Server(ServerOptions options, Handler handler, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), metrics)) {}

Server::~Server() { stop(); }

void Server::start() {
  tcp::endpoint ep{asio::ip::make_address(impl_->options.host), impl_->options.port};
  impl_->acceptor.open(ep.protocol());
  impl_->acceptor.set_option(asio::socket_base::reuse_address(true));
  beast::error_code ec;
  impl_->acceptor.bind(ep, ec);
  if (ec)
    throw std::runtime_error("cannot listen on " + impl_->options.host + ":" +
                             std::to_string(impl_->options.port) + ": " + ec.message());
  impl_->acceptor.listen(asio::socket_base::max_listen_connections);
  impl_->pool.start();
  impl_->accept_thread = std::thread([this] { impl_->accept_loop(); });
}

uint16_t Server::port() const { return impl_->acceptor.local_endpoint().port(); }

int Server::workers() const { return impl_->pool.workers(); }

void Server::stop() {
  if (!impl_->accept_thread.joinable()) return;
  {
    std::lock_guard lock(impl_->mu);
    impl_->stopping = true;
    // Wake the blocked accept(), and end every connection waiting for its next request: its
    // worker, or the next one to take its event, then reads the end of the stream.
    ::shutdown(impl_->acceptor.native_handle(), SHUT_RDWR);
    for (auto* c : impl_->conns)
      if (c->idle) ::shutdown(c->sock.native_handle(), SHUT_RD);
  }
  impl_->accept_thread.join();
  beast::error_code ec;
  impl_->acceptor.close(ec);
  std::unique_lock lock(impl_->mu);
  impl_->cv.wait_for(lock, std::chrono::seconds(impl_->options.shutdown_grace_seconds),
                     [this] { return impl_->conns.empty(); });
  for (auto* c : impl_->conns)
    ::shutdown(c->sock.native_handle(), SHUT_RDWR);  // past the grace period
  impl_->cv.wait_for(lock, std::chrono::seconds(2), [this] { return impl_->conns.empty(); });
  lock.unlock();
  impl_->pool.stop();
}

}  // namespace wharf::net
