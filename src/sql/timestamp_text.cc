#include "sql/timestamp_text.h"

#include <cctype>

namespace wharf::sql {

namespace {

bool digits_at(std::string_view s, size_t pos, size_t n) {
  if (pos + n > s.size()) return false;
  for (size_t i = pos; i < pos + n; ++i)
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  return true;
}

}  // namespace

std::string iso_utc_timestamp(std::string_view text) {
  // 0123456789012345678
  // 2026-11-21 10:04:05
  bool shape = digits_at(text, 0, 4) && text.size() >= 19 && text[4] == '-' &&
               digits_at(text, 5, 2) && text[7] == '-' && digits_at(text, 8, 2) &&
               (text[10] == ' ' || text[10] == 'T') && digits_at(text, 11, 2) && text[13] == ':' &&
               digits_at(text, 14, 2) && text[16] == ':' && digits_at(text, 17, 2);
  if (!shape) return std::string(text);
  size_t end = 19;
  if (end < text.size() && text[end] == '.') {
    ++end;
    while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
  }
  std::string_view zone = text.substr(end);
  if (!(zone.empty() || zone == "Z" || zone == "+00" || zone == "+00:00" || zone == "+0000")) {
    return std::string(text);
  }
  std::string out(text.substr(0, end));
  out[10] = 'T';
  return out + "Z";
}

}  // namespace wharf::sql
