#include "net/http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

namespace wharf::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct HttpClient::Impl {
  std::string host;
  uint16_t port;
  asio::io_context io;
  tcp::socket sock{io};
  beast::flat_buffer buf;
  bool connected = false;

  void connect() {
    beast::error_code ec;
    sock.close(ec);
    sock = tcp::socket(io);
    tcp::resolver resolver(io);
    asio::connect(sock, resolver.resolve(host, std::to_string(port)));
    sock.set_option(tcp::no_delay(true));
    buf.clear();
    connected = true;
  }

  ClientResponse exchange(const std::string& method, const std::string& target,
                          const Headers& headers, const std::string& body, core::ByteSource* stream,
                          uint64_t length, BodySink* sink) {
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    for (const auto& [n, v] : headers) req.set(n, v);
    if (stream) {
      req.set(http::field::content_length, std::to_string(length));
      http::request_serializer<http::string_body> sr{req};
      http::write_header(sock, sr);
      std::unique_ptr<char[]> chunk(new char[1 << 20]);
      for (uint64_t sent = 0; sent < length;) {
        size_t n = stream->read(chunk.get(), std::min<uint64_t>(1 << 20, length - sent));
        if (n == 0) throw std::runtime_error("request body stream ended early");
        asio::write(sock, asio::buffer(chunk.get(), n));
        sent += n;
      }
    } else {
      req.body() = body;
      if (!body.empty() || method == "PUT" || method == "POST") req.prepare_payload();
      http::write(sock, req);
    }
    http::response_parser<http::buffer_body> parser;
    parser.body_limit(boost::none);
    if (method == "HEAD") parser.skip(true);
    http::read_header(sock, buf, parser);
    ClientResponse res;
    res.status = static_cast<int>(parser.get().result_int());
    for (const auto& f : parser.get()) {
      std::string name(f.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      res.headers.emplace_back(std::move(name), std::string(f.value()));
    }
    std::unique_ptr<char[]> chunk(new char[1 << 20]);
    if (sink && !parser.is_done() && !parser.chunked() && parser.content_length()) {
      // A body of known length to a sink: straight from the socket, without the parser's copy
      // (this is what lets a benchmark client keep up with a server at loopback speed).
      uint64_t left = *parser.content_length();
      size_t buffered = static_cast<size_t>(std::min<uint64_t>(buf.size(), left));
      if (buffered)
        sink->write(static_cast<const char*>(buf.data().data()), buffered);  // flat: one piece
      buf.consume(buffered);
      left -= buffered;
      res.body_bytes = buffered;
      while (left > 0) {
        size_t n = sock.read_some(
            asio::buffer(chunk.get(), static_cast<size_t>(std::min<uint64_t>(left, 1 << 20))));
        sink->write(chunk.get(), n);
        left -= n;
        res.body_bytes += n;
      }
      if (!parser.get().keep_alive()) connected = false;
      return res;
    }
    while (!parser.is_done()) {
      parser.get().body().data = chunk.get();
      parser.get().body().size = 1 << 20;
      beast::error_code ec;
      http::read(sock, buf, parser, ec);
      if (ec && ec != http::error::need_buffer) throw beast::system_error(ec);
      size_t got = (1 << 20) - parser.get().body().size;
      res.body_bytes += got;
      if (sink)
        sink->write(chunk.get(), got);
      else
        res.body.append(chunk.get(), got);
    }
    if (!parser.get().keep_alive()) connected = false;
    return res;
  }
};

HttpClient::HttpClient(std::string host, uint16_t port) : impl_(std::make_unique<Impl>()) {
  impl_->host = std::move(host);
  impl_->port = port;
}

HttpClient::~HttpClient() = default;

ClientResponse HttpClient::send(const std::string& method, const std::string& target,
                                const Headers& headers, const std::string& body,
                                core::ByteSource* stream, uint64_t body_length, BodySink* sink) {
  bool fresh = !impl_->connected;
  if (fresh) impl_->connect();
  try {
    return impl_->exchange(method, target, headers, body, stream, body_length, sink);
  } catch (const std::exception&) {
    impl_->connected = false;  // the connection's state is unknown: never reuse it
    // The server may have closed an idle keep-alive connection: retry once on a new one, unless
    // the connection was new or a streamed body was already partly consumed.
    if (fresh || stream) throw;
  }
  impl_->connect();
  try {
    return impl_->exchange(method, target, headers, body, stream, body_length, sink);
  } catch (const std::exception&) {
    impl_->connected = false;
    throw;
  }
}

}  // namespace wharf::net
