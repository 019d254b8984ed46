// The event handler behind parse_json (json_codec.cc) and the pipelines' streaming JSON readers
// (pipeline/formats/json_records.cc): one place that turns Boost.JSON parser events into Values.
// Include only where a boost::json::basic_parser is instantiated.
#pragma once

#include <boost/json/basic_parser_impl.hpp>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "core/value.h"

namespace wharf::core {

// Builds Values from Boost.JSON's basic_parser events with an explicit stack (no recursion
// beyond the parser's own max_depth). Numbers come from their raw text through Decimal::parse,
// never through a double. With array_mode, the *elements* of a top-level array are the values
// handed out, one at a time as each closes: what lets the pipelines' JsonArrayReader stream a
// file of any size. parse_json uses it with array_mode off.
struct JsonValueBuilder {
  constexpr static std::size_t max_object_size = std::size_t(-1);
  constexpr static std::size_t max_array_size = std::size_t(-1);
  constexpr static std::size_t max_key_size = std::size_t(-1);
  constexpr static std::size_t max_string_size = std::size_t(-1);

  struct Frame {
    Value container;
    std::string pending_key;
  };

  bool array_mode = false;  // the elements of a top-level array are the values handed out
  bool in_top_array = false;
  std::vector<Frame> stack;
  std::string text;    // string or key accumulated across parts
  std::string number;  // number text accumulated across parts
  std::deque<Value> ready;
  uint64_t emitted = 0;
  std::string reason;  // why a handler stopped the parser, when Boost's message would not say

  void clear() {
    in_top_array = false;
    stack.clear();
    text.clear();
    number.clear();
    ready.clear();
    reason.clear();
  }

  bool stop(std::string why, boost::system::error_code& ec) {
    reason = std::move(why);
    ec = boost::json::error::syntax;
    return false;
  }
  // A scalar where a document starts: fine for NDJSON, not for an array file.
  bool scalar_allowed(boost::system::error_code& ec) {
    if (array_mode && stack.empty() && !in_top_array)
      return stop("the top-level JSON value must be an array or an object", ec);
    return true;
  }
  void put(Value v) {
    if (stack.empty()) {
      ready.push_back(std::move(v));
      ++emitted;
      return;
    }
    Frame& f = stack.back();
    if (f.container.is<List>())
      f.container.as<List>().push_back(std::move(v));
    else
      f.container.as<Map>().insert_or_assign(std::move(f.pending_key), std::move(v));
  }
  bool put_scalar(Value v, boost::system::error_code& ec) {
    if (!scalar_allowed(ec)) return false;
    put(std::move(v));
    return true;
  }
  bool put_number(std::string_view s, boost::system::error_code& ec) {
    number.append(s);
    auto d = Decimal::parse(number);
    if (!d) {
      std::string shown = number.size() > 40 ? number.substr(0, 40) + "..." : number;
      number.clear();
      return stop("number " + shown + " has more than 1000 digits or an exponent out of range", ec);
    }
    number.clear();
    return put_scalar(Value(std::move(*d)), ec);
  }
  bool close() {
    Value v = std::move(stack.back().container);
    stack.pop_back();
    put(std::move(v));
    return true;
  }

  bool on_document_begin(boost::system::error_code&) { return true; }
  bool on_document_end(boost::system::error_code&) { return true; }
  bool on_object_begin(boost::system::error_code&) {
    stack.push_back({Value(Map{}), {}});
    return true;
  }
  bool on_object_end(std::size_t, boost::system::error_code&) { return close(); }
  bool on_array_begin(boost::system::error_code&) {
    if (array_mode && stack.empty() && !in_top_array) {
      in_top_array = true;  // the top-level array itself is not a value: its elements are
      return true;
    }
    stack.push_back({Value(List{}), {}});
    return true;
  }
  bool on_array_end(std::size_t, boost::system::error_code&) {
    if (stack.empty() && in_top_array) {
      in_top_array = false;
      return true;
    }
    return close();
  }
  bool on_key_part(std::string_view s, std::size_t, boost::system::error_code&) {
    text.append(s);
    return true;
  }
  bool on_key(std::string_view s, std::size_t, boost::system::error_code&) {
    text.append(s);
    stack.back().pending_key = std::move(text);
    text.clear();
    return true;
  }
  bool on_string_part(std::string_view s, std::size_t, boost::system::error_code&) {
    text.append(s);
    return true;
  }
  bool on_string(std::string_view s, std::size_t, boost::system::error_code& ec) {
    text.append(s);
    Value v(std::move(text));
    text.clear();
    return put_scalar(std::move(v), ec);
  }
  bool on_number_part(std::string_view s, boost::system::error_code&) {
    number.append(s);
    return true;
  }
  bool on_int64(std::int64_t, std::string_view s, boost::system::error_code& ec) {
    return put_number(s, ec);
  }
  bool on_uint64(std::uint64_t, std::string_view s, boost::system::error_code& ec) {
    return put_number(s, ec);
  }
  bool on_double(double, std::string_view s, boost::system::error_code& ec) {
    return put_number(s, ec);
  }
  bool on_bool(bool b, boost::system::error_code& ec) { return put_scalar(Value(b), ec); }
  bool on_null(boost::system::error_code& ec) { return put_scalar(Value(), ec); }
  bool on_comment_part(std::string_view, boost::system::error_code&) { return true; }
  bool on_comment(std::string_view, boost::system::error_code&) { return true; }
};

}  // namespace wharf::core
