#include "pipeline/expr/errors.h"

#include <algorithm>

#include "core/json_codec.h"
#include "pipeline/expr/utf8.h"

namespace wharf::pipeline::expr {

namespace {

constexpr size_t kShownCharacters = 40;

// JSON-style quoting, cut after kShownCharacters characters.
std::string quote(std::string_view s) {
  std::string out = "\"";
  size_t shown = 0;
  for (size_t i = 0; i < s.size(); ++shown) {
    if (shown == kShownCharacters) {
      out += "...";
      break;
    }
    size_t n = utf8::char_length(s, i);
    char c = s[i];
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\u00";
      out += kHex[(c >> 4) & 0xF];
      out += kHex[c & 0xF];
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  return out + "\"";
}

std::string cut(std::string text) {
  if (utf8::count(text) <= kShownCharacters) return text;
  return text.substr(0, utf8::offset_of(text, kShownCharacters)) + "...";
}

}  // namespace

std::string quote_text(std::string_view text) { return quote(text); }

core::Error syntax_error(std::string_view text, size_t offset, std::string_view message) {
  // Columns count characters; an expression written over several lines (a YAML block) gets the
  // line too.
  std::string_view before = text.substr(0, offset);
  size_t line_start = before.rfind('\n');
  std::string_view on_line =
      line_start == std::string_view::npos ? before : before.substr(line_start + 1);
  std::string where = "column " + std::to_string(utf8::count(on_line) + 1);
  if (text.find('\n') != std::string_view::npos)
    where =
        "line " + std::to_string(std::count(before.begin(), before.end(), '\n') + 1) + ", " + where;
  return core::Error(std::string(kSyntaxErrorCode), 400,
                     std::string(message) + " at " + where + " in \"" + std::string(text) + "\"");
}

core::Error eval_error(std::string message) {
  return core::Error(std::string(kEvalErrorCode), 400, std::move(message));
}

const char* type_name(const core::Value& v) {
  switch (v.type()) {
    case core::Value::Type::kNull:
      return "null";
    case core::Value::Type::kBool:
      return "bool";
    case core::Value::Type::kNumber:
      return "number";
    case core::Value::Type::kString:
      return "string";
    case core::Value::Type::kBinary:
      return "binary";
    case core::Value::Type::kList:
      return "list";
    case core::Value::Type::kMap:
      return "map";
    case core::Value::Type::kStringSet:
      return "string set";
    case core::Value::Type::kNumberSet:
      return "number set";
    case core::Value::Type::kBinarySet:
      return "binary set";
  }
  return "?";
}

std::string describe(const core::Value& v) {
  std::string text;
  switch (v.type()) {
    case core::Value::Type::kNull:
      return "null";
    case core::Value::Type::kString:
      text = quote(v.as<std::string>());
      break;
    case core::Value::Type::kNumber:
      text = cut(v.as<core::Decimal>().to_string());
      break;
    case core::Value::Type::kBool:
      text = v.as<bool>() ? "true" : "false";
      break;
    case core::Value::Type::kBinary:
      text = std::to_string(v.as<core::Binary>().bytes.size()) + " bytes";
      break;
    default:
      text = cut(core::to_json(v));
      break;
  }
  return text + " (" + type_name(v) + ")";
}

}  // namespace wharf::pipeline::expr
