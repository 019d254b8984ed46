#include "sql/pg_codec.h"

#include "core/encoding.h"
#include "core/error.h"
#include "core/json_codec.h"
#include "sql/errors.h"
#include "sql/timestamp_text.h"

namespace wharf::sql {

namespace {

// pg_type.oid of the built-in types decoded specially (src/include/catalog/pg_type.dat).
enum : unsigned {
  kBoolOid = 16,
  kByteaOid = 17,
  kInt8Oid = 20,
  kInt2Oid = 21,
  kInt4Oid = 23,
  kOidOid = 26,
  kJsonOid = 114,
  kFloat4Oid = 700,
  kFloat8Oid = 701,
  kTimestampOid = 1114,
  kTimestampTzOid = 1184,
  kNumericOid = 1700,
  kJsonbOid = 3802,
};

core::Value number_or_text(std::string_view text) {
  if (auto d = core::Decimal::parse(text)) return *d;
  return std::string(text);  // NaN, Infinity, -Infinity
}

core::Value json_or_text(std::string_view text) {
  try {
    return core::parse_json(text);
  } catch (const core::Error&) {
    return std::string(text);
  }
}

core::Value bytea(std::string_view text) {
  if (text.starts_with("\\x")) {
    if (auto bytes = core::from_hex(text.substr(2))) return core::Binary{std::move(*bytes)};
  }
  return core::Binary{std::string(text)};
}

}  // namespace

std::optional<std::string> to_pg_text(const core::Value& v) {
  switch (v.type()) {
    case core::Value::Type::kNull:
      return std::nullopt;
    case core::Value::Type::kBool:
      return std::string(v.as<bool>() ? "true" : "false");
    case core::Value::Type::kNumber:
      return v.as<core::Decimal>().to_string();
    case core::Value::Type::kString: {
      const auto& s = v.as<std::string>();
      if (s.find('\0') != std::string::npos) {
        throw statement_error("22021", "invalid byte sequence for encoding \"UTF8\": 0x00");
      }
      return s;
    }
    case core::Value::Type::kBinary:
      return "\\x" + core::to_hex(v.as<core::Binary>().bytes);
    default:
      return core::to_json(v);
  }
}

core::Value from_pg_text(unsigned oid, std::string_view text) {
  switch (oid) {
    case kBoolOid:
      return text == "t" || text == "true";
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
    case kOidOid:
    case kNumericOid:
    case kFloat4Oid:
    case kFloat8Oid:
      return number_or_text(text);
    case kByteaOid:
      return bytea(text);
    case kJsonOid:
    case kJsonbOid:
      return json_or_text(text);
    case kTimestampOid:
    case kTimestampTzOid:
      return iso_utc_timestamp(text);
    default:
      return std::string(text);
  }
}

void append_copy_field(std::string& line, const std::optional<std::string>& field) {
  if (!field) {
    line += "\\N";
    return;
  }
  for (char c : *field) {
    switch (c) {
      case '\\':
        line += "\\\\";
        break;
      case '\n':
        line += "\\n";
        break;
      case '\r':
        line += "\\r";
        break;
      case '\t':
        line += "\\t";
        break;
      default:
        line += c;
    }
  }
}

}  // namespace wharf::sql
