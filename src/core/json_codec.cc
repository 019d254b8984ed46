#include "core/json_codec.h"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include "core/encoding.h"
#include "core/error.h"

namespace wharf::core {
namespace {

// Builds Values from basic_parser events with an explicit stack (no recursion limit issues
// beyond the parser's own max_depth).
struct Builder {
  constexpr static std::size_t max_object_size = std::size_t(-1);
  constexpr static std::size_t max_array_size = std::size_t(-1);
  constexpr static std::size_t max_key_size = std::size_t(-1);
  constexpr static std::size_t max_string_size = std::size_t(-1);

  struct Frame {
    Value container;
    std::string pending_key;
  };
  std::vector<Frame> stack;
  std::string text;    // string or key being accumulated across parts
  std::string number;  // number text accumulated across parts
  Value result;

  void put(Value v) {
    if (stack.empty()) {
      result = std::move(v);
      return;
    }
    Frame& f = stack.back();
    if (f.container.is<List>())
      f.container.as<List>().push_back(std::move(v));
    else
      f.container.as<Map>().insert_or_assign(std::move(f.pending_key), std::move(v));
  }
  bool put_number(std::string_view s, boost::system::error_code& ec) {
    number.append(s.data(), s.size());
    auto d = Decimal::parse(number);
    number.clear();
    if (!d) {
      ec = boost::json::error::syntax;
      return false;
    }
    put(Value(std::move(*d)));
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
    stack.push_back({Value(List{}), {}});
    return true;
  }
  bool on_array_end(std::size_t, boost::system::error_code&) { return close(); }
  bool close() {
    Value v = std::move(stack.back().container);
    stack.pop_back();
    put(std::move(v));
    return true;
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
  bool on_string(std::string_view s, std::size_t, boost::system::error_code&) {
    text.append(s);
    put(Value(std::move(text)));
    text.clear();
    return true;
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
  bool on_bool(bool b, boost::system::error_code&) {
    put(Value(b));
    return true;
  }
  bool on_null(boost::system::error_code&) {
    put(Value());
    return true;
  }
  bool on_comment_part(std::string_view, boost::system::error_code&) { return true; }
  bool on_comment(std::string_view, boost::system::error_code&) { return true; }
};

void write_string(std::string& out, std::string_view s) {
  out += boost::json::serialize(boost::json::string_view(s.data(), s.size()));
}

void write(std::string& out, const Value& v) {
  switch (v.type()) {
    case Value::Type::kNull:
      out += "null";
      break;
    case Value::Type::kBool:
      out += v.as<bool>() ? "true" : "false";
      break;
    case Value::Type::kNumber:
      out += v.as<Decimal>().to_string();
      break;
    case Value::Type::kString:
      write_string(out, v.as<std::string>());
      break;
    case Value::Type::kBinary:
      write_string(out, base64_encode(v.as<Binary>().bytes));
      break;
    case Value::Type::kList: {
      out += '[';
      bool first = true;
      for (const auto& e : v.as<List>()) {
        if (!first) out += ',';
        first = false;
        write(out, e);
      }
      out += ']';
      break;
    }
    case Value::Type::kMap: {
      out += '{';
      bool first = true;
      for (const auto& [k, e] : v.as<Map>()) {
        if (!first) out += ',';
        first = false;
        write_string(out, k);
        out += ':';
        write(out, e);
      }
      out += '}';
      break;
    }
    case Value::Type::kStringSet:
      write(out, Value(List(v.as<StringSet>().items.begin(), v.as<StringSet>().items.end())));
      break;
    case Value::Type::kNumberSet:
      write(out, Value(List(v.as<NumberSet>().items.begin(), v.as<NumberSet>().items.end())));
      break;
    case Value::Type::kBinarySet:
      write(out, Value(List(v.as<BinarySet>().items.begin(), v.as<BinarySet>().items.end())));
      break;
  }
}

}  // namespace

Value parse_json(std::string_view text) {
  boost::json::basic_parser<Builder> parser{boost::json::parse_options{}};
  boost::system::error_code ec;
  size_t used = parser.write_some(false, text.data(), text.size(), ec);
  if (ec) throw Error("InvalidJson", 400, "Malformed JSON: " + ec.message());
  // The parser stops after one value; anything but whitespace after it is malformed input.
  if (text.substr(used).find_first_not_of(" \t\r\n") != std::string_view::npos)
    throw Error("InvalidJson", 400,
                "Malformed JSON: unexpected text after the value at offset " + std::to_string(used));
  return std::move(parser.handler().result);
}

std::string to_json(const Value& v) {
  std::string out;
  write(out, v);
  return out;
}

}  // namespace wharf::core
