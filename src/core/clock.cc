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

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

// Parsed by hand: every signed request carries one (twice checked), and strptime with the
// string copy it needs cost about 1% of a request.
std::optional<int64_t> parse_amz_date(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  auto digits = [&](size_t at, size_t n) -> int {
    int v = 0;
    for (size_t i = at; i < at + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  int year = digits(0, 4), month = digits(4, 2), day = digits(6, 2), hour = digits(9, 2),
      minute = digits(11, 2), second = digits(13, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 ||
      minute > 59 || second < 0 || second > 60)
    return std::nullopt;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (day > kDays[month - 1] + (month == 2 && leap)) return std::nullopt;
  return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
         hour * 3600 + minute * 60 + second;
}

std::optional<int64_t> parse_http_date(std::string_view text) {
  for (const char* f : {"%a, %d %b %Y %H:%M:%S GMT", "%A, %d-%b-%y %H:%M:%S GMT",
                        "%a %b %d %H:%M:%S %Y", "%Y-%m-%dT%H:%M:%S"}) {
    if (auto t = parse_with(text, f)) return t;
  }
  return std::nullopt;
}

}  // namespace wharf::core
