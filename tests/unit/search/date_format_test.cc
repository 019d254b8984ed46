// Dates as Elasticsearch 7.17 reads and writes them: strict_date_optional_time (date only, with
// time, fractions, Z and offsets), epoch_millis / epoch_second, Java-style patterns, the "||"
// alternatives of a mapping's format, date math with rounding (down for gte/lt, up to the last
// millisecond for lte/gt), month arithmetic clamped to the month's end, ISO weeks starting on
// Monday, and formatting back.
#include "search/date_format.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wharf::search {
namespace date_format_test {

using Formats = std::vector<std::string>;

const Formats kDefault = {"strict_date_optional_time", "epoch_millis"};
const Formats kIso = {"strict_date_optional_time"};

constexpr int64_t kMay1 = 1714521600000;          // 2024-05-01T00:00:00Z
constexpr int64_t kMay1At10 = 1714557600000;      // 2024-05-01T10:00:00Z
constexpr int64_t kMay1At102030 = 1714558830123;  // 2024-05-01T10:20:30.123Z
constexpr int64_t kNow = 1710498600000;           // 2024-03-15T10:30:00Z, a Friday
constexpr int64_t kHour = 3600000;

// The date math result rendered, or "<none>".
std::string math(std::string_view expr, bool round_up, const Formats& formats = kDefault) {
  auto ms = parse_date_math(expr, kNow, round_up, formats);
  return ms ? format_date(*ms) : "<none>";
}

// -- parse_date ---------------------------------------------------------------------------------

TEST(ParseDate, StrictDateOptionalTime) {
  EXPECT_EQ(parse_date("2024-05-01", kIso), kMay1);
  EXPECT_EQ(parse_date("2024-05-01T10:00:00", kIso), kMay1At10);
  EXPECT_EQ(parse_date("2024-05-01T10:00:00Z", kIso), kMay1At10);
  EXPECT_EQ(parse_date("2024-05-01T10:00", kIso), kMay1At10);
  EXPECT_EQ(parse_date("2024-05-01T10:20:30.123Z", kIso), kMay1At102030);
  EXPECT_EQ(parse_date("2024-05-01T10:20:30.123456789Z", kIso), kMay1At102030);  // nanos cut
  EXPECT_EQ(parse_date("2024-05-01T10:20:30.1Z", kIso), kMay1At102030 - 23);     // .1 = 100 ms
  EXPECT_EQ(parse_date("1970-01-01T00:00:00Z", kIso), 0);
  EXPECT_EQ(parse_date("1969-12-31T23:59:59.999Z", kIso), -1);
}

TEST(ParseDate, Offsets) {
  EXPECT_EQ(parse_date("2024-05-01T10:00:00+01:00", kIso), kMay1At10 - kHour);
  EXPECT_EQ(parse_date("2024-05-01T10:00:00-05:30", kIso), kMay1At10 + 5 * kHour + kHour / 2);
  EXPECT_EQ(parse_date("2024-05-01T10:00:00+0100", kIso), kMay1At10 - kHour);
  EXPECT_EQ(parse_date("2024-05-01T10:00:00.500+02:00", kIso), kMay1At10 - 2 * kHour + 500);
}

TEST(ParseDate, StrictFormatsRejectLooseText) {
  for (const char* bad : {"", "2024-5-1", "2024-05-1", "24-05-01", "2024-13-01", "2024-05-32",
                          "2024-05-01T25:00:00Z", "2024-05-01T10:61:00Z", "2024-05-01 10:00:00",
                          "2024-05-01T10:00:00Zjunk", "not a date", "2024/05/01"})
    EXPECT_EQ(parse_date(bad, kIso), std::nullopt) << bad;
}

TEST(ParseDate, StrictFormatsRejectDaysPastTheMonthsEnd) {
  // Elasticsearch's strict formats resolve with ResolverStyle.STRICT: February 30th is an error,
  // not March 1st.
  EXPECT_EQ(parse_date("2024-02-30", kIso), std::nullopt);
  EXPECT_EQ(parse_date("2023-02-29", kIso), std::nullopt);
  EXPECT_EQ(parse_date("2024-04-31", kIso), std::nullopt);
  EXPECT_EQ(parse_date("2024-02-29", kIso), 1709164800000);  // a leap day is fine
}

TEST(ParseDate, Epochs) {
  EXPECT_EQ(parse_date("1714557600000", {"epoch_millis"}), kMay1At10);
  EXPECT_EQ(parse_date("-1000", {"epoch_millis"}), -1000);
  EXPECT_EQ(parse_date("0", {"epoch_millis"}), 0);
  EXPECT_EQ(parse_date("1714557600", {"epoch_second"}), kMay1At10);
  EXPECT_EQ(parse_date("abc", {"epoch_millis"}), std::nullopt);
  EXPECT_EQ(parse_date("", {"epoch_millis"}), std::nullopt);
  EXPECT_EQ(parse_date("12ab", {"epoch_millis"}), std::nullopt);
}

TEST(ParseDate, JavaPatterns) {
  EXPECT_EQ(parse_date("2024/05/01 10:20:30", {"yyyy/MM/dd HH:mm:ss"}), kMay1At102030 - 123);
  EXPECT_EQ(parse_date("01-05-2024", {"dd-MM-yyyy"}), kMay1);
  EXPECT_EQ(parse_date("2024-05-01T10:20:30.123", {"yyyy-MM-dd'T'HH:mm:ss.SSS"}), kMay1At102030);
  EXPECT_EQ(parse_date("20240501", {"basic_date"}), kMay1);
  EXPECT_EQ(parse_date("2024-05-01", {"dd-MM-yyyy"}), std::nullopt);
  EXPECT_EQ(parse_date("01-05-2024 extra", {"dd-MM-yyyy"}), std::nullopt);
  EXPECT_EQ(parse_date("2024/05/01", {"yyyy/MM/dd HH:mm:ss"}), std::nullopt);
}

TEST(ParseDate, AlternativesAreTriedInOrder) {
  Formats f = {"dd-MM-yyyy", "epoch_millis"};
  EXPECT_EQ(parse_date("01-05-2024", f), kMay1);
  EXPECT_EQ(parse_date("1714521600000", f), kMay1);
  EXPECT_EQ(parse_date("2024-05-01", f), std::nullopt);
  EXPECT_EQ(parse_date("2024-05-01T10:00:00Z", kDefault), kMay1At10);
  EXPECT_EQ(parse_date("1714557600000", kDefault), kMay1At10);
}

// -- parse_date_math ----------------------------------------------------------------------------

TEST(DateMath, NowAndArithmetic) {
  EXPECT_EQ(parse_date_math("now", kNow, false, kDefault), kNow);
  EXPECT_EQ(math("now-1d", false), "2024-03-14T10:30:00.000Z");
  EXPECT_EQ(math("now+1h", false), "2024-03-15T11:30:00.000Z");
  EXPECT_EQ(math("now-90m", false), "2024-03-15T09:00:00.000Z");
  EXPECT_EQ(math("now+1w", false), "2024-03-22T10:30:00.000Z");
  EXPECT_EQ(math("now-1y", false), "2023-03-15T10:30:00.000Z");
  EXPECT_EQ(math("now+1d-2h", false), "2024-03-16T08:30:00.000Z");
}

TEST(DateMath, RoundingToDays) {
  EXPECT_EQ(math("now-1d/d", false), "2024-03-14T00:00:00.000Z");
  EXPECT_EQ(math("now-1d/d", true), "2024-03-14T23:59:59.999Z");
  EXPECT_EQ(math("now/d", false), "2024-03-15T00:00:00.000Z");
  EXPECT_EQ(math("now/h", true), "2024-03-15T10:59:59.999Z");
}

TEST(DateMath, AnchoredDatesAndMonthArithmetic) {
  EXPECT_EQ(math("2024-01-31||+1M", false), "2024-02-29T00:00:00.000Z");  // leap year
  EXPECT_EQ(math("2023-01-31||+1M", false), "2023-02-28T00:00:00.000Z");
  EXPECT_EQ(math("2024-03-31||-1M", false), "2024-02-29T00:00:00.000Z");
  EXPECT_EQ(math("2024-02-29||+1y", false), "2025-02-28T00:00:00.000Z");
  EXPECT_EQ(math("2024-12-15||+1M", false), "2025-01-15T00:00:00.000Z");
  EXPECT_EQ(math("2024-01-01||+1M/d", false), "2024-02-01T00:00:00.000Z");
  // Without "||" the text is a plain date.
  EXPECT_EQ(math("2024-03-01", false), "2024-03-01T00:00:00.000Z");
}

TEST(DateMath, RoundingToMonthsYearsAndWeeks) {
  const char* base = "2024-03-15T10:30:00Z||";
  EXPECT_EQ(math(std::string(base) + "/M", false), "2024-03-01T00:00:00.000Z");
  EXPECT_EQ(math(std::string(base) + "/M", true), "2024-03-31T23:59:59.999Z");
  EXPECT_EQ(math(std::string(base) + "/y", false), "2024-01-01T00:00:00.000Z");
  EXPECT_EQ(math(std::string(base) + "/y", true), "2024-12-31T23:59:59.999Z");
  // Weeks start on Monday: 2024-03-15 is a Friday.
  EXPECT_EQ(math(std::string(base) + "/w", false), "2024-03-11T00:00:00.000Z");
  EXPECT_EQ(math(std::string(base) + "/w", true), "2024-03-17T23:59:59.999Z");
  EXPECT_EQ(math("2024-03-17T12:00:00Z||/w", false), "2024-03-11T00:00:00.000Z");  // Sunday
  EXPECT_EQ(math("2024-03-11T00:00:00Z||/w", false), "2024-03-11T00:00:00.000Z");  // Monday
  EXPECT_EQ(math("1970-01-01||/w", false), "1969-12-29T00:00:00.000Z");  // before the epoch
  EXPECT_EQ(math("now/w", false), "2024-03-11T00:00:00.000Z");
}

TEST(DateMath, MalformedExpressions) {
  for (const char* bad :
       {"now-1x", "now+", "now/", "now*2d", "garbage||+1d", "2024-13-01||+1d", "yesterday"})
    EXPECT_EQ(parse_date_math(bad, kNow, false, kDefault), std::nullopt) << bad;
}

TEST(DateMath, UsesTheGivenFormats) {
  EXPECT_EQ(math("15/03/2024||+1d", false, {"dd/MM/yyyy"}), "2024-03-16T00:00:00.000Z");
  EXPECT_EQ(math("15/03/2024||+1d", false, kDefault), "<none>");
}

// -- format_date --------------------------------------------------------------------------------

TEST(FormatDate, StrictDateOptionalTimeOutput) {
  EXPECT_EQ(format_date(kMay1At102030), "2024-05-01T10:20:30.123Z");
  EXPECT_EQ(format_date(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_date(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(format_date(951782400000), "2000-02-29T00:00:00.000Z");
}

TEST(FormatDate, NamedFormatsAndPatterns) {
  EXPECT_EQ(format_date(kMay1At102030, ""), "2024-05-01T10:20:30.123Z");
  EXPECT_EQ(format_date(kMay1At102030, "strict_date_optional_time"), "2024-05-01T10:20:30.123Z");
  EXPECT_EQ(format_date(kMay1At102030, "epoch_millis"), "1714558830123");
  EXPECT_EQ(format_date(kMay1At102030, "epoch_second"), "1714558830");
  EXPECT_EQ(format_date(kMay1At102030, "strict_date"), "2024-05-01");
  EXPECT_EQ(format_date(kMay1At102030, "basic_date"), "20240501");
  EXPECT_EQ(format_date(kMay1At102030, "year_month"), "2024-05");
  EXPECT_EQ(format_date(kMay1At102030, "yyyy/MM/dd HH:mm:ss"), "2024/05/01 10:20:30");
  EXPECT_EQ(format_date(kMay1At102030, "dd.MM.yy"), "01.05.24");
  EXPECT_EQ(format_date(kMay1At102030, "yyyy-MM-dd'T'HH:mm:ss.SSS"), "2024-05-01T10:20:30.123");
}

TEST(FormatDate, FirstOfAlternatives) {
  EXPECT_EQ(format_date(kMay1At102030, "yyyy-MM-dd||epoch_millis"), "2024-05-01");
  EXPECT_EQ(format_date(kMay1At102030, "epoch_millis||yyyy-MM-dd"), "1714558830123");
}

TEST(FormatDate, RoundTripsThroughParse) {
  for (int64_t ms : {int64_t{0}, kMay1, kMay1At102030, int64_t{-86400001}, int64_t{4102444800000}})
    EXPECT_EQ(parse_date(format_date(ms), kIso), ms) << ms;
  EXPECT_EQ(parse_date(format_date(kMay1At102030, "yyyy/MM/dd HH:mm:ss"), {"yyyy/MM/dd HH:mm:ss"}),
            kMay1At102030 - 123);
}

// -- calendar helpers ---------------------------------------------------------------------------

TEST(Civil, DaysFromCivilAndBack) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(2024, 3, 1), 19783);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
  int64_t y;
  unsigned m, d;
  civil_from_days(19783, y, m, d);
  EXPECT_EQ(y, 2024);
  EXPECT_EQ(m, 3u);
  EXPECT_EQ(d, 1u);
  civil_from_days(-1, y, m, d);
  EXPECT_EQ(y, 1969);
  EXPECT_EQ(m, 12u);
  EXPECT_EQ(d, 31u);
  for (int64_t day = -800000; day <= 800000; day += 997) {
    civil_from_days(day, y, m, d);
    EXPECT_EQ(days_from_civil(y, m, d), day);
  }
}

}  // namespace date_format_test
}  // namespace wharf::search
