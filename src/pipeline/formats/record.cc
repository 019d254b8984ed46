#include "pipeline/formats/record.h"

#include "core/encoding.h"

namespace wharf::pipeline::formats {

std::string scalar_text(const core::Value& v) {
  switch (v.type()) {
    case core::Value::Type::kBool:
      return v.as<bool>() ? "true" : "false";
    case core::Value::Type::kNumber:
      return v.as<core::Decimal>().to_string();
    case core::Value::Type::kString:
      return v.as<std::string>();
    case core::Value::Type::kBinary:
      return core::base64_encode(v.as<core::Binary>().bytes);
    default:
      return "";
  }
}

}  // namespace wharf::pipeline::formats
