#include "search/date_format.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>

namespace wharf::search {

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

namespace {

constexpr int64_t kDay = 86400000;

struct Fields {
  int64_t year = 1970;
  unsigned month = 1, day = 1, hour = 0, minute = 0, second = 0, milli = 0;
  int64_t offset_minutes = 0;
  bool pm = false, has_ampm = false;
};

int64_t to_millis(const Fields& f) {
  static const unsigned kLen[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (f.month < 1 || f.month > 12 || f.day < 1 || f.hour > 24 || f.minute > 59 || f.second > 60)
    return INT64_MIN;
  bool leap = (f.year % 4 == 0 && f.year % 100 != 0) || f.year % 400 == 0;
  if (f.day > kLen[f.month - 1] + (f.month == 2 && leap)) return INT64_MIN;
  unsigned hour = f.hour;
  if (f.has_ampm) hour = hour % 12 + (f.pm ? 12 : 0);
  return days_from_civil(f.year, f.month, f.day) * kDay + hour * 3600000LL + f.minute * 60000LL +
         f.second * 1000LL + f.milli - f.offset_minutes * 60000LL;
}

// Reads up to `max` digits (at least `min`).
bool digits(std::string_view s, size_t& i, size_t min, size_t max, int64_t& out) {
  size_t start = i;
  out = 0;
  while (i < s.size() && i - start < max && std::isdigit(static_cast<unsigned char>(s[i])))
    out = out * 10 + (s[i++] - '0');
  return i - start >= min;
}

bool zone(std::string_view s, size_t& i, Fields& f) {
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
    return true;
  }
  if (i >= s.size() || (s[i] != '+' && s[i] != '-')) return false;
  int sign = s[i++] == '-' ? -1 : 1;
  int64_t hh, mm = 0;
  if (!digits(s, i, 2, 2, hh)) return false;
  if (i < s.size() && s[i] == ':') ++i;
  digits(s, i, 0, 2, mm);
  f.offset_minutes = sign * (hh * 60 + mm);
  return true;
}

// yyyy[-MM[-dd[('T'|' ')HH[:mm[:ss[.S+]]]]]][zone]
std::optional<int64_t> iso(std::string_view s, bool strict) {
  Fields f;
  size_t i = 0;
  int64_t v;
  bool neg = i < s.size() && s[i] == '-';
  if (neg) ++i;
  if (!digits(s, i, strict ? 4 : 1, 9, v)) return std::nullopt;
  f.year = neg ? -v : v;
  auto done = [&]() -> std::optional<int64_t> {
    if (i < s.size() && !zone(s, i, f)) return std::nullopt;
    if (i != s.size()) return std::nullopt;
    int64_t ms = to_millis(f);
    if (ms == INT64_MIN) return std::nullopt;
    return ms;
  };
  if (i == s.size() || s[i] != '-') return done();
  ++i;
  if (!digits(s, i, strict ? 2 : 1, 2, v)) return std::nullopt;
  f.month = static_cast<unsigned>(v);
  if (i == s.size() || s[i] != '-') return done();
  ++i;
  if (!digits(s, i, strict ? 2 : 1, 2, v)) return std::nullopt;
  f.day = static_cast<unsigned>(v);
  if (i == s.size() || s[i] != 'T') return done();
  ++i;
  if (!digits(s, i, strict ? 2 : 1, 2, v)) return std::nullopt;
  f.hour = static_cast<unsigned>(v);
  if (i < s.size() && s[i] == ':') {
    ++i;
    if (!digits(s, i, 2, 2, v)) return std::nullopt;
    f.minute = static_cast<unsigned>(v);
    if (i < s.size() && s[i] == ':') {
      ++i;
      if (!digits(s, i, 2, 2, v)) return std::nullopt;
      f.second = static_cast<unsigned>(v);
      if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
        ++i;
        size_t start = i;
        if (!digits(s, i, 1, 9, v)) return std::nullopt;
        size_t n = i - start;
        while (n > 3) v /= 10, --n;
        while (n < 3) v *= 10, ++n;
        f.milli = static_cast<unsigned>(v);
      }
    }
  }
  return done();
}

std::optional<int64_t> epoch(std::string_view s, int64_t scale) {
  if (s.empty()) return std::nullopt;
  size_t dot = s.find('.');
  int64_t whole = 0;
  auto r = std::from_chars(s.data(), s.data() + (dot == s.npos ? s.size() : dot), whole);
  if (r.ec != std::errc() || r.ptr != s.data() + (dot == s.npos ? s.size() : dot))
    return std::nullopt;
  int64_t frac = 0;
  if (dot != s.npos && scale == 1000) {
    std::string_view f = s.substr(dot + 1, 3);
    for (size_t k = 0; k < 3; ++k) frac = frac * 10 + (k < f.size() ? f[k] - '0' : 0);
  }
  return whole * scale + (whole < 0 ? -frac : frac);
}

// Java DateTimeFormatter-style pattern.
std::optional<int64_t> pattern(std::string_view s, std::string_view p) {
  Fields f;
  size_t i = 0, k = 0;
  while (k < p.size()) {
    char c = p[k];
    size_t run = 1;
    while (k + run < p.size() && p[k + run] == c) ++run;
    int64_t v;
    if (c == '\'') {
      size_t close = p.find('\'', k + 1);
      if (close == p.npos) return std::nullopt;
      std::string_view lit = p.substr(k + 1, close - k - 1);
      if (s.substr(i, lit.size()) != lit) return std::nullopt;
      i += lit.size();
      k = close + 1;
      continue;
    }
    if (std::isalpha(static_cast<unsigned char>(c))) {
      switch (c) {
        case 'y': case 'u': case 'Y': {
          // A year directly followed by another number field ("yyyyMMdd") has exactly its width.
          bool adjacent = k + run < p.size() && std::isalpha(static_cast<unsigned char>(p[k + run]));
          size_t max = run == 2 ? 2 : adjacent ? run : 9;
          if (!digits(s, i, run == 2 ? 2 : 1, max, v)) return std::nullopt;
          f.year = run == 2 ? 2000 + v : v;
          break;
        }
        case 'M':
          if (!digits(s, i, run, 2, v)) return std::nullopt;
          f.month = static_cast<unsigned>(v);
          break;
        case 'd':
          if (!digits(s, i, run, 2, v)) return std::nullopt;
          f.day = static_cast<unsigned>(v);
          break;
        case 'H': case 'h': case 'k':
          if (!digits(s, i, run, 2, v)) return std::nullopt;
          f.hour = static_cast<unsigned>(v);
          break;
        case 'm':
          if (!digits(s, i, run, 2, v)) return std::nullopt;
          f.minute = static_cast<unsigned>(v);
          break;
        case 's':
          if (!digits(s, i, run, 2, v)) return std::nullopt;
          f.second = static_cast<unsigned>(v);
          break;
        case 'S': {
          size_t start = i;
          if (!digits(s, i, 1, run, v)) return std::nullopt;
          size_t n = i - start;
          while (n > 3) v /= 10, --n;
          while (n < 3) v *= 10, ++n;
          f.milli = static_cast<unsigned>(v);
          break;
        }
        case 'a':
          if (s.substr(i, 2) == "PM" || s.substr(i, 2) == "pm") f.pm = true;
          else if (s.substr(i, 2) != "AM" && s.substr(i, 2) != "am") return std::nullopt;
          f.has_ampm = true;
          i += 2;
          break;
        case 'Z': case 'X': case 'x':
          if (!zone(s, i, f)) return std::nullopt;
          break;
        default:
          return std::nullopt;
      }
      k += run;
      continue;
    }
    if (i >= s.size() || s[i] != c) return std::nullopt;
    ++i;
    ++k;
  }
  if (i != s.size()) return std::nullopt;
  int64_t ms = to_millis(f);
  if (ms == INT64_MIN) return std::nullopt;
  return ms;
}

std::optional<int64_t> one_format(std::string_view text, std::string_view fmt) {
  if (fmt == "strict_date_optional_time" || fmt == "strict_date_optional_time_nanos" ||
      fmt == "strict_date_time" || fmt == "strict_date" || fmt == "strict_date_hour_minute_second")
    return iso(text, true);
  if (fmt == "date_optional_time" || fmt == "date_time" || fmt == "date" ||
      fmt == "date_hour_minute_second")
    return iso(text, false);
  if (fmt == "epoch_millis") return epoch(text, 1);
  if (fmt == "epoch_second") return epoch(text, 1000);
  if (fmt == "basic_date") return pattern(text, "yyyyMMdd");
  if (fmt == "year") return pattern(text, "yyyy");
  if (fmt == "year_month") return pattern(text, "yyyy-MM");
  if (fmt == "year_month_day") return pattern(text, "yyyy-MM-dd");
  return pattern(text, fmt);
}

int64_t add_months(int64_t ms, int64_t months) {
  int64_t days = ms >= 0 ? ms / kDay : (ms - kDay + 1) / kDay;
  int64_t rem = ms - days * kDay;
  int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  int64_t total = y * 12 + (m - 1) + months;
  y = total >= 0 ? total / 12 : (total - 11) / 12;
  m = static_cast<unsigned>(total - y * 12 + 1);
  static const unsigned kLen[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  unsigned len = kLen[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
  return days_from_civil(y, m, std::min(d, len)) * kDay + rem;
}

int64_t floor_unit(int64_t ms, char unit) {
  auto floor_div = [](int64_t a, int64_t b) { return a >= 0 ? a / b : (a - b + 1) / b; };
  int64_t days = floor_div(ms, kDay);
  int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  switch (unit) {
    case 'y': return days_from_civil(y, 1, 1) * kDay;
    case 'M': return days_from_civil(y, m, 1) * kDay;
    case 'w': return (days - ((days + 3) % 7 + 7) % 7) * kDay;  // ISO weeks start on Monday
    case 'd': return days * kDay;
    case 'h': case 'H': return floor_div(ms, 3600000) * 3600000;
    case 'm': return floor_div(ms, 60000) * 60000;
    case 's': return floor_div(ms, 1000) * 1000;
    default: return ms;
  }
}

}  // namespace

std::optional<int64_t> parse_date(std::string_view text, const std::vector<std::string>& formats) {
  for (const auto& f : formats)
    if (auto v = one_format(text, f)) return v;
  return std::nullopt;
}

std::optional<int64_t> parse_date_math(std::string_view expr, int64_t now_ms, bool round_up,
                                       const std::vector<std::string>& formats) {
  int64_t t;
  std::string_view math;
  if (expr.starts_with("now")) {
    t = now_ms;
    math = expr.substr(3);
  } else {
    size_t bars = expr.find("||");
    auto base = parse_date(expr.substr(0, bars), formats);
    if (!base) return std::nullopt;
    t = *base;
    if (bars == std::string_view::npos) return t;
    math = expr.substr(bars + 2);
  }
  size_t i = 0;
  while (i < math.size()) {
    char op = math[i++];
    if (op == '/') {
      if (i >= math.size()) return std::nullopt;
      char unit = math[i++];
      int64_t start = floor_unit(t, unit);
      if (round_up) {
        int64_t next = unit == 'y' ? add_months(start, 12)
                       : unit == 'M' ? add_months(start, 1)
                       : unit == 'w' ? start + 7 * kDay
                       : unit == 'd' ? start + kDay
                       : (unit == 'h' || unit == 'H') ? start + 3600000
                       : unit == 'm' ? start + 60000
                                     : start + 1000;
        t = next - 1;
      } else {
        t = start;
      }
      continue;
    }
    if (op != '+' && op != '-') return std::nullopt;
    int64_t n = 0;
    size_t s = i;
    while (i < math.size() && std::isdigit(static_cast<unsigned char>(math[i])))
      n = n * 10 + (math[i++] - '0');
    if (i == s) n = 1;
    if (i >= math.size()) return std::nullopt;
    char unit = math[i++];
    if (op == '-') n = -n;
    switch (unit) {
      case 'y': t = add_months(t, 12 * n); break;
      case 'M': t = add_months(t, n); break;
      case 'w': t += n * 7 * kDay; break;
      case 'd': t += n * kDay; break;
      case 'h': case 'H': t += n * 3600000; break;
      case 'm': t += n * 60000; break;
      case 's': t += n * 1000; break;
      default: return std::nullopt;
    }
  }
  return t;
}

std::string format_date(int64_t ms) {
  int64_t days = ms >= 0 ? ms / kDay : (ms - kDay + 1) / kDay;
  int64_t rem = ms - days * kDay;
  int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", y, m, d, rem / 3600000,
                     rem / 60000 % 60, rem / 1000 % 60, rem % 1000);
}

}  // namespace wharf::search

