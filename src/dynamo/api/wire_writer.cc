#include "dynamo/api/wire_writer.h"

#include "core/encoding.h"
#include "dynamo/attribute_value.h"
#include "dynamo/item_codec.h"

namespace wharf::dynamo {

using core::Value;

void append_json_string(std::string& out, std::string_view s) {
  static const char* hex = "0123456789abcdef";
  out.push_back('"');
  size_t run = 0;  // start of the pending stretch that needs no escaping
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.substr(run, i - run));
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += "\\u00";
        out.push_back(hex[c >> 4]);
        out.push_back(hex[c & 15]);
    }
  }
  out.append(s.substr(run));
  out.push_back('"');
}

namespace {

void append_typed(std::string& out, const char* type) {
  out += "{\"";
  out += type;
  out += "\":";
}

void append_base64(std::string& out, std::string_view bytes) {
  out.push_back('"');
  out += core::base64_encode(bytes);
  out.push_back('"');
}

// One stored value, read from `r`, as wire JSON.
void transcode_value(std::string& out, ItemReader& r);

void transcode_item(std::string& out, ItemReader& r) {
  uint64_t n = r.varint();
  out.push_back('{');
  for (uint64_t i = 0; i < n; ++i) {
    if (i) out.push_back(',');
    append_json_string(out, r.bytes());
    out.push_back(':');
    transcode_value(out, r);
  }
  out.push_back('}');
}

void transcode_value(std::string& out, ItemReader& r) {
  auto type = static_cast<Value::Type>(r.byte());
  switch (type) {
    case Value::Type::kNull:
      out += "{\"NULL\":true}";
      return;
    case Value::Type::kBool:
      out += r.byte() ? "{\"BOOL\":true}" : "{\"BOOL\":false}";
      return;
    case Value::Type::kNumber:
      append_typed(out, "N");
      append_json_string(out, r.bytes());  // stored as the text DynamoDB answers with
      break;
    case Value::Type::kString:
      append_typed(out, "S");
      append_json_string(out, r.bytes());
      break;
    case Value::Type::kBinary:
      append_typed(out, "B");
      append_base64(out, r.bytes());
      break;
    case Value::Type::kList: {
      append_typed(out, "L");
      uint64_t n = r.varint();
      out.push_back('[');
      for (uint64_t i = 0; i < n; ++i) {
        if (i) out.push_back(',');
        transcode_value(out, r);
      }
      out.push_back(']');
      break;
    }
    case Value::Type::kMap:
      append_typed(out, "M");
      transcode_item(out, r);
      break;
    case Value::Type::kStringSet:
    case Value::Type::kNumberSet:
    case Value::Type::kBinarySet: {
      append_typed(out, type_code(type));
      uint64_t n = r.varint();
      out.push_back('[');
      for (uint64_t i = 0; i < n; ++i) {
        if (i) out.push_back(',');
        if (type == Value::Type::kBinarySet)
          append_base64(out, r.bytes());
        else
          append_json_string(out, r.bytes());
      }
      out.push_back(']');
      break;
    }
    default:
      ItemReader::corrupt();
  }
  out.push_back('}');
}

}  // namespace

void append_wire_encoded(std::string& out, std::string_view encoded_item) {
  ItemReader r(encoded_item);
  transcode_item(out, r);
}

void append_wire_value(std::string& out, const Value& v) {
  switch (v.type()) {
    case Value::Type::kNull:
      out += "{\"NULL\":true}";
      return;
    case Value::Type::kBool:
      out += v.as<bool>() ? "{\"BOOL\":true}" : "{\"BOOL\":false}";
      return;
    case Value::Type::kNumber:
      append_typed(out, "N");
      append_json_string(out, format_number(v.as<core::Decimal>()));
      break;
    case Value::Type::kString:
      append_typed(out, "S");
      append_json_string(out, v.as<std::string>());
      break;
    case Value::Type::kBinary:
      append_typed(out, "B");
      append_base64(out, v.as<core::Binary>().bytes);
      break;
    case Value::Type::kList: {
      append_typed(out, "L");
      out.push_back('[');
      bool first = true;
      for (const auto& e : v.as<core::List>()) {
        if (!first) out.push_back(',');
        first = false;
        append_wire_value(out, e);
      }
      out.push_back(']');
      break;
    }
    case Value::Type::kMap:
      append_typed(out, "M");
      append_wire_item(out, v.as<core::Map>());
      break;
    case Value::Type::kStringSet: {
      append_typed(out, "SS");
      out.push_back('[');
      bool first = true;
      for (const auto& e : v.as<core::StringSet>().items) {
        if (!first) out.push_back(',');
        first = false;
        append_json_string(out, e);
      }
      out.push_back(']');
      break;
    }
    case Value::Type::kNumberSet: {
      append_typed(out, "NS");
      out.push_back('[');
      bool first = true;
      for (const auto& e : v.as<core::NumberSet>().items) {
        if (!first) out.push_back(',');
        first = false;
        append_json_string(out, format_number(e));
      }
      out.push_back(']');
      break;
    }
    case Value::Type::kBinarySet: {
      append_typed(out, "BS");
      out.push_back('[');
      bool first = true;
      for (const auto& e : v.as<core::BinarySet>().items) {
        if (!first) out.push_back(',');
        first = false;
        append_base64(out, e.bytes);
      }
      out.push_back(']');
      break;
    }
  }
  out.push_back('}');
}

void append_wire_item(std::string& out, const core::Map& item) {
  out.push_back('{');
  bool first = true;
  for (const auto& [k, v] : item) {
    if (!first) out.push_back(',');
    first = false;
    append_json_string(out, k);
    out.push_back(':');
    append_wire_value(out, v);
  }
  out.push_back('}');
}

}  // namespace wharf::dynamo
