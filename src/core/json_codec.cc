#include "core/json_codec.h"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include "core/encoding.h"
#include "core/error.h"
#include "core/json_value_builder.h"

namespace wharf::core {
namespace {

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
  boost::json::basic_parser<JsonValueBuilder> parser{boost::json::parse_options{}};
  boost::system::error_code ec;
  size_t used = parser.write_some(false, text.data(), text.size(), ec);
  if (ec) {
    const std::string& why = parser.handler().reason;
    throw Error("InvalidJson", 400, "Malformed JSON: " + (why.empty() ? ec.message() : why));
  }
  // The parser stops after one value; anything but whitespace after it is malformed input.
  if (text.substr(used).find_first_not_of(" \t\r\n") != std::string_view::npos)
    throw Error("InvalidJson", 400,
                "Malformed JSON: unexpected text after the value at offset " + std::to_string(used));
  return std::move(parser.handler().ready.front());
}

std::string to_json(const Value& v) {
  std::string out;
  write(out, v);
  return out;
}

}  // namespace wharf::core