namespace wharf::search {

std::string format_date(int64_t ms, std::string_view format) {
  format = format.substr(0, format.find("||"));
  if (format.empty() || format == "strict_date_optional_time" || format == "date_optional_time" ||
      format == "strict_date_time" || format == "date_time")
    return format_date(ms);
  if (format == "epoch_millis") return std::to_string(ms);
  if (format == "epoch_second") return std::to_string(ms / 1000);
  std::string_view pattern = format == "strict_date" || format == "date" ? "yyyy-MM-dd"
                             : format == "basic_date"                     ? "yyyyMMdd"
                             : format == "year"                           ? "yyyy"
                             : format == "year_month"                     ? "yyyy-MM"
                             : format == "year_month_day"                 ? "yyyy-MM-dd"
                                                                          : format;
  int64_t days = ms >= 0 ? ms / kDay : (ms - kDay + 1) / kDay;
  int64_t rem = ms - days * kDay;
  int64_t y;
  unsigned mo, d;
  civil_from_days(days, y, mo, d);
  std::string out;
  for (size_t k = 0; k < pattern.size();) {
    char c = pattern[k];
    size_t run = 1;
    while (k + run < pattern.size() && pattern[k + run] == c) ++run;
    auto num = [&](int64_t v, size_t width) { out += fmt::format("{:0{}}", v, width); };
    switch (c) {
      case 'y': case 'u': case 'Y': run == 2 ? num(y % 100, 2) : num(y, run); break;
      case 'M': num(mo, run); break;
      case 'd': num(d, run); break;
      case 'H': num(rem / 3600000, run); break;
      case 'm': num(rem / 60000 % 60, run); break;
      case 's': num(rem / 1000 % 60, run); break;
      case 'S': num(rem % 1000, 3); break;
      case 'Z': case 'X': out += run >= 3 ? "Z" : "Z"; break;
      case '\'': {
        size_t close = pattern.find('\'', k + 1);
        out += pattern.substr(k + 1, close == std::string_view::npos ? std::string_view::npos : close - k - 1);
        k = close == std::string_view::npos ? pattern.size() : close + 1;
        continue;
      }
      default: out.append(run, c);
    }
    k += run;
  }
  return out;
}

}  // namespace wharf::search
