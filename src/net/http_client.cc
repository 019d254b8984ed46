#include "net/http_client.h"

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "net/read_buffer.h"

namespace wharf::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct HttpClient::Impl {
  std::string host;
  uint16_t port;
  TlsOptions tls_options;
  asio::io_context io;
  tcp::socket sock{io};
  std::unique_ptr<asio::ssl::context> tls_context;
  std::unique_ptr<asio::ssl::stream<tcp::socket&>> tls;  // over `sock`, when https
  beast::flat_buffer buf;
  bool connected = false;
  bool answered = false;  // the current exchange has read a response's status line
  // Bodies move through one buffer per client, allocated at first use: a fresh 1 MiB buffer per
  // request was an mmap and munmap each time, whose TLB shootdowns interrupted every core.
  static constexpr size_t kChunk = 1 << 20;
  std::unique_ptr<char[]> chunk_buf;
  char* chunk() {
    if (!chunk_buf) chunk_buf.reset(new char[kChunk]);
    return chunk_buf.get();
  }

  void connect() {
    beast::error_code ec;
    tls.reset();
    sock.close(ec);
    sock = tcp::socket(io);
    tcp::resolver resolver(io);
    asio::connect(sock, resolver.resolve(host, std::to_string(port)));
    sock.set_option(tcp::no_delay(true));
    buf.clear();
    buf.reserve(kReadBufferBytes);
    if (tls_options.enabled) handshake();
    connected = true;
  }

  void handshake() {
    if (!tls_context) {
      auto ctx = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_client);
      beast::error_code ec;
      if (tls_options.ca_file.empty())
        ctx->set_default_verify_paths(ec);
      else
        ctx->load_verify_file(tls_options.ca_file, ec);
      if (ec)
        throw TransportError(
            "cannot load the CA certificates" +
            (tls_options.ca_file.empty() ? std::string() : " of " + tls_options.ca_file) + ": " +
            ec.message());
      ctx->set_verify_mode(asio::ssl::verify_peer);
      tls_context = std::move(ctx);
    }
    tls = std::make_unique<asio::ssl::stream<tcp::socket&>>(sock, *tls_context);
    tls->set_verify_callback(asio::ssl::host_name_verification(host));
    if (!SSL_set_tlsext_host_name(tls->native_handle(), host.c_str()))  // SNI
      throw beast::system_error(
          beast::error_code(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category()));
    tls->handshake(asio::ssl::stream_base::client);
  }

  ClientResponse exchange(const std::string& method, const std::string& target,
                          const Headers& headers, const std::string& body, core::ByteSource* stream,
                          uint64_t length, BodySink* sink) {
    answered = false;
    if (tls) return exchange_on(*tls, method, target, headers, body, stream, length, sink);
    return exchange_on(sock, method, target, headers, body, stream, length, sink);
  }

  template <class Stream>
  ClientResponse exchange_on(Stream& s, const std::string& method, const std::string& target,
                             const Headers& headers, const std::string& body,
                             core::ByteSource* stream, uint64_t length, BodySink* sink) {
    // The head is written by hand and goes out with a string body in one gather write: Beast's
    // request object would copy every header into its field list and the body into the message.
    bool with_length = stream || !body.empty() || method == "PUT" || method == "POST";
    std::string head;
    head.reserve(512);
    head += method;
    head += ' ';
    head += target;
    head += " HTTP/1.1\r\n";
    for (const auto& [n, v] : headers)
      if (!beast::iequals(n, "content-length")) append_header_line(head, n, v);
    if (with_length)
      append_header_line(head, "Content-Length", std::to_string(stream ? length : body.size()));
    head += "\r\n";
    if (stream) {
      asio::write(s, asio::buffer(head));
      for (uint64_t sent = 0; sent < length;) {
        size_t n = stream->read(chunk(), std::min<uint64_t>(kChunk, length - sent));
        if (n == 0) throw std::runtime_error("request body stream ended early");
        asio::write(s, asio::buffer(chunk(), n));
        sent += n;
      }
    } else {
      std::array<asio::const_buffer, 2> parts{asio::buffer(head), asio::buffer(body)};
      asio::write(s, parts);
    }
    http::response_parser<http::buffer_body> parser;
    parser.body_limit(boost::none);
    if (method == "HEAD") parser.skip(true);
    http::read_header(s, buf, parser);
    answered = true;
    ClientResponse res;
    res.status = static_cast<int>(parser.get().result_int());
    for (const auto& f : parser.get()) {
      std::string name(f.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      res.headers.emplace_back(std::move(name), std::string(f.value()));
    }
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
        size_t n = s.read_some(
            asio::buffer(chunk(), static_cast<size_t>(std::min<uint64_t>(left, kChunk))));
        sink->write(chunk(), n);
        left -= n;
        res.body_bytes += n;
      }
      if (!parser.get().keep_alive()) connected = false;
      return res;
    }
    while (!parser.is_done()) {
      parser.get().body().data = chunk();
      parser.get().body().size = kChunk;
      beast::error_code ec;
      http::read(s, buf, parser, ec);
      if (ec && ec != http::error::need_buffer) throw beast::system_error(ec);
      size_t got = kChunk - parser.get().body().size;
      res.body_bytes += got;
      if (sink)
        sink->write(chunk(), got);
      else
        res.body.append(chunk(), got);
    }
    if (!parser.get().keep_alive()) connected = false;
    return res;
  }
};

HttpClient::HttpClient(std::string host, uint16_t port, TlsOptions tls)
    : impl_(std::make_unique<Impl>()) {
  impl_->host = std::move(host);
  impl_->port = port;
  impl_->tls_options = std::move(tls);
}

HttpClient::~HttpClient() = default;

ClientResponse HttpClient::send(const std::string& method, const std::string& target,
                                const Headers& headers, const std::string& body,
                                core::ByteSource* stream, uint64_t body_length, BodySink* sink) {
  // Transport errors leave as TransportError("connect: Connection refused"): Boost's own
  // what() carries source locations that mean nothing to a user.
  auto attempt = [&] {
    try {
      return impl_->exchange(method, target, headers, body, stream, body_length, sink);
    } catch (const boost::system::system_error& e) {
      impl_->connected = false;  // the connection's state is unknown: never reuse it
      throw TransportError(e.code().message());
    } catch (...) {
      impl_->connected = false;
      throw;
    }
  };
  auto connect = [&] {
    try {
      impl_->connect();
    } catch (const boost::system::system_error& e) {
      impl_->connected = false;
      throw TransportError("connect: " + e.code().message());
    }
  };
  bool fresh = !impl_->connected;
  if (fresh) connect();
  try {
    return attempt();
  } catch (const TransportError&) {
    // The server may have closed an idle keep-alive connection: retry once on a new one, unless
    // the connection was new, a streamed body was already partly consumed, or an answer had
    // begun (its body may be partly in the sink; the server has acted on the request).
    if (fresh || stream || impl_->answered) throw;
  }
  connect();
  return attempt();
}

}  // namespace wharf::net
