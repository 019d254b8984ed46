#include "net/server.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/sendfile.h>
#include <sys/socket.h>

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
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

namespace wharf::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr size_t kIoChunk = 256 * 1024;

// Reads a request body from the socket on demand, sending "100 Continue" first when the client
// asked for it (boto3 and the AWS CLI do for uploads), so a request rejected before its body is
// read never makes the client send the body.
class SocketBody : public core::ByteSource {
 public:
  SocketBody(tcp::socket& sock, beast::flat_buffer& buf,
             http::request_parser<http::buffer_body>& parser, bool expect_continue)
      : sock_(sock), buf_(buf), parser_(parser), expect_continue_(expect_continue) {}

  size_t read(char* out, size_t n) override {
    while (!parser_.is_done()) {
      send_continue();
      auto& body = parser_.get().body();
      body.data = out;
      body.size = n;
      beast::error_code ec;
      http::read(sock_, buf_, parser_, ec);
      if (ec == http::error::need_buffer) ec = {};
      if (ec)
        throw core::Error("IncompleteBody", 400, "The request body ended early: " + ec.message());
      size_t got = n - body.size;
      bytes_ += got;
      if (got) return got;
    }
    return 0;
  }
  // botocore keeps an early final response's status line on its pooled connection and misreads
  // the next response unless the interim 100 came first, so a connection that stays open always
  // gets it, even when there was no body to wait for (Content-Length: 0).
  void send_continue() {
    if (!expect_continue_) return;
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    asio::write(sock_, asio::buffer(kContinue.data(), kContinue.size()));
    expect_continue_ = false;
  }
  bool done() const { return parser_.is_done(); }
  bool continue_pending() const { return expect_continue_; }
  uint64_t bytes() const { return bytes_; }

 private:
  tcp::socket& sock_;
  beast::flat_buffer& buf_;
  http::request_parser<http::buffer_body>& parser_;
  bool expect_continue_;
  uint64_t bytes_ = 0;
};

// The Date header changes once a second; format it once a second, not per response.
std::string cached_http_date() {
  thread_local int64_t last_second = -1;
  thread_local std::string text;
  int64_t now = core::now_millis();
  if (now / 1000 != last_second) {
    last_second = now / 1000;
    text = core::http_date(now);
  }
  return text;
}

bool status_has_body(int status) { return status >= 200 && status != 204 && status != 304; }

// The response's status line and headers as one string. Beast's serializer would first copy each
// header into its own field list, an allocation apiece, to send the same bytes.
std::string response_head(const Response& res, bool close, std::optional<uint64_t> length) {
  std::string h;
  h.reserve(256);
  h += "HTTP/1.1 ";
  h += std::to_string(res.status);
  h += ' ';
  h += http::obsolete_reason(static_cast<http::status>(res.status));
  h += "\r\nServer: wharf\r\nDate: ";
  h += cached_http_date();
  h += "\r\n";
  for (const auto& [name, value] : res.headers) append_header_line(h, name, value);
  if (length) {
    h += "Content-Length: ";
    h += std::to_string(*length);
    h += "\r\n";
  }
  if (close) h += "Connection: close\r\n";
  h += "\r\n";
  return h;
}

// Writes the response; returns the number of body bytes sent.
uint64_t write_response(tcp::socket& sock, Response& res, bool close) {
  if (!res.stream) {
    bool with_body = !res.head && status_has_body(res.status);
    std::optional<uint64_t> length;
    if (res.head) length = res.content_length;
    if (with_body) length = res.body.size();
    std::string head = response_head(res, close, length);
    std::array<asio::const_buffer, 2> parts{
        asio::buffer(head), asio::buffer(res.body.data(), with_body ? res.body.size() : 0)};
    asio::write(sock, parts);  // one sendmsg for head and body
    return with_body ? res.body.size() : 0;
  }
  std::string head = response_head(res, close, res.content_length);
  // MSG_MORE: the body follows at once, so the head need not leave as a packet of its own.
  for (size_t at = 0; at < head.size();)
    at += sock.send(asio::buffer(head.data() + at, head.size() - at),
                    res.content_length > 0 ? MSG_MORE : 0);
  uint64_t sent = 0;
  std::unique_ptr<char[]> buf;
  while (sent < res.content_length) {
    if (auto slice = res.stream->next_file_slice()) {
      off_t off = static_cast<off_t>(slice->offset);
      uint64_t left = slice->length;
      while (left > 0) {
        ssize_t n =
            ::sendfile(sock.native_handle(), slice->fd, &off, std::min<uint64_t>(left, 1u << 30));
        if (n <= 0) {
          if (n < 0 && errno == EINTR) continue;
          throw std::runtime_error("sendfile failed");
        }
        left -= static_cast<uint64_t>(n);
        sent += static_cast<uint64_t>(n);
      }
      continue;
    }
    // Sized to the body: a 256 KiB allocation per small response would be an mmap and munmap.
    size_t chunk = static_cast<size_t>(std::min<uint64_t>(kIoChunk, res.content_length));
    if (!buf) buf.reset(new char[chunk]);
    size_t n = res.stream->read(buf.get(), std::min<uint64_t>(chunk, res.content_length - sent));
    if (n == 0) throw std::runtime_error("response stream ended before Content-Length");
    asio::write(sock, asio::buffer(buf.get(), n));
    sent += n;
  }
  return sent;
}

