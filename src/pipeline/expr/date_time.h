// Dates and timestamps as pipelines carry them: ISO 8601 strings in UTC ("2026-11-21",
// "2026-11-21T10:04:05Z", "2026-11-21T10:04:05.250Z"). This file reads and writes them, with
// strftime-style formats too, and does the calendar arithmetic of the date functions on
// std::chrono's civil calendar. Years are 0000-9999; an operation leaving that range throws
// std::out_of_range. No time zones beyond UTC offsets: an offset is applied when read and
// everything after that is UTC.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/decimal.h"

namespace wharf::pipeline::expr {

// An instant to the nanosecond, and how it is written: a date stays a date, and a timestamp
// keeps the number of fractional digits it came with ("10:04:05.50Z" stays ".50").
struct DateTime {
  int64_t seconds = 0;      // since 1970-01-01T00:00:00Z
  int32_t nanos = 0;        // 0 .. 999'999'999
  int fraction_digits = 0;  // 0..9 printed after the seconds
  bool date_only = false;   // printed as YYYY-MM-DD; the time of day is 00:00:00

  bool operator==(const DateTime&) const = default;
};

struct CivilTime {
  int year;
  unsigned month, day, hour, minute, second;
  int32_t nanos;
};
CivilTime civil(const DateTime& t);

// YYYY-MM-DD, or that, then T (t or a space), HH:MM[:SS[.fraction]] and an optional zone: Z,
// +HH:MM, +HHMM or +HH (and -). A time without a zone is UTC. nullopt for anything else,
// including impossible dates (2026-02-30) and times (24:00).
std::optional<DateTime> parse_iso(std::string_view text);
// YYYY-MM-DD for a date, YYYY-MM-DDTHH:MM:SS[.fraction]Z for a timestamp.
std::string format_iso(const DateTime& t);

// strftime-style formats, for reading (parse_formatted) and writing (format):
//   %Y year (4 digits)   %y year in the century (00-68: 20xx, 69-99: 19xx)   %m month
//   %d day   %e day, space-padded   %j day of the year   %H hour (00-23)   %I hour (01-12)
//   %p AM/PM   %M minute   %S second   %f fraction of a second (6 digits; %3f, %9f: that many)
//   %b %h month name, abbreviated   %B month name   %a weekday, abbreviated   %A weekday
//   %u ISO weekday (1 = Monday)   %z UTC offset (+0000; reading accepts Z, +HH, +HHMM, +HH:MM)
//   %Z zone name (UTC; reading accepts UTC, GMT, Z)   %s seconds since the epoch
//   %F = %Y-%m-%d   %T = %H:%M:%S   %% a percent sign
// Reading: numbers may have fewer digits than written (%m reads "3"); names are
// case-insensitive; a space matches any run of whitespace; fields not in the format default to
// 1970-01-01 00:00:00; the text must be used up. Throws std::invalid_argument for a malformed
// format ("unknown directive '%Q' in format "%Q"").
void check_format(std::string_view format);
std::optional<DateTime> parse_formatted(std::string_view text, std::string_view format);
std::string format(const DateTime& t, std::string_view format);

enum class Unit { kYear, kQuarter, kMonth, kWeek, kDay, kHour, kMinute, kSecond, kMillisecond };
// "day", "days", "DAY"... nullopt for an unknown name.
std::optional<Unit> parse_unit(std::string_view name);
// "year, quarter, month, week, day, hour, minute, second, millisecond" (for messages).
const char* unit_names();

// n units later (earlier when negative). Adding months or years keeps the day of the month, or
// takes the month's last day when it has fewer (2026-01-31 + 1 month = 2026-02-28). A date
// stays a date when adding days or more; adding hours or less makes it a timestamp.
DateTime add(const DateTime& t, int64_t n, Unit unit);
// Whole units from `from` to `to` (negative when `to` is earlier), truncated toward zero: the
// elapsed time for fixed units, completed calendar months for months, quarters and years (so
// that diff(month, t, add(t, n, month)) is n).
int64_t diff(Unit unit, const DateTime& from, const DateTime& to);
// The start of t's year, quarter, month, ISO week (Monday), day, hour, minute or second.
DateTime truncate(const DateTime& t, Unit unit);

int iso_weekday(const DateTime& t);  // 1 = Monday .. 7 = Sunday
int day_of_year(const DateTime& t);  // 1 .. 366

DateTime from_millis(int64_t millis);  // a timestamp with 3 fractional digits
// Seconds since the epoch, fractional when the instant is (exact).
core::Decimal epoch_seconds(const DateTime& t);
// From seconds since the epoch; keeps the fractional digits of `seconds` (up to 9).
DateTime from_epoch_seconds(const core::Decimal& seconds);

}  // namespace wharf::pipeline::expr
