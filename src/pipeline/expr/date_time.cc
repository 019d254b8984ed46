#include "pipeline/expr/date_time.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <stdexcept>
#include <tuple>

#include "core/encoding.h"

namespace wharf::pipeline::expr {

namespace {

namespace chr = std::chrono;

constexpr int64_t kSecondsPerDay = 86400;
constexpr int32_t kNanosPerSecond = 1'000'000'000;
constexpr int64_t kMinSeconds = -62167219200;  // 0000-01-01T00:00:00Z
constexpr int64_t kMaxSeconds = 253402300799;  // 9999-12-31T23:59:59Z

constexpr std::array<std::string_view, 12> kMonths = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<std::string_view, 7> kWeekdays = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

int64_t floor_div(int64_t a, int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

int64_t days_from_civil(int y, unsigned m, unsigned d) {
  return chr::sys_days(chr::year(y) / chr::month(m) / chr::day(d)).time_since_epoch().count();
}

unsigned last_day(int y, unsigned m) {
  return static_cast<unsigned>((chr::year(y) / chr::month(m) / chr::last).day());
}

bool valid_date(int y, unsigned m, unsigned d) {
  return y >= 0 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= last_day(y, m);
}

int64_t day_number(const DateTime& t) { return floor_div(t.seconds, kSecondsPerDay); }
int64_t second_of_day(const DateTime& t) { return t.seconds - day_number(t) * kSecondsPerDay; }

void check_range(const DateTime& t) {
  if (t.seconds < kMinSeconds || t.seconds > kMaxSeconds)
    throw std::out_of_range("the result is out of range (years 0000-9999)");
}

void append_padded(std::string& out, int64_t v, int width, char pad = '0') {
  std::string digits = std::to_string(v < 0 ? -v : v);
  if (v < 0) out += '-';
  if (static_cast<int>(digits.size()) < width) out.append(width - digits.size(), pad);
  out += digits;
}

// The first `digits` digits of the fraction of a second.
void append_fraction(std::string& out, int32_t nanos, int digits) {
  std::string all;
  append_padded(all, nanos, 9);
  out.append(all, 0, static_cast<size_t>(std::clamp(digits, 0, 9)));
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads min..max digits at s[i].
bool read_number(std::string_view s, size_t& i, int min, int max, int64_t& out) {
  int n = 0;
  out = 0;
  while (n < max && i < s.size() && is_digit(s[i])) {
    out = out * 10 + (s[i++] - '0');
    ++n;
  }
  return n >= min;
}

// A UTC offset in seconds: Z, +HH, +HHMM or +HH:MM.
bool read_offset(std::string_view s, size_t& i, int64_t& offset) {
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
    offset = 0;
    return true;
  }
  if (i >= s.size() || (s[i] != '+' && s[i] != '-')) return false;
  int sign = s[i++] == '-' ? -1 : 1;
  int64_t h, m = 0;
  if (!read_number(s, i, 2, 2, h)) return false;
  if (i < s.size() && s[i] == ':') {
    ++i;
    if (!read_number(s, i, 2, 2, m)) return false;
  } else if (i < s.size() && is_digit(s[i])) {
    if (!read_number(s, i, 2, 2, m)) return false;
  }
  if (h > 23 || m > 59) return false;
  offset = sign * (h * 3600 + m * 60);
  return true;
}

// Reads a fraction of a second: its nanoseconds and how many digits (up to 9) it had.
bool read_fraction(std::string_view s, size_t& i, int32_t& nanos, int& digits) {
  size_t start = i;
  int32_t scale = kNanosPerSecond;
  nanos = 0;
  while (i < s.size() && is_digit(s[i])) {
    if (scale > 1) {
      scale /= 10;
      nanos += (s[i] - '0') * scale;
    }
    ++i;
  }
  digits = static_cast<int>(std::min<size_t>(i - start, 9));
  return i > start;
}

bool iequal_prefix(std::string_view s, size_t i, std::string_view word) {
  return s.size() - i >= word.size() && core::iequals(s.substr(i, word.size()), word);
}

// A month or weekday name, full or abbreviated to three letters; its index from 0.
template <size_t N>
bool read_name(std::string_view s, size_t& i, const std::array<std::string_view, N>& names,
               int64_t& index) {
  for (size_t k = 0; k < N; ++k)
    if (iequal_prefix(s, i, names[k])) {
      i += names[k].size();
      index = static_cast<int64_t>(k);
      return true;
    }
  for (size_t k = 0; k < N; ++k)
    if (iequal_prefix(s, i, names[k].substr(0, 3))) {
      i += 3;
      index = static_cast<int64_t>(k);
      return true;
    }
  return false;
}

// One directive of a format: its letter and, for %f, the digits wanted.
struct Directive {
  char code;
  int width;
};

// The directive after the '%' at format[i - 1]; advances i past it.
Directive next_directive(std::string_view format, size_t& i) {
  if (i >= format.size())
    throw std::invalid_argument("format \"" + std::string(format) + "\" ends with a lone '%'");
  size_t start = i;
  int width = 0;
  if (format[i] >= '1' && format[i] <= '9') width = format[i++] - '0';
  char c = i < format.size() ? format[i] : '\0';
  static constexpr std::string_view kCodes = "YymdejHIpMSfbhBaAuzZsFT%";
  if (c == '\0' || kCodes.find(c) == std::string_view::npos || (width && c != 'f'))
    throw std::invalid_argument("unknown directive '%" +
                                std::string(format.substr(start, i - start + (c ? 1 : 0))) +
                                "' in format \"" + std::string(format) + "\"");
  ++i;
  return {c, width ? width : 6};
}

DateTime from_civil(int y, unsigned mo, unsigned d, int64_t second_of_day, int32_t nanos) {
  DateTime t;
  t.seconds = days_from_civil(y, mo, d) * kSecondsPerDay + second_of_day;
  t.nanos = nanos;
  return t;
}

// The fields a formatted text gave, before they are checked and combined.
struct Parsed {
  int64_t year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  int64_t hour12 = -1, yday = -1, offset = 0;
  int pm = -1;  // -1: no %p
  std::optional<int64_t> epoch;
  int32_t nanos = 0;
  int fraction_digits = 0;
  bool has_time = false;
};

bool parse_with(std::string_view s, size_t& i, std::string_view format, Parsed& p) {
  for (size_t f = 0; f < format.size();) {
    char fc = format[f++];
    if (fc == ' ' || fc == '\t' || fc == '\n') {
      while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
      continue;
    }
    if (fc != '%') {
      if (i >= s.size() || s[i] != fc) return false;
      ++i;
      continue;
    }
    Directive d = next_directive(format, f);
    int64_t v = 0;
    bool ok = true;
    switch (d.code) {
      case 'Y':
        ok = read_number(s, i, 1, 4, p.year);
        break;
      case 'y':
        ok = read_number(s, i, 1, 2, v);
        p.year = v < 69 ? 2000 + v : 1900 + v;
        break;
      case 'm':
        ok = read_number(s, i, 1, 2, p.month);
        break;
      case 'e':
        while (i < s.size() && s[i] == ' ') ++i;
        [[fallthrough]];
      case 'd':
        ok = read_number(s, i, 1, 2, p.day);
        break;
      case 'j':
        ok = read_number(s, i, 1, 3, p.yday);
        break;
      case 'H':
        ok = read_number(s, i, 1, 2, p.hour);
        p.has_time = true;
        break;
      case 'I':
        ok = read_number(s, i, 1, 2, p.hour12);
        p.has_time = true;
        break;
      case 'p':
        if (iequal_prefix(s, i, "AM") || iequal_prefix(s, i, "PM")) {
          p.pm = (s[i] == 'P' || s[i] == 'p') ? 1 : 0;
          i += 2;
        } else {
          ok = false;
        }
        p.has_time = true;
        break;
      case 'M':
        ok = read_number(s, i, 1, 2, p.minute);
        p.has_time = true;
        break;
      case 'S':
        ok = read_number(s, i, 1, 2, p.second);
        p.has_time = true;
        break;
      case 'f':
        ok = read_fraction(s, i, p.nanos, p.fraction_digits);
        p.has_time = true;
        break;
      case 'b':
      case 'h':
      case 'B':
        ok = read_name(s, i, kMonths, v);
        p.month = v + 1;
        break;
      case 'a':
      case 'A':
        ok = read_name(s, i, kWeekdays, v);
        break;
      case 'u':
        ok = read_number(s, i, 1, 1, v) && v >= 1 && v <= 7;
        break;
      case 'z':
        ok = read_offset(s, i, p.offset);
        break;
      case 'Z':
        if (iequal_prefix(s, i, "UTC") || iequal_prefix(s, i, "GMT")) {
          i += 3;
        } else if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
          ++i;
        } else {
          ok = false;
        }
        break;
      case 's': {
        bool negative = i < s.size() && s[i] == '-';
        if (negative) ++i;
        ok = read_number(s, i, 1, 12, v);
        p.epoch = negative ? -v : v;
        p.has_time = true;
        break;
      }
      case 'F':
        ok = parse_with(s, i, "%Y-%m-%d", p);
        break;
      case 'T':
        ok = parse_with(s, i, "%H:%M:%S", p);
        break;
      case '%':
        ok = i < s.size() && s[i] == '%';
        ++i;
        break;
    }
    if (!ok) return false;
  }
  return true;
}

}  // namespace

CivilTime civil(const DateTime& t) {
  int64_t sod = second_of_day(t);
  chr::year_month_day ymd{chr::sys_days(chr::days(day_number(t)))};
  return {static_cast<int>(ymd.year()),
          static_cast<unsigned>(ymd.month()),
          static_cast<unsigned>(ymd.day()),
          static_cast<unsigned>(sod / 3600),
          static_cast<unsigned>(sod / 60 % 60),
          static_cast<unsigned>(sod % 60),
          t.nanos};
}

std::optional<DateTime> parse_iso(std::string_view s) {
  size_t i = 0;
  int64_t y, mo, d;
  auto eat = [&](char c) {
    if (i < s.size() && s[i] == c) return ++i, true;
    return false;
  };
  if (!read_number(s, i, 4, 4, y) || !eat('-') || !read_number(s, i, 2, 2, mo) || !eat('-') ||
      !read_number(s, i, 2, 2, d) ||
      !valid_date(static_cast<int>(y), static_cast<unsigned>(mo), static_cast<unsigned>(d)))
    return std::nullopt;
  if (i == s.size()) {
    DateTime t =
        from_civil(static_cast<int>(y), static_cast<unsigned>(mo), static_cast<unsigned>(d), 0, 0);
    t.date_only = true;
    return t;
  }
  if (!eat('T') && !eat('t') && !eat(' ')) return std::nullopt;
  int64_t h, mi, sec = 0, offset = 0;
  int32_t nanos = 0;
  int digits = 0;
  if (!read_number(s, i, 2, 2, h) || !eat(':') || !read_number(s, i, 2, 2, mi)) return std::nullopt;
  if (eat(':')) {
    if (!read_number(s, i, 2, 2, sec)) return std::nullopt;
    if ((eat('.') || eat(',')) && !read_fraction(s, i, nanos, digits)) return std::nullopt;
  }
  if (i < s.size() && !read_offset(s, i, offset)) return std::nullopt;
  if (i != s.size() || h > 23 || mi > 59 || sec > 59) return std::nullopt;
  DateTime t = from_civil(static_cast<int>(y), static_cast<unsigned>(mo), static_cast<unsigned>(d),
                          h * 3600 + mi * 60 + sec - offset, nanos);
  t.fraction_digits = digits;
  if (t.seconds < kMinSeconds || t.seconds > kMaxSeconds) return std::nullopt;
  return t;
}

std::string format_iso(const DateTime& t) {
  CivilTime c = civil(t);
  std::string out;
  out.reserve(32);
  append_padded(out, c.year, 4);
  out += '-';
  append_padded(out, c.month, 2);
  out += '-';
  append_padded(out, c.day, 2);
  if (t.date_only) return out;
  out += 'T';
  append_padded(out, c.hour, 2);
  out += ':';
  append_padded(out, c.minute, 2);
  out += ':';
  append_padded(out, c.second, 2);
  if (t.fraction_digits > 0) {
    out += '.';
    append_fraction(out, t.nanos, t.fraction_digits);
  }
  out += 'Z';
  return out;
}

void check_format(std::string_view format) {
  for (size_t i = 0; i < format.size();)
    if (format[i++] == '%') next_directive(format, i);
}

std::optional<DateTime> parse_formatted(std::string_view s, std::string_view format) {
  check_format(format);
  Parsed p;
  size_t i = 0;
  if (!parse_with(s, i, format, p) || i != s.size()) return std::nullopt;
  DateTime t;
  if (p.epoch) {
    t.seconds = *p.epoch;
  } else {
    if (p.hour12 >= 0) {
      if (p.hour12 < 1 || p.hour12 > 12) return std::nullopt;
      p.hour = p.hour12 % 12 + (p.pm == 1 ? 12 : 0);
    } else if (p.pm == 1 && p.hour < 12) {
      p.hour += 12;
    }
    if (p.year > 9999 || p.hour > 23 || p.minute > 59 || p.second > 59) return std::nullopt;
    int y = static_cast<int>(p.year);
    int64_t sod = p.hour * 3600 + p.minute * 60 + p.second - p.offset;
    if (p.yday >= 0) {
      if (p.yday < 1 || p.yday > (chr::year(y).is_leap() ? 366 : 365)) return std::nullopt;
      t = from_civil(y, 1, 1, sod + (p.yday - 1) * kSecondsPerDay, 0);
    } else {
      if (!valid_date(y, static_cast<unsigned>(p.month), static_cast<unsigned>(p.day)))
        return std::nullopt;
      t = from_civil(y, static_cast<unsigned>(p.month), static_cast<unsigned>(p.day), sod, 0);
    }
  }
  t.nanos = p.nanos;
  t.fraction_digits = p.fraction_digits;
  t.date_only = !p.has_time;
  if (t.seconds < kMinSeconds || t.seconds > kMaxSeconds) return std::nullopt;
  return t;
}

std::string format(const DateTime& t, std::string_view format) {
  CivilTime c = civil(t);
  std::string out;
  for (size_t i = 0; i < format.size();) {
    char fc = format[i++];
    if (fc != '%') {
      out += fc;
      continue;
    }
    Directive d = next_directive(format, i);
    switch (d.code) {
      case 'Y':
        append_padded(out, c.year, 4);
        break;
      case 'y':
        append_padded(out, c.year % 100, 2);
        break;
      case 'm':
        append_padded(out, c.month, 2);
        break;
      case 'd':
        append_padded(out, c.day, 2);
        break;
      case 'e':
        append_padded(out, c.day, 2, ' ');
        break;
      case 'j':
        append_padded(out, day_of_year(t), 3);
        break;
      case 'H':
        append_padded(out, c.hour, 2);
        break;
      case 'I':
        append_padded(out, c.hour % 12 == 0 ? 12 : c.hour % 12, 2);
        break;
      case 'p':
        out += c.hour < 12 ? "AM" : "PM";
        break;
      case 'M':
        append_padded(out, c.minute, 2);
        break;
      case 'S':
        append_padded(out, c.second, 2);
        break;
      case 'f':
        append_fraction(out, t.nanos, d.width);
        break;
      case 'b':
      case 'h':
        out += kMonths[c.month - 1].substr(0, 3);
        break;
      case 'B':
        out += kMonths[c.month - 1];
        break;
      case 'a':
        out += kWeekdays[iso_weekday(t) - 1].substr(0, 3);
        break;
      case 'A':
        out += kWeekdays[iso_weekday(t) - 1];
        break;
      case 'u':
        out += static_cast<char>('0' + iso_weekday(t));
        break;
      case 'z':
        out += "+0000";
        break;
      case 'Z':
        out += "UTC";
        break;
      case 's':
        out += std::to_string(t.seconds);
        break;
      case 'F':
        out += expr::format(t, "%Y-%m-%d");
        break;
      case 'T':
        out += expr::format(t, "%H:%M:%S");
        break;
      case '%':
        out += '%';
        break;
    }
  }
  return out;
}

std::optional<Unit> parse_unit(std::string_view name) {
  static constexpr std::pair<std::string_view, Unit> kUnits[] = {
      {"year", Unit::kYear},     {"quarter", Unit::kQuarter}, {"month", Unit::kMonth},
      {"week", Unit::kWeek},     {"day", Unit::kDay},         {"hour", Unit::kHour},
      {"minute", Unit::kMinute}, {"second", Unit::kSecond},   {"millisecond", Unit::kMillisecond}};
  std::string_view singular = name;
  if (singular.size() > 1 && (singular.back() == 's' || singular.back() == 'S'))
    singular.remove_suffix(1);
  for (auto [n, u] : kUnits)
    if (core::iequals(name, n) || core::iequals(singular, n)) return u;
  return std::nullopt;
}

const char* unit_names() {
  return "year, quarter, month, week, day, hour, minute, second, millisecond";
}

namespace {

int64_t unit_seconds(Unit u) {
  switch (u) {
    case Unit::kWeek:
      return 7 * kSecondsPerDay;
    case Unit::kDay:
      return kSecondsPerDay;
    case Unit::kHour:
      return 3600;
    case Unit::kMinute:
      return 60;
    default:
      return 1;
  }
}

int64_t months_of(Unit u) { return u == Unit::kYear ? 12 : u == Unit::kQuarter ? 3 : 1; }

[[noreturn]] void out_of_range() {
  throw std::out_of_range("the result is out of range (years 0000-9999)");
}

// Completed calendar months from a to b. A day past the end of b's month counts as its last
// day, so that Jan 31 + 1 month (Feb 28) is one month after Jan 31.
int64_t months_between(const DateTime& a, const DateTime& b) {
  CivilTime ca = civil(a), cb = civil(b);
  int64_t months = (int64_t{cb.year} - ca.year) * 12 + (int64_t{cb.month} - ca.month);
  unsigned da = std::min(ca.day, last_day(cb.year, cb.month));
  auto pos_a = std::tuple(da, ca.hour, ca.minute, ca.second, ca.nanos);
  auto pos_b = std::tuple(cb.day, cb.hour, cb.minute, cb.second, cb.nanos);
  if (months > 0 && pos_b < pos_a) --months;
  if (months < 0 && pos_b > pos_a) ++months;
  return months;
}

}  // namespace

DateTime add(const DateTime& t, int64_t n, Unit unit) {
  DateTime r = t;
  switch (unit) {
    case Unit::kYear:
    case Unit::kQuarter:
    case Unit::kMonth: {
      if (n > 120000 || n < -120000) out_of_range();
      CivilTime c = civil(t);
      int64_t total = int64_t{c.year} * 12 + (c.month - 1) + n * months_of(unit);
      int64_t y = floor_div(total, 12);
      if (y < 0 || y > 9999) out_of_range();
      auto m = static_cast<unsigned>(total - y * 12 + 1);
      unsigned d = std::min(c.day, last_day(static_cast<int>(y), m));
      r.seconds = days_from_civil(static_cast<int>(y), m, d) * kSecondsPerDay + second_of_day(t);
      break;
    }
    case Unit::kMillisecond: {
      int64_t nanos = t.nanos + (n % 1000) * 1'000'000;
      int64_t carry = floor_div(nanos, kNanosPerSecond);
      r.nanos = static_cast<int32_t>(nanos - carry * kNanosPerSecond);
      if (__builtin_add_overflow(t.seconds, n / 1000 + carry, &r.seconds)) out_of_range();
      r.fraction_digits = std::max(t.fraction_digits, 3);
      r.date_only = false;
      break;
    }
    default: {
      int64_t delta;
      if (__builtin_mul_overflow(n, unit_seconds(unit), &delta) ||
          __builtin_add_overflow(t.seconds, delta, &r.seconds))
        out_of_range();
      if (unit != Unit::kWeek && unit != Unit::kDay) r.date_only = false;
      break;
    }
  }
  check_range(r);
  return r;
}

int64_t diff(Unit unit, const DateTime& from, const DateTime& to) {
  if (unit == Unit::kYear || unit == Unit::kQuarter || unit == Unit::kMonth)
    return months_between(from, to) / months_of(unit);
  int64_t ds = to.seconds - from.seconds, dn = to.nanos - from.nanos;
  // Give both parts one sign, so that truncating the seconds truncates the whole.
  if (ds > 0 && dn < 0) {
    --ds;
    dn += kNanosPerSecond;
  } else if (ds < 0 && dn > 0) {
    ++ds;
    dn -= kNanosPerSecond;
  }
  if (unit == Unit::kMillisecond) return ds * 1000 + dn / 1'000'000;
  return ds / unit_seconds(unit);
}

DateTime truncate(const DateTime& t, Unit unit) {
  CivilTime c = civil(t);
  DateTime r;
  switch (unit) {
    case Unit::kYear:
      r = from_civil(c.year, 1, 1, 0, 0);
      break;
    case Unit::kQuarter:
      r = from_civil(c.year, (c.month - 1) / 3 * 3 + 1, 1, 0, 0);
      break;
    case Unit::kMonth:
      r = from_civil(c.year, c.month, 1, 0, 0);
      break;
    case Unit::kWeek:
      r.seconds = (day_number(t) - (iso_weekday(t) - 1)) * kSecondsPerDay;
      break;
    case Unit::kMillisecond:
      r.seconds = t.seconds;
      r.nanos = t.nanos / 1'000'000 * 1'000'000;
      r.fraction_digits = std::min(t.fraction_digits, 3);
      break;
    default:
      r.seconds = floor_div(t.seconds, unit_seconds(unit)) * unit_seconds(unit);
      break;
  }
  r.date_only = t.date_only;
  check_range(r);
  return r;
}

int iso_weekday(const DateTime& t) {
  return static_cast<int>(chr::weekday(chr::sys_days(chr::days(day_number(t)))).iso_encoding());
}

int day_of_year(const DateTime& t) {
  return static_cast<int>(day_number(t) - days_from_civil(civil(t).year, 1, 1) + 1);
}

DateTime from_millis(int64_t millis) {
  DateTime t;
  t.seconds = floor_div(millis, 1000);
  t.nanos = static_cast<int32_t>((millis - t.seconds * 1000) * 1'000'000);
  t.fraction_digits = 3;
  check_range(t);
  return t;
}

core::Decimal epoch_seconds(const DateTime& t) {
  static const core::Decimal kNano = *core::Decimal::parse("1e-9");
  if (t.nanos == 0) return core::Decimal(t.seconds);
  return core::Decimal(t.seconds) + core::Decimal(t.nanos) * kNano;
}

DateTime from_epoch_seconds(const core::Decimal& seconds) {
  static const core::Decimal kGiga(kNanosPerSecond);
  core::Decimal whole = seconds.floor();
  std::optional<long long> s = whole.to_int64();
  if (!s) out_of_range();
  DateTime t;
  t.seconds = *s;
  t.nanos = static_cast<int32_t>(((seconds - whole) * kGiga).trunc().to_int64().value_or(0));
  t.fraction_digits = std::clamp(-seconds.exponent(), 0, 9);
  check_range(t);
  return t;
}

}  // namespace wharf::pipeline::expr
