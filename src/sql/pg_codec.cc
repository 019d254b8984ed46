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

std::vector<std::optional<std::string>> split_copy_row(std::string_view line) {
  std::vector<std::optional<std::string>> fields;
  std::string field;
  bool null_field = false;
  auto end_field = [&] {
    fields.push_back(null_field ? std::nullopt : std::optional<std::string>(std::move(field)));
    field.clear();
    null_field = false;
  };
  auto octal = [](char c) { return c >= '0' && c <= '7'; };
  auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == '\t') {
      end_field();
      continue;
    }
    if (c != '\\' || i + 1 >= line.size()) {
      field.push_back(c);
      continue;
    }
    char e = line[++i];
    switch (e) {
      case 'N':
        null_field = true;
        break;
      case 'n': field.push_back('\n'); break;
      case 'r': field.push_back('\r'); break;
      case 't': field.push_back('\t'); break;
      case 'b': field.push_back('\b'); break;
      case 'f': field.push_back('\f'); break;
      case 'v': field.push_back('\v'); break;
      case 'x': {
        int v = 0, n = 0;
        while (n < 2 && i + 1 < line.size() && hex(line[i + 1])) {
          char h = line[++i];
          v = v * 16 + (std::isdigit(static_cast<unsigned char>(h)) ? h - '0' : (std::tolower(h) - 'a' + 10));
          ++n;
        }
        if (n == 0) field.push_back('x'); else field.push_back(static_cast<char>(v));
        break;
      }
      default:
        if (octal(e)) {
          int v = e - '0', n = 1;
          while (n < 3 && i + 1 < line.size() && octal(line[i + 1])) {
            v = v * 8 + (line[++i] - '0');
            ++n;
          }
          field.push_back(static_cast<char>(v));
        } else {
          field.push_back(e);  // \\ and any other escaped character stand for themselves
        }
    }
  }
  end_field();
  return fields;
}

}  // namespace wharf::sql
