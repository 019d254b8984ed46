// ISO 8601 reading and writing, strftime-style formats and the calendar arithmetic behind the
// date functions (date_time.h). Expected instants were checked against Python's datetime.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <string_view>

#include "pipeline/expr/date_time.h"

namespace wharf::pipeline::expr {
namespace expr_date_time_test {

DateTime iso(std::string_view text) {
  auto t = parse_iso(text);
  EXPECT_TRUE(t) << text;
  return t.value_or(DateTime{});
}

// ISO in, ISO out.
std::string normalized(std::string_view text) { return format_iso(iso(text)); }

std::string parsed(std::string_view text, std::string_view format) {
  auto t = parse_formatted(text, format);
  return t ? format_iso(*t) : "<no match>";
}

std::string added(std::string_view t, int64_t n, Unit u) { return format_iso(add(iso(t), n, u)); }
std::string truncated(std::string_view t, Unit u) { return format_iso(truncate(iso(t), u)); }
int64_t between(Unit u, std::string_view a, std::string_view b) { return diff(u, iso(a), iso(b)); }

TEST(ExprDateTime, ReadsIsoDatesAndTimestamps) {
  DateTime d = iso("2026-11-21");
  EXPECT_TRUE(d.date_only);
  EXPECT_EQ(d.seconds, 1795219200);
  DateTime t = iso("2026-11-21T10:04:05Z");
  EXPECT_FALSE(t.date_only);
  EXPECT_EQ(t.seconds, 1795255445);
  EXPECT_EQ(t.nanos, 0);
  EXPECT_EQ(iso("1970-01-01T00:00:00Z").seconds, 0);
  EXPECT_EQ(iso("2000-01-01").seconds, 946684800);
  EXPECT_EQ(iso("1969-12-31T23:59:59Z").seconds, -1);
  EXPECT_EQ(normalized("2026-11-21"), "2026-11-21");
  EXPECT_EQ(normalized("2026-11-21T10:04:05Z"), "2026-11-21T10:04:05Z");
  EXPECT_EQ(normalized("2026-11-21t10:04:05z"), "2026-11-21T10:04:05Z");
  EXPECT_EQ(normalized("2026-11-21 10:04:05"), "2026-11-21T10:04:05Z");
  EXPECT_EQ(normalized("2026-11-21T10:04"), "2026-11-21T10:04:00Z");
  EXPECT_EQ(normalized("2024-02-29"), "2024-02-29");
  EXPECT_EQ(normalized("0000-01-01T00:00:00Z"), "0000-01-01T00:00:00Z");
  EXPECT_EQ(normalized("9999-12-31T23:59:59Z"), "9999-12-31T23:59:59Z");
}

TEST(ExprDateTime, KeepsFractionalDigits) {
  DateTime t = iso("2026-11-21T10:04:05.5Z");
  EXPECT_EQ(t.nanos, 500000000);
  EXPECT_EQ(t.fraction_digits, 1);
  EXPECT_EQ(normalized("2026-11-21T10:04:05.50Z"), "2026-11-21T10:04:05.50Z");
  EXPECT_EQ(normalized("2026-11-21T10:04:05.000Z"), "2026-11-21T10:04:05.000Z");
  EXPECT_EQ(normalized("2026-11-21T10:04:05,25Z"), "2026-11-21T10:04:05.25Z");
  EXPECT_EQ(normalized("2026-11-21T10:04:05.123456789Z"), "2026-11-21T10:04:05.123456789Z");
  EXPECT_EQ(normalized("2026-11-21T10:04:05.1234567891234Z"), "2026-11-21T10:04:05.123456789Z");
}

TEST(ExprDateTime, ConvertsOffsetsToUtc) {
  EXPECT_EQ(normalized("2026-11-21T01:00:00+08:00"), "2026-11-20T17:00:00Z");
  EXPECT_EQ(normalized("2026-11-21T23:30:00-05:30"), "2026-11-22T05:00:00Z");
  EXPECT_EQ(normalized("2026-11-21T10:00:00+0200"), "2026-11-21T08:00:00Z");
  EXPECT_EQ(normalized("2026-11-21T10:00:00+02"), "2026-11-21T08:00:00Z");
  EXPECT_EQ(normalized("2026-11-21T10:00:00.25-01:00"), "2026-11-21T11:00:00.25Z");
  EXPECT_EQ(normalized("2026-12-31T23:00:00-02:00"), "2027-01-01T01:00:00Z");
}

TEST(ExprDateTime, RefusesWhatIsNotIso) {
  for (const char* bad : {"",
                          "2026",
                          "2026-11",
                          "2026-1-01",
                          "26-11-21",
                          "2026/11/21",
                          "2026-11-21X",
                          "2026-11-21T",
                          "2026-11-21T10",
                          "2026-11-21T10:4",
                          "2026-11-21T10:04:5",
                          "2026-11-21T10:04:05.",
                          "2026-11-21T10:04:05.Z",
                          "2026-11-21T10:04:05Z ",
                          "2026-11-21T10:04:05+",
                          "2026-11-21T10:04:05+1",
                          "2026-11-21T10:04:05+24:00",
                          "2026-11-21T10:04:05+02:60",
                          "2026-02-30",
                          "2023-02-29",
                          "2026-13-01",
                          "2026-00-10",
                          "2026-11-00",
                          "2026-11-21T24:00:00Z",
                          "2026-11-21T10:60:00Z",
                          "2026-11-21T10:04:60Z",
                          " 2026-11-21",
                          "0000-01-01T00:00:00+01:00",
                          "abc",
                          "2026-11-21T10:04:05 +01:00"})
    EXPECT_FALSE(parse_iso(bad)) << bad;
}

TEST(ExprDateTime, ReadsFormattedText) {
  EXPECT_EQ(parsed("21/11/2026", "%d/%m/%Y"), "2026-11-21");
  EXPECT_EQ(parsed("20261121", "%Y%m%d"), "2026-11-21");
  EXPECT_EQ(parsed("1/2/2026", "%d/%m/%Y"), "2026-02-01");
  EXPECT_EQ(parsed("5 Nov 2026 14:30", "%d %b %Y %H:%M"), "2026-11-05T14:30:00Z");
  EXPECT_EQ(parsed("November  5,   2026", "%B %e, %Y"), "2026-11-05");
  EXPECT_EQ(parsed("5 NOVEMBER 2026", "%d %B %Y"), "2026-11-05");
  EXPECT_EQ(parsed("Sat, 21 Nov 2026", "%a, %d %b %Y"), "2026-11-21");
  EXPECT_EQ(parsed("Saturday 21", "%A %d"), "1970-01-21");
  EXPECT_EQ(parsed("02:30 PM", "%I:%M %p"), "1970-01-01T14:30:00Z");
  EXPECT_EQ(parsed("12:05 am", "%I:%M %p"), "1970-01-01T00:05:00Z");
  EXPECT_EQ(parsed("12:05 PM", "%I:%M %p"), "1970-01-01T12:05:00Z");
  EXPECT_EQ(parsed("2026-11-21T10:00:00+0200", "%Y-%m-%dT%H:%M:%S%z"), "2026-11-21T08:00:00Z");
  EXPECT_EQ(parsed("2026-11-21 10:00:00 UTC", "%Y-%m-%d %H:%M:%S %Z"), "2026-11-21T10:00:00Z");
  EXPECT_EQ(parsed("1700000000", "%s"), "2023-11-14T22:13:20Z");
  EXPECT_EQ(parsed("032/2026", "%j/%Y"), "2026-02-01");
  EXPECT_EQ(parsed("366 2024", "%j %Y"), "2024-12-31");
  EXPECT_EQ(parsed("21.11.69", "%d.%m.%y"), "1969-11-21");
  EXPECT_EQ(parsed("21.11.68", "%d.%m.%y"), "2068-11-21");
  EXPECT_EQ(parsed("2026-11-21 10:04:05", "%F %T"), "2026-11-21T10:04:05Z");
  EXPECT_EQ(parsed("2026-11-21 10:04:05.25", "%F %T.%f"), "2026-11-21T10:04:05.25Z");
  EXPECT_EQ(parsed("100%", "100%%"), "1970-01-01");
  EXPECT_EQ(parsed("6 2026-11-21", "%u %F"), "2026-11-21");
}

TEST(ExprDateTime, FormattedTextThatDoesNotMatch) {
  EXPECT_EQ(parsed("2026/11/21", "%Y-%m-%d"), "<no match>");
  EXPECT_EQ(parsed("2026-11-21 extra", "%Y-%m-%d"), "<no match>");
  EXPECT_EQ(parsed("31/02/2026", "%d/%m/%Y"), "<no match>");
  EXPECT_EQ(parsed("25:00", "%H:%M"), "<no match>");
  EXPECT_EQ(parsed("13:00 PM", "%I:%M %p"), "<no match>");
  EXPECT_EQ(parsed("Foo 2026", "%b %Y"), "<no match>");
  EXPECT_EQ(parsed("367 2024", "%j %Y"), "<no match>");
  EXPECT_EQ(parsed("366 2026", "%j %Y"), "<no match>");
  EXPECT_EQ(parsed("", "%Y"), "<no match>");
  EXPECT_EQ(parsed("8 2026-11-21", "%u %F"), "<no match>");
}

TEST(ExprDateTime, MalformedFormats) {
  auto message = [](std::string_view format) {
    try {
      check_format(format);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("<valid>");
  };
  EXPECT_EQ(message("%Y-%m-%d %H:%M:%S.%3f %z %%"), "<valid>");
  EXPECT_EQ(message("%Q"), "unknown directive '%Q' in format \"%Q\"");
  EXPECT_EQ(message("%Y-%"), "format \"%Y-%\" ends with a lone '%'");
  EXPECT_EQ(message("%3Y"), "unknown directive '%3Y' in format \"%3Y\"");
  EXPECT_EQ(message("%3"), "unknown directive '%3' in format \"%3\"");
  EXPECT_EQ(message("%0f"), "unknown directive '%0' in format \"%0f\"");
  EXPECT_THROW(parse_formatted("x", "%Q"), std::invalid_argument);
  EXPECT_THROW(format(iso("2026-11-21"), "%Q"), std::invalid_argument);
}

TEST(ExprDateTime, Formats) {
  DateTime t = iso("2026-11-21T14:04:05.123456Z");
  EXPECT_EQ(format(t, "%Y-%m-%d %H:%M:%S"), "2026-11-21 14:04:05");
  EXPECT_EQ(format(t, "%d/%m/%y %I:%M %p"), "21/11/26 02:04 PM");
  EXPECT_EQ(format(t, "%a %A %b %h %B"), "Sat Saturday Nov Nov November");
  EXPECT_EQ(format(t, "%j %u %e %z %Z %%"), "325 6 21 +0000 UTC %");
  EXPECT_EQ(format(t, "%F %T"), "2026-11-21 14:04:05");
  EXPECT_EQ(format(t, "%S.%f|%3f|%9f|%1f"), "05.123456|123|123456000|1");
  EXPECT_EQ(format(t, "%s"), "1795269845");
  EXPECT_EQ(format(iso("2026-01-05"), "%e %H:%M %I %p"), " 5 00:00 12 AM");
  EXPECT_EQ(format(iso("0099-03-01"), "%Y %y"), "0099 99");
  EXPECT_EQ(format(t, "no directives"), "no directives");
}

TEST(ExprDateTime, Units) {
  EXPECT_EQ(parse_unit("day"), Unit::kDay);
  EXPECT_EQ(parse_unit("Days"), Unit::kDay);
  EXPECT_EQ(parse_unit("MONTH"), Unit::kMonth);
  EXPECT_EQ(parse_unit("quarters"), Unit::kQuarter);
  EXPECT_EQ(parse_unit("millisecond"), Unit::kMillisecond);
  EXPECT_EQ(parse_unit("fortnight"), std::nullopt);
  EXPECT_EQ(parse_unit("s"), std::nullopt);
  EXPECT_EQ(parse_unit(""), std::nullopt);
  EXPECT_EQ(parse_unit("dayss"), std::nullopt);
}

TEST(ExprDateTime, AddsCalendarUnits) {
  EXPECT_EQ(added("2026-01-31", 1, Unit::kMonth), "2026-02-28");
  EXPECT_EQ(added("2024-01-31", 1, Unit::kMonth), "2024-02-29");
  EXPECT_EQ(added("2026-03-31", -1, Unit::kMonth), "2026-02-28");
  EXPECT_EQ(added("2026-11-21", 2, Unit::kMonth), "2027-01-21");
  EXPECT_EQ(added("2026-01-15", -13, Unit::kMonth), "2024-12-15");
  EXPECT_EQ(added("2024-02-29", 1, Unit::kYear), "2025-02-28");
  EXPECT_EQ(added("2026-11-30", 1, Unit::kQuarter), "2027-02-28");
  EXPECT_EQ(added("2026-11-21T10:04:05.25Z", 1, Unit::kMonth), "2026-12-21T10:04:05.25Z");
  EXPECT_EQ(added("2026-11-21", 10, Unit::kDay), "2026-12-01");
  EXPECT_EQ(added("2026-11-21", -1, Unit::kWeek), "2026-11-14");
  EXPECT_EQ(added("2026-11-21T23:00:00Z", 1, Unit::kDay), "2026-11-22T23:00:00Z");
  EXPECT_EQ(added("2026-11-21", 5, Unit::kHour),
            "2026-11-21T05:00:00Z");  // a date becomes a timestamp
  EXPECT_EQ(added("2026-11-21T23:30:00Z", 90, Unit::kMinute), "2026-11-22T01:00:00Z");
  EXPECT_EQ(added("2026-11-21T10:04:05Z", -5, Unit::kSecond), "2026-11-21T10:04:00Z");
  EXPECT_EQ(added("2026-11-21T10:04:05Z", 1500, Unit::kMillisecond), "2026-11-21T10:04:06.500Z");
  EXPECT_EQ(added("2026-11-21T10:04:05Z", -1, Unit::kMillisecond), "2026-11-21T10:04:04.999Z");
  EXPECT_EQ(added("2026-11-21T10:04:05.123456Z", 1, Unit::kMillisecond),
            "2026-11-21T10:04:05.124456Z");
  EXPECT_EQ(added("1970-01-01", -1, Unit::kSecond), "1969-12-31T23:59:59Z");
}

TEST(ExprDateTime, AddingOutOfRangeThrows) {
  EXPECT_THROW(add(iso("9999-12-31"), 1, Unit::kDay), std::out_of_range);
  EXPECT_THROW(add(iso("0000-01-01"), -1, Unit::kSecond), std::out_of_range);
  EXPECT_THROW(add(iso("9999-12-01"), 1, Unit::kMonth), std::out_of_range);
  EXPECT_THROW(add(iso("2026-01-01"), 1'000'000'000'000'000, Unit::kWeek), std::out_of_range);
  EXPECT_THROW(add(iso("2026-01-01"), INT64_MIN, Unit::kYear), std::out_of_range);
  EXPECT_THROW(add(iso("2026-01-01"), INT64_MAX, Unit::kMillisecond), std::out_of_range);
}

TEST(ExprDateTime, Differences) {
  EXPECT_EQ(between(Unit::kDay, "2026-11-21", "2026-12-01"), 10);
  EXPECT_EQ(between(Unit::kDay, "2026-12-01", "2026-11-21"), -10);
  EXPECT_EQ(between(Unit::kDay, "2026-11-21T23:00:00Z", "2026-11-22T01:00:00Z"), 0);
  EXPECT_EQ(between(Unit::kDay, "2026-11-22T01:00:00Z", "2026-11-21T00:00:00Z"), -1);
  EXPECT_EQ(between(Unit::kHour, "2026-11-21T10:30:00Z", "2026-11-21T12:29:59.9Z"), 1);
  EXPECT_EQ(between(Unit::kHour, "2026-11-21T12:29:59.9Z", "2026-11-21T10:30:00Z"), -1);
  EXPECT_EQ(between(Unit::kMinute, "2026-11-21", "2026-11-21T01:00:00Z"), 60);
  EXPECT_EQ(between(Unit::kSecond, "2026-11-21T10:00:00.9Z", "2026-11-21T10:00:02.1Z"), 1);
  EXPECT_EQ(between(Unit::kMillisecond, "2026-11-21T10:00:00.9Z", "2026-11-21T10:00:02.1Z"), 1200);
  EXPECT_EQ(between(Unit::kMillisecond, "2026-11-21T10:00:02.1Z", "2026-11-21T10:00:00.9Z"), -1200);
  EXPECT_EQ(between(Unit::kWeek, "2026-11-01", "2026-11-21"), 2);
  EXPECT_EQ(between(Unit::kMonth, "2026-01-31", "2026-02-28"), 1);
  EXPECT_EQ(between(Unit::kMonth, "2026-01-31T10:00:00Z", "2026-02-28T09:00:00Z"), 0);
  EXPECT_EQ(between(Unit::kMonth, "2026-03-31", "2026-02-28"), -1);
  EXPECT_EQ(between(Unit::kMonth, "2026-01-15", "2026-03-14"), 1);
  EXPECT_EQ(between(Unit::kMonth, "2026-03-14", "2026-01-15"), -1);
  EXPECT_EQ(between(Unit::kQuarter, "2026-01-01", "2026-12-31"), 3);
  EXPECT_EQ(between(Unit::kYear, "2024-02-29", "2025-02-28"), 1);
  EXPECT_EQ(between(Unit::kYear, "2000-06-15", "2026-06-14"), 25);
  EXPECT_EQ(between(Unit::kYear, "2026-06-14", "2000-06-15"), -25);
}

TEST(ExprDateTime, AddingThenDiffingGivesBackTheCount) {
  for (const char* start : {"2026-01-31", "2024-02-29T12:00:00Z", "2026-08-31T23:59:59.5Z"})
    for (int n : {-25, -13, -1, 1, 2, 11, 37})
      for (Unit u : {Unit::kMonth, Unit::kQuarter, Unit::kYear, Unit::kDay, Unit::kHour})
        EXPECT_EQ(diff(u, iso(start), add(iso(start), n, u)), n) << start << " " << n;
}

TEST(ExprDateTime, Truncates) {
  const char* t = "2026-11-21T14:04:05.123456Z";
  EXPECT_EQ(truncated(t, Unit::kYear), "2026-01-01T00:00:00Z");
  EXPECT_EQ(truncated(t, Unit::kQuarter), "2026-10-01T00:00:00Z");
  EXPECT_EQ(truncated(t, Unit::kMonth), "2026-11-01T00:00:00Z");
  EXPECT_EQ(truncated(t, Unit::kWeek), "2026-11-16T00:00:00Z");
  EXPECT_EQ(truncated(t, Unit::kDay), "2026-11-21T00:00:00Z");
  EXPECT_EQ(truncated(t, Unit::kHour), "2026-11-21T14:00:00Z");
  EXPECT_EQ(truncated(t, Unit::kMinute), "2026-11-21T14:04:00Z");
  EXPECT_EQ(truncated(t, Unit::kSecond), "2026-11-21T14:04:05Z");
  EXPECT_EQ(truncated(t, Unit::kMillisecond), "2026-11-21T14:04:05.123Z");
  EXPECT_EQ(truncated("2026-11-21", Unit::kMonth), "2026-11-01");
  EXPECT_EQ(truncated("2026-11-16", Unit::kWeek), "2026-11-16");
  EXPECT_EQ(truncated("2026-11-22", Unit::kWeek), "2026-11-16");
  EXPECT_EQ(truncated("1969-12-31T23:59:59Z", Unit::kHour), "1969-12-31T23:00:00Z");
  EXPECT_THROW(truncate(iso("0000-01-01"), Unit::kWeek), std::out_of_range);
}

TEST(ExprDateTime, CalendarFields) {
  CivilTime c = civil(iso("2026-11-21T14:04:05.5Z"));
  EXPECT_EQ(c.year, 2026);
  EXPECT_EQ(c.month, 11u);
  EXPECT_EQ(c.day, 21u);
  EXPECT_EQ(c.hour, 14u);
  EXPECT_EQ(c.minute, 4u);
  EXPECT_EQ(c.second, 5u);
  EXPECT_EQ(c.nanos, 500000000);
  EXPECT_EQ(iso_weekday(iso("2026-11-21")), 6);
  EXPECT_EQ(iso_weekday(iso("2026-11-22T23:59:59Z")), 7);
  EXPECT_EQ(iso_weekday(iso("2025-12-29")), 1);
  EXPECT_EQ(iso_weekday(iso("1969-12-31")), 3);
  EXPECT_EQ(day_of_year(iso("2026-11-21")), 325);
  EXPECT_EQ(day_of_year(iso("2024-12-31")), 366);
  EXPECT_EQ(civil(iso("1969-12-31T23:59:59Z")).hour, 23u);
}

TEST(ExprDateTime, EpochConversions) {
  EXPECT_EQ(format_iso(from_millis(1700000000123)), "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(format_iso(from_millis(-1)), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(epoch_seconds(iso("2023-11-14T22:13:20.123Z")).to_string(), "1700000000.123");
  EXPECT_EQ(epoch_seconds(iso("2026-11-21")).to_string(), "1795219200");
  EXPECT_EQ(epoch_seconds(iso("1969-12-31T23:59:59.5Z")).to_string(), "-0.5");
  auto from = [](const char* s) {
    return format_iso(from_epoch_seconds(core::Decimal::parse(s).value()));
  };
  EXPECT_EQ(from("1700000000"), "2023-11-14T22:13:20Z");
  EXPECT_EQ(from("1700000000.5"), "2023-11-14T22:13:20.5Z");
  EXPECT_EQ(from("1700000000.120"), "2023-11-14T22:13:20.12Z");
  EXPECT_EQ(from("-0.5"), "1969-12-31T23:59:59.5Z");
  EXPECT_EQ(from("0.1234567891"), "1970-01-01T00:00:00.123456789Z");
  EXPECT_EQ(from("1e3"), "1970-01-01T00:16:40Z");
  EXPECT_THROW(from_epoch_seconds(core::Decimal::parse("1e20").value()), std::out_of_range);
  EXPECT_THROW(from_epoch_seconds(core::Decimal::parse("253402300800").value()), std::out_of_range);
  EXPECT_THROW(from_epoch_seconds(core::Decimal::parse("1e100000").value()), std::out_of_range);
}

}  // namespace expr_date_time_test
}  // namespace wharf::pipeline::expr
