#include "core/clock.h"

#include <chrono>
#include <cstring>
#include <ctime>

namespace wharf::core {

int64_t now_millis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

static std::tm utc(int64_t millis) {
  std::time_t secs = static_cast<std::time_t>(millis / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return tm;
}

std::string iso8601_millis(int64_t millis) {
  std::tm tm = utc(millis);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(millis % 1000));
  return buf;
}

std::string http_date(int64_t millis) {
  std::tm tm = utc(millis);
  char buf[40];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

static std::optional<int64_t> parse_with(std::string_view text, const char* format) {
  std::string s(text);
  std::tm tm{};
  const char* end = strptime(s.c_str(), format, &tm);
  if (!end) return std::nullopt;
  while (*end == ' ') ++end;
  if (*end != '\0' && std::strcmp(end, "Z") != 0 && std::strncmp(end, ".", 1) != 0)
    return std::nullopt;
  return static_cast<int64_t>(timegm(&tm));
}

std::optional<int64_t> parse_amz_date(std::string_view text) {
  if (text.size() != 16 || text.back() != 'Z') return std::nullopt;
  return parse_with(text, "%Y%m%dT%H%M%SZ");
}

std::optional<int64_t> parse_http_date(std::string_view text) {
  for (const char* f : {"%a, %d %b %Y %H:%M:%S GMT", "%A, %d-%b-%y %H:%M:%S GMT",
                        "%a %b %d %H:%M:%S %Y", "%Y-%m-%dT%H:%M:%S"}) {
    if (auto t = parse_with(text, f)) return t;
  }
  return std::nullopt;
}

}  // namespace wharf::core
