// The general functions (functions.cc): conversions, numbers, conditionals, lists and maps, and
// the function table itself. Each with normal inputs, nulls and the errors it raises.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "core/error.h"
#include "core/json_codec.h"
#include "pipeline/expr/expression.h"
#include "pipeline/expr/functions.h"
#include "tests/unit/test_util.h"

namespace wharf::pipeline::expr {
namespace expr_functions_test {

using core::Value;

const core::Map& record() {
  static const core::Map r = {
      {"n", 5},
      {"u", Value()},
      {"m", core::Map{{"b", 2}, {"a", 1}}},
      {"bin", core::Binary{"hi"}},
      {"ss", core::StringSet{{"x", "y", "z"}}},
  };
  return r;
}

std::string js(std::string_view text) {
  return core::to_json(Expression::parse(text).eval(record(), EvalContext{}));
}

std::string fails(std::string_view text) {
  core::Error e = testing::error_of([&] { Expression::parse(text).eval(record(), EvalContext{}); });
  EXPECT_EQ(e.code(), "ExpressionError") << text;
  EXPECT_EQ(e.http_status(), 400) << text;
  return e.message();
}

TEST(ExprFunctions, TableLookupIsCaseInsensitive) {
  ASSERT_NE(find_function("upper"), nullptr);
  EXPECT_EQ(find_function("UPPER"), find_function("upper"));
  EXPECT_EQ(find_function("Date_Add")->name, "date_add");
  EXPECT_EQ(find_function("nope"), nullptr);
  EXPECT_EQ(find_function(""), nullptr);
  EXPECT_EQ(find_function(std::string(100, 'a')), nullptr);
  for (const char* name :
       {"string",        "to_string",     "number",    "to_number",   "int",
        "bool",          "abs",           "round",     "floor",       "ceil",
        "min",           "max",           "if",        "coalesce",    "nullif",
        "size",          "first",         "last",      "keys",        "values",
        "upper",         "lower",         "trim",      "ltrim",       "rtrim",
        "length",        "substr",        "replace",   "concat",      "split",
        "join",          "starts_with",   "ends_with", "contains",    "regex_match",
        "regex_replace", "regex_extract", "lpad",      "rpad",        "now",
        "today",         "date",          "timestamp", "format_date", "date_add",
        "date_diff",     "date_trunc",    "year",      "month",       "day",
        "hour",          "minute",        "second",    "day_of_week", "day_of_year",
        "epoch_seconds", "epoch_millis",  "from_epoch"})
    EXPECT_NE(find_function(name), nullptr) << name;
}

TEST(ExprFunctions, ToString) {
  EXPECT_EQ(js("string(5)"), "\"5\"");
  EXPECT_EQ(js("string(1.50)"), "\"1.5\"");
  EXPECT_EQ(js("string(-0.001)"), "\"-0.001\"");
  EXPECT_EQ(js("string(true)"), "\"true\"");
  EXPECT_EQ(js("string('a')"), "\"a\"");
  EXPECT_EQ(js("to_string(n)"), "\"5\"");
  EXPECT_EQ(js("string([1, 'a', null])"), "\"[1,\\\"a\\\",null]\"");
  EXPECT_EQ(js("string(m)"), "\"{\\\"a\\\":1,\\\"b\\\":2}\"");
  EXPECT_EQ(js("string(bin)"), "\"aGk=\"");
  EXPECT_EQ(js("string(u)"), "null");
}

TEST(ExprFunctions, ToNumber) {
  EXPECT_EQ(js("number('12.50')"), "12.5");
  EXPECT_EQ(js("number(' 7 \\n')"), "7");
  EXPECT_EQ(js("number('1e3')"), "1000");
  EXPECT_EQ(js("to_number('-0.5')"), "-0.5");
  EXPECT_EQ(js("number('12345678901234567890.123456789')"), "12345678901234567890.123456789");
  EXPECT_EQ(js("number(n)"), "5");
  EXPECT_EQ(js("number('')"), "null");
  EXPECT_EQ(js("number('   ')"), "null");
  EXPECT_EQ(js("number(u)"), "null");
  EXPECT_EQ(fails("number('abc')"), "number: cannot convert \"abc\" (string) to a number");
  EXPECT_EQ(fails("number('1,5')"), "number: cannot convert \"1,5\" (string) to a number");
  EXPECT_EQ(fails("to_number(true)"), "to_number: cannot convert true (bool) to a number");
  EXPECT_EQ(fails("number([1])"), "number: cannot convert [1] (list) to a number");
}

TEST(ExprFunctions, ToInt) {
  EXPECT_EQ(js("int(12.7)"), "12");
  EXPECT_EQ(js("int(-12.7)"), "-12");
  EXPECT_EQ(js("int('42.9')"), "42");
  EXPECT_EQ(js("int(n)"), "5");
  EXPECT_EQ(js("int('')"), "null");
  EXPECT_EQ(js("int(u)"), "null");
  EXPECT_EQ(fails("int('x')"), "int: cannot convert \"x\" (string) to a number");
  EXPECT_EQ(fails("int(true)"), "int: cannot convert true (bool) to a number");
}

TEST(ExprFunctions, ToBool) {
  EXPECT_EQ(js("bool('yes')"), "true");
  EXPECT_EQ(js("bool('FALSE')"), "false");
  EXPECT_EQ(js("bool(' t ')"), "true");
  EXPECT_EQ(js("bool('0')"), "false");
  EXPECT_EQ(js("bool('On')"), "true");
  EXPECT_EQ(js("bool('n')"), "false");
  EXPECT_EQ(js("bool(0)"), "false");
  EXPECT_EQ(js("bool(0.5)"), "true");
  EXPECT_EQ(js("bool(true)"), "true");
  EXPECT_EQ(js("bool('')"), "null");
  EXPECT_EQ(js("bool(u)"), "null");
  EXPECT_EQ(fails("bool('maybe')"), "bool: cannot convert \"maybe\" (string) to a bool");
  EXPECT_EQ(fails("bool([])"), "bool: cannot convert [] (list) to a bool");
}

TEST(ExprFunctions, Numbers) {
  EXPECT_EQ(js("abs(-1.5)"), "1.5");
  EXPECT_EQ(js("abs(n)"), "5");
  EXPECT_EQ(js("abs(u)"), "null");
  EXPECT_EQ(fails("abs('x')"), "abs: argument 1 must be a number, got \"x\" (string)");
  EXPECT_EQ(js("round(2.5)"), "3");
  EXPECT_EQ(js("round(-2.5)"), "-3");
  EXPECT_EQ(js("round(2.4)"), "2");
  EXPECT_EQ(js("round(1.005, 2)"), "1.01");
  EXPECT_EQ(js("round(1250, -2)"), "1300");
  EXPECT_EQ(js("round(10 / 3, 4)"), "3.3333");
  EXPECT_EQ(js("round(u)"), "null");
  EXPECT_EQ(js("round(1.5, u)"), "null");
  EXPECT_EQ(fails("round(1, 1.5)"), "round: argument 2 must be an integer, got 1.5 (number)");
  EXPECT_EQ(fails("round(1, '2')"), "round: argument 2 must be an integer, got \"2\" (string)");
  EXPECT_EQ(fails("round(1, 5000)"), "round: places must be between -1000 and 1000, got 5000");
  EXPECT_EQ(fails("round('1.5')"), "round: argument 1 must be a number, got \"1.5\" (string)");
  EXPECT_EQ(js("floor(-2.1)"), "-3");
  EXPECT_EQ(js("floor(2.9)"), "2");
  EXPECT_EQ(js("ceil(2.1)"), "3");
  EXPECT_EQ(js("ceil(-2.9)"), "-2");
  EXPECT_EQ(fails("floor(true)"), "floor: argument 1 must be a number, got true (bool)");
  EXPECT_EQ(fails("ceil('a')"), "ceil: argument 1 must be a number, got \"a\" (string)");
}

TEST(ExprFunctions, MinAndMax) {
  EXPECT_EQ(js("min(3, 1, 2)"), "1");
  EXPECT_EQ(js("max(3, 1, 2)"), "3");
  EXPECT_EQ(js("max(1.10, 1.1)"), "1.1");
  EXPECT_EQ(js("min(7)"), "7");
  EXPECT_EQ(js("min(u, 2, null)"), "2");
  EXPECT_EQ(js("max(u, null)"), "null");
  EXPECT_EQ(js("min('b', 'a', 'c')"), "\"a\"");
  EXPECT_EQ(js("max('2026-01-01', '2025-12-31')"), "\"2026-01-01\"");
  EXPECT_EQ(js("min([3, 1, 2])"), "1");
  EXPECT_EQ(js("max([3, null, 5])"), "5");
  EXPECT_EQ(js("max([])"), "null");
  EXPECT_EQ(js("max(1, 2, 3, 4, 5, 6, 7, 8, 9)"), "9");  // more arguments than fit inline
  EXPECT_EQ(fails("min(1, 'a')"), "min: cannot compare 1 (number) with \"a\" (string)");
  EXPECT_EQ(fails("max([1], [2])"), "max: cannot compare [1] (list) with [2] (list)");
}

TEST(ExprFunctions, NullIf) {
  EXPECT_EQ(js("nullif(n, 5)"), "null");
  EXPECT_EQ(js("nullif(n, 6)"), "5");
  EXPECT_EQ(js("nullif(n, '5')"), "5");  // different types are different values
  EXPECT_EQ(js("nullif('', '')"), "null");
  EXPECT_EQ(js("nullif(u, 1)"), "null");
  EXPECT_EQ(js("nullif(n, u)"), "5");
}

TEST(ExprFunctions, ListsAndMaps) {
  EXPECT_EQ(js("size('héllo')"), "5");
  EXPECT_EQ(js("size([1, 2])"), "2");
  EXPECT_EQ(js("size([])"), "0");
  EXPECT_EQ(js("size(m)"), "2");
  EXPECT_EQ(js("size(bin)"), "2");
  EXPECT_EQ(js("size(ss)"), "3");
  EXPECT_EQ(js("size(u)"), "null");
  EXPECT_EQ(fails("size(5)"), "size: argument 1 must be a list, map or string, got 5 (number)");
  EXPECT_EQ(js("first([1, 2])"), "1");
  EXPECT_EQ(js("last([1, 2])"), "2");
  EXPECT_EQ(js("first([])"), "null");
  EXPECT_EQ(js("last(u)"), "null");
  EXPECT_EQ(fails("first('abc')"), "first: argument 1 must be a list, got \"abc\" (string)");
  EXPECT_EQ(fails("last(m)"), "last: argument 1 must be a list, got {\"a\":1,\"b\":2} (map)");
  EXPECT_EQ(js("keys(m)"), "[\"a\",\"b\"]");
  EXPECT_EQ(js("values(m)"), "[1,2]");
  EXPECT_EQ(js("keys(u)"), "null");
  EXPECT_EQ(fails("keys([1])"), "keys: argument 1 must be a map, got [1] (list)");
  EXPECT_EQ(fails("values('a')"), "values: argument 1 must be a map, got \"a\" (string)");
}

}  // namespace expr_functions_test
}  // namespace wharf::pipeline::expr