Response plain_error(int status, std::string_view text) {
  Response r;
  r.status = status;
  r.set("Content-Type", "text/plain");
  r.body = std::string(text) + "\n";
  return r;
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  Handler handler;
  Metrics& metrics;
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::thread accept_thread;

  struct Conn {
    tcp::socket sock;
    bool idle = true;
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
      : options(std::move(o)), handler(std::move(h)), metrics(m) {}

  void strike(const std::string& addr) {
    std::lock_guard lock(mu);
    int64_t now = core::now_millis() / 1000;
    auto& s = malformed[addr];
    if (now - s.window_start >= options.malformed_window_seconds) s = {now, 0};
    ++s.count;
    if (malformed.size() > 10000) malformed.clear();  // bound memory under address churn
  }

  // Marks the connection idle between requests; false when the server is stopping.
  bool set_idle(Conn& c, bool idle) {
    std::lock_guard lock(mu);
    c.idle = idle;
    return !stopping;
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
      std::string addr = sock.remote_endpoint(ec).address().to_string();
      auto* conn = new Conn{std::move(sock)};
      {
        std::lock_guard lock(mu);
        if (static_cast<int>(conns.size()) >= options.max_connections || refused_locked(addr)) {
          delete conn;
          continue;
        }
        conns.push_back(conn);
      }
      metrics.connection_opened();
      std::thread([this, conn, addr] { serve(*conn, addr); }).detach();
    }
  }

  bool refused_locked(const std::string& addr) {
    auto it = malformed.find(addr);
    return it != malformed.end() && it->second.count >= options.malformed_per_window &&
           core::now_millis() / 1000 - it->second.window_start < options.malformed_window_seconds;
  }

  void serve(Conn& conn, const std::string& addr) {
    try {
      serve_requests(conn, addr);
    } catch (const std::exception& e) {
      spdlog::debug("connection from {} ended: {}", addr, e.what());
    }
    beast::error_code ec;
    conn.sock.shutdown(tcp::socket::shutdown_both, ec);
    conn.sock.close(ec);
    metrics.connection_closed();
    std::lock_guard lock(mu);
    conns.remove(&conn);
    delete &conn;
    cv.notify_all();
  }

  void serve_requests(Conn& conn, const std::string& addr) {
    tcp::socket& sock = conn.sock;
    sock.set_option(tcp::no_delay(true));
    beast::flat_buffer buf;
    buf.reserve(kReadBufferBytes);
    for (;;) {
      if (!set_idle(conn, true)) return;
      http::request_parser<http::buffer_body> parser;
      parser.header_limit(options.max_header_bytes);
      parser.body_limit(boost::none);  // services enforce their own size limits
      beast::error_code ec;
      http::read_header(sock, buf, parser, ec);
      if (ec == http::error::end_of_stream || ec == asio::error::eof ||
          ec == asio::error::connection_reset || ec == asio::error::operation_aborted ||
          ec == asio::error::bad_descriptor)
        return;
      set_idle(conn, false);
      if (ec) {
        strike(addr);
        bool too_big = ec == http::error::header_limit;
        Response r = plain_error(too_big ? 431 : 400, too_big ? "Request header fields too large"
                                                              : "Malformed HTTP request");
        write_response(sock, r, true);
        return;
      }
      auto start = std::chrono::steady_clock::now();
      auto& msg = parser.get();
      Request req;
      req.method = std::string(msg.method_string());
      req.target = std::string(msg.target());
      size_t q = req.target.find('?');
      req.path = req.target.substr(0, q);
      if (q != std::string::npos) req.query = req.target.substr(q + 1);
      req.headers.reserve(16);
      for (const auto& f : msg) {
        std::string name(f.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        req.headers.emplace_back(std::move(name), std::string(f.value()));
      }
      req.remote_address = addr;
      if (!parser.chunked()) req.content_length = parser.content_length().value_or(0);
      bool expect_continue = beast::iequals(msg[http::field::expect], "100-continue");
      SocketBody body(sock, buf, parser, expect_continue);
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
      bool close = !msg.keep_alive();
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
      uint64_t sent = write_response(sock, res, close);
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      metrics.record(info.api, info.operation, res.status, secs, body.bytes(), sent);
      if (close) return;
    }
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
  impl_->accept_thread = std::thread([this] { impl_->accept_loop(); });
}

uint16_t Server::port() const { return impl_->acceptor.local_endpoint().port(); }

void Server::stop() {
  if (!impl_->accept_thread.joinable()) return;
  {
    std::lock_guard lock(impl_->mu);
    impl_->stopping = true;
    // Wake the blocked accept() and every connection waiting for its next request.
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
}

}  // namespace wharf::net
