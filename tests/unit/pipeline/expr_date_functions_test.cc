// Date functions (date_functions.cc) over ISO 8601 strings, with the run's clock fixed by the
// EvalContext: each function with dates, timestamps, nulls and its errors.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "core/error.h"
#include "core/json_codec.h"
#include "pipeline/expr/expression.h"
#include "tests/unit/test_util.h"

namespace wharf::pipeline {
namespace expr_date_functions_test {

using core::Value;

constexpr int64_t kNow = 1795255445123;  // 2026-11-21T10:04:05.123Z, a Saturday

const core::Map& record() {
  static const core::Map r = {
      {"d", "2026-11-21"},
      {"ts", "2026-11-21T10:04:05Z"},
      {"local", "2026-11-21T01:30:00+08:00"},
      {"u", Value()},
      {"n", 5},
      {"bad", "21/11/2026"},
  };
  return r;
}

std::string js(std::string_view text) {
  return core::to_json(Expression::parse(text).eval(record(), EvalContext{kNow}));
}

std::string fails(std::string_view text) {
  core::Error e =
      testing::error_of([&] { Expression::parse(text).eval(record(), EvalContext{kNow}); });
  EXPECT_EQ(e.code(), "ExpressionError") << text;
  EXPECT_EQ(e.http_status(), 400) << text;
  return e.message();
}

TEST(ExprDateFunctions, NowAndTodayReadTheRunClock) {
  EXPECT_EQ(js("now()"), "\"2026-11-21T10:04:05.123Z\"");
  EXPECT_EQ(js("today()"), "\"2026-11-21\"");
  EXPECT_EQ(js("date_diff('day', d, now())"), "0");
  EXPECT_EQ(js("now() > '2026-01-01'"), "true");
  EXPECT_EQ(core::to_json(Expression::parse("now()").eval(core::Map{}, EvalContext{0})),
            "\"1970-01-01T00:00:00.000Z\"");
}

TEST(ExprDateFunctions, Date) {
  EXPECT_EQ(js("date(d)"), "\"2026-11-21\"");
  EXPECT_EQ(js("date(ts)"), "\"2026-11-21\"");
  EXPECT_EQ(js("date(local)"), "\"2026-11-20\"");  // UTC first
  EXPECT_EQ(js("date(bad, '%d/%m/%Y')"), "\"2026-11-21\"");
  EXPECT_EQ(js("date('Nov 5 2026 23:59', '%b %d %Y %H:%M')"), "\"2026-11-05\"");
  EXPECT_EQ(js("date(u)"), "null");
  EXPECT_EQ(js("date(bad, u)"), "null");
  EXPECT_EQ(fails("date(bad)"), "date: cannot read \"21/11/2026\" as a date or timestamp");
  EXPECT_EQ(fails("date('2026-02-30')"), "date: cannot read \"2026-02-30\" as a date or timestamp");
  EXPECT_EQ(fails("date(n)"), "date: argument 1 must be a string, got 5 (number)");
  EXPECT_EQ(fails("date(d, '%d/%m/%Y')"),
            "date: \"2026-11-21\" does not match the format \"%d/%m/%Y\"");
  EXPECT_EQ(fails("date(d, bad || '%Q')"),
            "date: unknown directive '%Q' in format \"21/11/2026%Q\"");
}

TEST(ExprDateFunctions, Timestamp) {
  EXPECT_EQ(js("timestamp(d)"), "\"2026-11-21T00:00:00Z\"");
  EXPECT_EQ(js("timestamp(ts)"), "\"2026-11-21T10:04:05Z\"");
  EXPECT_EQ(js("timestamp(local)"), "\"2026-11-20T17:30:00Z\"");
  EXPECT_EQ(js("timestamp('2026-11-21 10:04:05.250')"), "\"2026-11-21T10:04:05.250Z\"");
  EXPECT_EQ(js("timestamp('21/11/2026 10:04', '%d/%m/%Y %H:%M')"), "\"2026-11-21T10:04:00Z\"");
  EXPECT_EQ(js("timestamp('1700000000', '%s')"), "\"2023-11-14T22:13:20Z\"");
  EXPECT_EQ(js("timestamp(u)"), "null");
  EXPECT_EQ(fails("timestamp('yesterday')"),
            "timestamp: cannot read \"yesterday\" as a date or timestamp");
  EXPECT_EQ(fails("timestamp('10:04', '%H:%M:%S')"),
            "timestamp: \"10:04\" does not match the format \"%H:%M:%S\"");
}

TEST(ExprDateFunctions, FormatDate) {
  EXPECT_EQ(js("format_date(ts, '%d/%m/%Y %H:%M')"), "\"21/11/2026 10:04\"");
  EXPECT_EQ(js("format_date(d, '%A %e %B %Y')"), "\"Saturday 21 November 2026\"");
  EXPECT_EQ(js("format_date(now(), '%H:%M:%S.%3f')"), "\"10:04:05.123\"");
  EXPECT_EQ(js("format_date(u, '%Y')"), "null");
  EXPECT_EQ(js("format_date(d, u)"), "null");
  EXPECT_EQ(fails("format_date(bad, '%Y')"),
            "format_date: cannot read \"21/11/2026\" as a date or timestamp");
  EXPECT_EQ(fails("format_date(d, 5)"), "format_date: argument 2 must be a string, got 5 (number)");
  EXPECT_EQ(fails("format_date(d, '%' || 'Q')"),
            "format_date: unknown directive '%Q' in format \"%Q\"");
}

TEST(ExprDateFunctions, DateAdd) {
  EXPECT_EQ(js("date_add(d, 10, 'day')"), "\"2026-12-01\"");
  EXPECT_EQ(js("date_add(d, -1, 'DAYS')"), "\"2026-11-20\"");
  EXPECT_EQ(js("date_add('2026-01-31', 1, 'month')"), "\"2026-02-28\"");
  EXPECT_EQ(js("date_add(ts, 1, 'year')"), "\"2027-11-21T10:04:05Z\"");
  EXPECT_EQ(js("date_add(ts, 2, 'hour')"), "\"2026-11-21T12:04:05Z\"");
  EXPECT_EQ(js("date_add(d, 90, 'minute')"), "\"2026-11-21T01:30:00Z\"");
  EXPECT_EQ(js("date_add(ts, -5, 'second')"), "\"2026-11-21T10:04:00Z\"");
  EXPECT_EQ(js("date_add(ts, 250, 'millisecond')"), "\"2026-11-21T10:04:05.250Z\"");
  EXPECT_EQ(js("date_add(d, n, 'week')"), "\"2026-12-26\"");
  EXPECT_EQ(js("date_add(d, 1, 'quarter')"), "\"2027-02-21\"");
  EXPECT_EQ(js("date_add(u, 1, 'day')"), "null");
  EXPECT_EQ(js("date_add(d, u, 'day')"), "null");
  EXPECT_EQ(fails("date_add(d, 1.5, 'day')"),
            "date_add: argument 2 must be an integer, got 1.5 (number)");
  EXPECT_EQ(fails("date_add(d, 1, 'd' || 'ays2')"),
            "date_add: unknown unit \"days2\" (units: year, quarter, month, week, day, hour, "
            "minute, second, millisecond)");
  EXPECT_EQ(fails("date_add('9999-12-31', 1, 'day')"),
            "date_add: the result is out of range (years 0000-9999)");
  EXPECT_EQ(fails("date_add(bad, 1, 'day')"),
            "date_add: cannot read \"21/11/2026\" as a date or timestamp");
}

TEST(ExprDateFunctions, DateDiff) {
  EXPECT_EQ(js("date_diff('day', '2026-11-01', d)"), "20");
  EXPECT_EQ(js("date_diff('day', d, '2026-11-01')"), "-20");
  EXPECT_EQ(js("date_diff('hour', d, ts)"), "10");
  EXPECT_EQ(js("date_diff('minute', local, ts)"), "994");
  EXPECT_EQ(js("date_diff('month', '2026-01-31', '2026-02-28')"), "1");
  EXPECT_EQ(js("date_diff('year', '1990-11-22', d)"), "35");
  EXPECT_EQ(js("date_diff('second', ts, now())"), "0");
  EXPECT_EQ(js("date_diff('millisecond', ts, now())"), "123");
  EXPECT_EQ(js("date_diff('day', u, d)"), "null");
  EXPECT_EQ(js("date_diff(u, d, d)"), "null");
  EXPECT_EQ(fails("date_diff(n, d, d)"), "date_diff: argument 1 must be a string, got 5 (number)");
  EXPECT_EQ(fails("date_diff('day', d, n)"),
            "date_diff: argument 3 must be a string, got 5 (number)");
  EXPECT_EQ(fails("date_diff('day', d, 'soon')"),
            "date_diff: cannot read \"soon\" as a date or timestamp");
}

TEST(ExprDateFunctions, DateTrunc) {
  EXPECT_EQ(js("date_trunc('month', ts)"), "\"2026-11-01T00:00:00Z\"");
  EXPECT_EQ(js("date_trunc('month', d)"), "\"2026-11-01\"");
  EXPECT_EQ(js("date_trunc('week', d)"), "\"2026-11-16\"");
  EXPECT_EQ(js("date_trunc('year', d)"), "\"2026-01-01\"");
  EXPECT_EQ(js("date_trunc('hour', ts)"), "\"2026-11-21T10:00:00Z\"");
  EXPECT_EQ(js("date_trunc('quarter', ts)"), "\"2026-10-01T00:00:00Z\"");
  EXPECT_EQ(js("date_trunc('day', u)"), "null");
  EXPECT_EQ(fails("date_trunc('day', n)"),
            "date_trunc: argument 2 must be a string, got 5 (number)");
}

TEST(ExprDateFunctions, Fields) {
  EXPECT_EQ(js("[year(ts), month(ts), day(ts), hour(ts), minute(ts), second(ts)]"),
            "[2026,11,21,10,4,5]");
  EXPECT_EQ(js("[year(d), hour(d)]"), "[2026,0]");
  EXPECT_EQ(js("hour(local)"), "17");
  EXPECT_EQ(js("day_of_week(d)"), "6");
  EXPECT_EQ(js("day_of_week('2026-11-23')"), "1");
  EXPECT_EQ(js("day_of_week('2026-11-22')"), "7");
  EXPECT_EQ(js("day_of_year(d)"), "325");
  EXPECT_EQ(js("year(u)"), "null");
  EXPECT_EQ(fails("month(n)"), "month: argument 1 must be a string, got 5 (number)");
  EXPECT_EQ(fails("day('2026-11-31')"), "day: cannot read \"2026-11-31\" as a date or timestamp");
}

TEST(ExprDateFunctions, Epochs) {
  EXPECT_EQ(js("epoch_seconds(ts)"), "1795255445");
  EXPECT_EQ(js("epoch_seconds(now())"), "1795255445.123");
  EXPECT_EQ(js("epoch_seconds('1970-01-01')"), "0");
  EXPECT_EQ(js("epoch_millis(now())"), "1795255445123");
  EXPECT_EQ(js("epoch_millis('1969-12-31T23:59:59.5Z')"), "-500");
  EXPECT_EQ(js("from_epoch(1795255445)"), "\"2026-11-21T10:04:05Z\"");
  EXPECT_EQ(js("from_epoch(1795255445.5)"), "\"2026-11-21T10:04:05.5Z\"");
  EXPECT_EQ(js("from_epoch(1795255445123, 'ms')"), "\"2026-11-21T10:04:05.123Z\"");
  EXPECT_EQ(js("from_epoch(1795255445000000, 'us')"), "\"2026-11-21T10:04:05Z\"");
  EXPECT_EQ(js("from_epoch(1, 'ns')"), "\"1970-01-01T00:00:00.000000001Z\"");
  EXPECT_EQ(js("from_epoch(epoch_seconds(ts)) = ts"), "true");
  EXPECT_EQ(js("from_epoch(u)"), "null");
  EXPECT_EQ(fails("from_epoch('1795255445')"),
            "from_epoch: argument 1 must be a number, got \"1795255445\" (string)");
  EXPECT_EQ(fails("from_epoch(1e15)"), "from_epoch: the result is out of range (years 0000-9999)");
  EXPECT_EQ(fails("from_epoch(1, 'm' || 's2')"),
            "from_epoch: unknown unit \"ms2\" (units: s, ms, us, ns)");
  EXPECT_EQ(fails("epoch_seconds(n)"),
            "epoch_seconds: argument 1 must be a string, got 5 (number)");
}

}  // namespace expr_date_functions_test
}  // namespace wharf::pipeline
