#include "pipeline/value_order.h"

#include "core/json_codec.h"

namespace wharf::pipeline {

int compare_values(const core::Value& a, const core::Value& b) {
  if (a.type() != b.type()) return a.type() < b.type() ? -1 : 1;
  switch (a.type()) {
    case core::Value::Type::kNull:
      return 0;
    case core::Value::Type::kBool:
      return static_cast<int>(a.as<bool>()) - static_cast<int>(b.as<bool>());
    case core::Value::Type::kNumber: {
      auto c = a.as<core::Decimal>() <=> b.as<core::Decimal>();
      return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    case core::Value::Type::kString: {
      int c = a.as<std::string>().compare(b.as<std::string>());
      return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    default: {
      int c = core::to_json(a).compare(core::to_json(b));
      return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
  }
}

void append_key_bytes(std::string& out, const core::Value& v) {
  out.push_back(static_cast<char>('0' + static_cast<int>(v.type())));
  switch (v.type()) {
    case core::Value::Type::kNull:
      break;
    case core::Value::Type::kBool:
      out.push_back(v.as<bool>() ? '1' : '0');
      break;
    case core::Value::Type::kNumber:
      out += v.as<core::Decimal>().to_string();  // normalized: equal numbers, equal text
      break;
    case core::Value::Type::kString:  // length-prefixed: no separator can be forged
      out += std::to_string(v.as<std::string>().size());
      out.push_back(':');
      out += v.as<std::string>();
      return;
    default:
      out += core::to_json(v);
  }
  out.push_back(';');
}

std::string key_bytes(const core::Value& v) {
  std::string out;
  append_key_bytes(out, v);
  return out;
}

}  // namespace wharf::pipeline
