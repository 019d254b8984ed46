#include "net/socket_io.h"

#include <poll.h>
#include <sys/sendfile.h>
#include <sys/socket.h>

#include <array>
#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/status.hpp>
#include <cerrno>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "core/clock.h"
#include "core/error.h"

namespace wharf::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

constexpr size_t kIoChunk = 256 * 1024;

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

// Sends `length` bytes of a file from `offset` without copying them through user space.
uint64_t send_file_slice(int sock_fd, const FileSlice& slice) {
  off_t off = static_cast<off_t>(slice.offset);
  uint64_t left = slice.length;
  while (left > 0) {
    ssize_t n = ::sendfile(sock_fd, slice.fd, &off, std::min<uint64_t>(left, 1u << 30));
    if (n > 0) {
      left -= static_cast<uint64_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd p{sock_fd, POLLOUT, 0};
      if (::poll(&p, 1, -1) >= 0 || errno == EINTR) continue;
    }
    throw std::runtime_error("sendfile failed");
  }
  return slice.length;
}

}  // namespace

size_t SocketBody::read(char* out, size_t n) {
  while (!parser_.is_done()) {
    send_continue();
    parser_.set_output(out, n);
    beast::error_code ec;
    http::read(sock_, buf_, parser_, ec);
    if (ec == http::error::need_buffer) ec = {};
    if (ec)
      throw core::Error("IncompleteBody", 400, "The request body ended early: " + ec.message());
    size_t got = n - parser_.output_left();
    bytes_ += got;
    if (got) return got;
  }
  return 0;
}

void SocketBody::send_continue() {
  if (!expect_continue_) return;
  static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
  asio::write(sock_, asio::buffer(kContinue.data(), kContinue.size()));
  expect_continue_ = false;
}

uint64_t write_response(asio::ip::tcp::socket& sock, Response& res, bool close) {
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
      sent += send_file_slice(sock.native_handle(), *slice);
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

}  // namespace wharf::net
