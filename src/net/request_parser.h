// Beast's HTTP/1.1 request parser, delivering straight into net::Request's fields and the
// caller's body buffer. Beast's own `parser<true, buffer_body>` first keeps every header in its
// field list (an allocation per field) and the server then copied each out into the Request:
// about 3% of a small request's server time. Part of the server; only src/net includes it.
#pragma once

#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>
#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

#include "net/http.h"

namespace wharf::net {

class RequestParser : public boost::beast::http::basic_parser<true> {
 public:
  using error_code = boost::beast::error_code;

  std::string method, target;
  Headers headers;  // names lowercased, in the order received

  // Where body bytes go next; what is left of that space after a read.
  void set_output(char* out, size_t n) {
    out_ = out;
    out_left_ = n;
  }
  size_t output_left() const { return out_left_; }

 private:
  void on_request_impl(boost::beast::http::verb, boost::beast::string_view method_str,
                       boost::beast::string_view target_str, int, error_code&) override {
    method.assign(method_str);
    target.assign(target_str);
    headers.reserve(16);
  }
  void on_response_impl(int, boost::beast::string_view, int, error_code&) override {}
  void on_field_impl(boost::beast::http::field, boost::beast::string_view name,
                     boost::beast::string_view value, error_code&) override {
    auto& [lname, v] = headers.emplace_back(name, value);
    for (char& c : lname)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  void on_header_impl(error_code&) override {}
  void on_body_init_impl(const boost::optional<std::uint64_t>&, error_code&) override {}
  // As Beast's buffer_body: fill the caller's space, then ask for more with need_buffer.
  size_t on_body_impl(boost::beast::string_view body, error_code& ec) override {
    size_t n = std::min(body.size(), out_left_);
    if (n) std::memcpy(out_, body.data(), n);
    out_ += n;
    out_left_ -= n;
    if (n < body.size()) ec = boost::beast::http::error::need_buffer;
    return n;
  }
  void on_chunk_header_impl(std::uint64_t, boost::beast::string_view, error_code&) override {}
  size_t on_chunk_body_impl(std::uint64_t, boost::beast::string_view body,
                            error_code& ec) override {
    return on_body_impl(body, ec);
  }
  void on_finish_impl(error_code&) override {}

  char* out_ = nullptr;
  size_t out_left_ = 0;
};

}  // namespace wharf::net
