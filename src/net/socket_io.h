// A request body read from, and a response written to, a connection's socket. Part of the server,
// kept apart from its connection handling; includes Beast, so only src/net includes it.
//
// The socket is in non-blocking mode (the server waits for requests with epoll), and Asio's
// synchronous operations then wait in poll(2) when the socket is not ready: a handler that reads a
// body or writes a response simply blocks its worker, as with a blocking socket.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <cstdint>
#include <string_view>

#include "core/byte_source.h"
#include "net/http.h"
#include "net/request_parser.h"

namespace wharf::net {

// Reads a request body from the socket on demand, sending "100 Continue" first when the client
// asked for it (boto3 and the AWS CLI do for uploads), so a request rejected before its body is
// read never makes the client send the body.
class SocketBody : public core::ByteSource {
 public:
  SocketBody(boost::asio::ip::tcp::socket& sock, boost::beast::flat_buffer& buf,
             RequestParser& parser, bool expect_continue)
      : sock_(sock), buf_(buf), parser_(parser), expect_continue_(expect_continue) {}

  size_t read(char* out, size_t n) override;
  // botocore keeps an early final response's status line on its pooled connection and misreads
  // the next response unless the interim 100 came first, so a connection that stays open always
  // gets it, even when there was no body to wait for (Content-Length: 0).
  void send_continue();
  bool done() const { return parser_.is_done(); }
  bool continue_pending() const { return expect_continue_; }
  uint64_t bytes() const { return bytes_; }

 private:
  boost::asio::ip::tcp::socket& sock_;
  boost::beast::flat_buffer& buf_;
  RequestParser& parser_;
  bool expect_continue_;
  uint64_t bytes_ = 0;
};

// Writes the response, with "Connection: close" when `close`; returns the body bytes sent.
uint64_t write_response(boost::asio::ip::tcp::socket& sock, Response& res, bool close);

// A short text/plain answer for failures below the services (malformed HTTP, handler crashes).
Response plain_error(int status, std::string_view text);

}  // namespace wharf::net
