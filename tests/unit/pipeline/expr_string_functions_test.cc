// String and regex functions (string_functions.cc): characters are UTF-8 code points; each
// function with normal inputs, nulls and its errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "core/error.h"
#include "core/json_codec.h"
#include "pipeline/expr/expression.h"
#include "tests/unit/test_util.h"

namespace wharf::pipeline {
namespace expr_string_functions_test {

using core::Value;
using ::testing::StartsWith;

const core::Map& record() {
  static const core::Map r = {
      {"s", "Hello, World"},
      {"n", 5},
      {"u", Value()},
      {"tags", core::List{"a", Value(), 3, true}},
      {"ss", core::StringSet{{"x", "y"}}},
      {"ns", core::NumberSet{{core::Decimal(1), core::Decimal(2)}}},
      {"pattern", "([a-z]+)-([0-9]+)"},
      {"bad_pattern", "(("},
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

TEST(ExprStringFunctions, Case) {
  EXPECT_EQ(js("upper(s)"), "\"HELLO, WORLD\"");
  EXPECT_EQ(js("lower(s)"), "\"hello, world\"");
  EXPECT_EQ(js("upper('josé çà ÿ ı')"), "\"JOSÉ ÇÀ Ÿ I\"");
  EXPECT_EQ(js("lower('ÀÉÎ ŁÓDŹ İ')"), "\"àéî łódź i\"");
  EXPECT_EQ(js("upper('straße')"), "\"STRAßE\"");  // no one-to-many mappings
  EXPECT_EQ(js("upper('αβγ ς') || lower('ΣΩ') || upper('привет')"), "\"ΑΒΓ ΣσωПРИВЕТ\"");
  EXPECT_EQ(js("upper('日本')"), "\"日本\"");
  EXPECT_EQ(js("upper(u)"), "null");
  EXPECT_EQ(fails("upper(n)"), "upper: argument 1 must be a string, got 5 (number)");
  EXPECT_EQ(fails("lower(tags)"),
            "lower: argument 1 must be a string, got [\"a\",null,3,true] (list)");
}

TEST(ExprStringFunctions, Trim) {
  EXPECT_EQ(js("trim('  a b \\t\\n')"), "\"a b\"");
  EXPECT_EQ(js("ltrim('  a  ')"), "\"a  \"");
  EXPECT_EQ(js("rtrim('  a  ')"), "\"  a\"");
  EXPECT_EQ(js("trim('   ')"), "\"\"");
  EXPECT_EQ(js("ltrim('   ')"), "\"\"");
  EXPECT_EQ(js("trim('')"), "\"\"");
  EXPECT_EQ(js("trim('xxaxyx', 'xy')"), "\"a\"");
  EXPECT_EQ(js("ltrim('00120', '0')"), "\"120\"");
  EXPECT_EQ(js("rtrim('1.500', '0')"), "\"1.5\"");
  EXPECT_EQ(js("trim('«a»', '«»')"), "\"a\"");
  EXPECT_EQ(js("trim('abc', '')"), "\"abc\"");
  EXPECT_EQ(js("trim(u)"), "null");
  EXPECT_EQ(js("trim('a', u)"), "null");
  EXPECT_EQ(fails("trim(n)"), "trim: argument 1 must be a string, got 5 (number)");
  EXPECT_EQ(fails("rtrim('a', 0)"), "rtrim: argument 2 must be a string, got 0 (number)");
}

TEST(ExprStringFunctions, Length) {
  EXPECT_EQ(js("length(s)"), "12");
  EXPECT_EQ(js("length('héllo')"), "5");
  EXPECT_EQ(js("length('😀')"), "1");
  EXPECT_EQ(js("length('')"), "0");
  EXPECT_EQ(js("length(u)"), "null");
  EXPECT_EQ(fails("length(tags)"),
            "length: argument 1 must be a string, got [\"a\",null,3,true] (list)");
}

TEST(ExprStringFunctions, Substr) {
  EXPECT_EQ(js("substr(s, 1, 5)"), "\"Hello\"");
  EXPECT_EQ(js("substr(s, 8)"), "\"World\"");
  EXPECT_EQ(js("substr('héllo', 2, 3)"), "\"éll\"");
  EXPECT_EQ(js("substr('abc', 0, 2)"), "\"a\"");  // SQL: position 0 is before the string
  EXPECT_EQ(js("substr('abc', -1, 3)"), "\"a\"");
  EXPECT_EQ(js("substr('abc', -5)"), "\"abc\"");
  EXPECT_EQ(js("substr('abc', 3, 10)"), "\"c\"");
  EXPECT_EQ(js("substr('abc', 4)"), "\"\"");
  EXPECT_EQ(js("substr('abc', 10, 2)"), "\"\"");
  EXPECT_EQ(js("substr('abc', 2, 0)"), "\"\"");
  EXPECT_EQ(js("substr('abc', 2, 9223372036854775807)"), "\"bc\"");
  EXPECT_EQ(js("substr(u, 1)"), "null");
  EXPECT_EQ(js("substr(s, u)"), "null");
  EXPECT_EQ(fails("substr('abc', 1, -1)"), "substr: length must not be negative, got -1");
  EXPECT_EQ(fails("substr('abc', 1.5)"), "substr: argument 2 must be an integer, got 1.5 (number)");
  EXPECT_EQ(fails("substr(n, 1)"), "substr: argument 1 must be a string, got 5 (number)");
}

TEST(ExprStringFunctions, Replace) {
  EXPECT_EQ(js("replace(s, 'o', '0')"), "\"Hell0, W0rld\"");
  EXPECT_EQ(js("replace('aaa', 'aa', 'b')"), "\"ba\"");
  EXPECT_EQ(js("replace('abc', '', 'x')"), "\"abc\"");
  EXPECT_EQ(js("replace('abc', 'b', '')"), "\"ac\"");
  EXPECT_EQ(js("replace(u, 'a', 'b')"), "null");
  EXPECT_EQ(fails("replace('a', 'a', 1)"), "replace: argument 3 must be a string, got 1 (number)");
}

TEST(ExprStringFunctions, Concat) {
  EXPECT_EQ(js("concat('a', 'b', 'c')"), "\"abc\"");
  EXPECT_EQ(js("concat('a', u, 'c')"), "\"ac\"");  // nulls are skipped, unlike ||
  EXPECT_EQ(js("concat(u)"), "\"\"");
  EXPECT_EQ(js("concat('n=', n, ' ', true)"), "\"n=5 true\"");
  EXPECT_EQ(fails("concat('a', tags)"),
            "concat: argument 2 must be a string, number or bool, got [\"a\",null,3,true] (list)");
}

TEST(ExprStringFunctions, SplitAndJoin) {
  EXPECT_EQ(js("split('a,b,,c', ',')"), "[\"a\",\"b\",\"\",\"c\"]");
  EXPECT_EQ(js("split('a, b', ', ')"), "[\"a\",\"b\"]");
  EXPECT_EQ(js("split('abc', ',')"), "[\"abc\"]");
  EXPECT_EQ(js("split('', ',')"), "[]");
  EXPECT_EQ(js("split('a,', ',')"), "[\"a\",\"\"]");
  EXPECT_EQ(js("split('hé!', '')"), "[\"h\",\"é\",\"!\"]");
  EXPECT_EQ(js("split(u, ',')"), "null");
  EXPECT_EQ(fails("split(n, ',')"), "split: argument 1 must be a string, got 5 (number)");
  EXPECT_EQ(js("join(['a', 'b'], ', ')"), "\"a, b\"");
  EXPECT_EQ(js("join(tags, '|')"), "\"a|3|true\"");  // null elements are skipped
  EXPECT_EQ(js("join([], ',')"), "\"\"");
  EXPECT_EQ(js("join(split('a-b', '-'), '+')"), "\"a+b\"");
  EXPECT_EQ(js("join(u, ',')"), "null");
  EXPECT_EQ(fails("join('ab', ',')"), "join: argument 1 must be a list, got \"ab\" (string)");
  EXPECT_EQ(fails("join([1, [2]], ',')"),
            "join: element 2 must be a string, number or bool, got [2] (list)");
}

TEST(ExprStringFunctions, StartsEndsContains) {
  EXPECT_EQ(js("starts_with(s, 'Hell')"), "true");
  EXPECT_EQ(js("starts_with(s, 'hell')"), "false");
  EXPECT_EQ(js("ends_with(s, 'World')"), "true");
  EXPECT_EQ(js("ends_with(s, '')"), "true");
  EXPECT_EQ(js("starts_with(u, 'a')"), "null");
  EXPECT_EQ(fails("starts_with(n, '5')"),
            "starts_with: argument 1 must be a string, got 5 (number)");
  EXPECT_EQ(fails("ends_with(s, 5)"), "ends_with: argument 2 must be a string, got 5 (number)");
  EXPECT_EQ(js("contains(s, 'o, W')"), "true");
  EXPECT_EQ(js("contains(s, 'xyz')"), "false");
  EXPECT_EQ(js("contains(tags, 3)"), "true");
  EXPECT_EQ(js("contains(tags, 3.0)"), "true");
  EXPECT_EQ(js("contains(tags, '3')"), "false");
  EXPECT_EQ(js("contains(tags, 'a')"), "true");
  EXPECT_EQ(js("contains(ss, 'y')"), "true");
  EXPECT_EQ(js("contains(ss, 1)"), "false");
  EXPECT_EQ(js("contains(ns, 2)"), "true");
  EXPECT_EQ(js("contains(u, 'a')"), "null");
  EXPECT_EQ(fails("contains(n, 5)"),
            "contains: argument 1 must be a string or a list, got 5 (number)");
  EXPECT_EQ(fails("contains(s, 5)"), "contains: argument 2 must be a string, got 5 (number)");
}

TEST(ExprStringFunctions, RegexMatchSearchesAnywhere) {
  EXPECT_EQ(js("regex_match(s, 'W.r')"), "true");
  EXPECT_EQ(js("regex_match(s, '^W')"), "false");
  EXPECT_EQ(js("regex_match(s, '^Hello, World$')"), "true");
  EXPECT_EQ(js("regex_match('a1b22', '\\d{2}')"), "true");
  EXPECT_EQ(js("regex_match('ABC', '(?i)abc')"), "true");
  EXPECT_EQ(js("regex_match('abc-12', pattern)"), "true");
  EXPECT_EQ(js("regex_match(u, 'a')"), "null");
  EXPECT_EQ(js("regex_match('a', u)"), "null");
  EXPECT_EQ(fails("regex_match(n, 'a')"),
            "regex_match: argument 1 must be a string, got 5 (number)");
  EXPECT_EQ(fails("regex_match('a', n)"),
            "regex_match: argument 2 must be a string, got 5 (number)");
  EXPECT_THAT(fails("regex_match('a', bad_pattern)"),
              StartsWith("regex_match: invalid regular expression \"((\": "));
}

TEST(ExprStringFunctions, RegexReplace) {
  EXPECT_EQ(js("regex_replace(s, '[aeiou]', '_')"), "\"H_ll_, W_rld\"");
  EXPECT_EQ(js("regex_replace('2026-11-21', '(\\d+)-(\\d+)-(\\d+)', '$3/$2/$1')"),
            "\"21/11/2026\"");
  EXPECT_EQ(js("regex_replace('abc', 'x', 'y')"), "\"abc\"");
  EXPECT_EQ(js("regex_replace('a b', '\\s+', '$&$&')"), "\"a  b\"");
  EXPECT_EQ(js("regex_replace('abc-12', pattern, '$2$1')"), "\"12abc\"");
  EXPECT_EQ(js("regex_replace(u, 'a', 'b')"), "null");
  EXPECT_EQ(fails("regex_replace('a', 'a', n)"),
            "regex_replace: argument 3 must be a string, got 5 (number)");
  EXPECT_THAT(fails("regex_replace('a', bad_pattern, 'b')"),
              StartsWith("regex_replace: invalid regular expression \"((\": "));
}

TEST(ExprStringFunctions, RegexExtract) {
  EXPECT_EQ(js("regex_extract('order 42, 7', '\\d+')"), "\"42\"");
  EXPECT_EQ(js("regex_extract('abc-12', '([a-z]+)-(\\d+)', 2)"), "\"12\"");
  EXPECT_EQ(js("regex_extract('abc-12', '([a-z]+)-(\\d+)', 0)"), "\"abc-12\"");
  EXPECT_EQ(js("regex_extract('abc', '\\d+')"), "null");
  EXPECT_EQ(js("regex_extract('ab', 'a(x)?b', 1)"), "null");  // the group took no part
  EXPECT_EQ(js("regex_extract('xy-9', pattern, 1)"), "\"xy\"");
  EXPECT_EQ(js("regex_extract('abc', u)"), "null");
  EXPECT_EQ(fails("regex_extract('xy-9', pattern, 3)"),
            "regex_extract: group 3 is out of range (the pattern has 2 groups)");
  EXPECT_EQ(fails("regex_extract('a', '(a)', n)"),
            "regex_extract: group 5 is out of range (the pattern has 1 group)");
  EXPECT_EQ(fails("regex_extract('a', 'a', 'x')"),
            "regex_extract: argument 3 must be an integer, got \"x\" (string)");
}

TEST(ExprStringFunctions, RegexGivesUpOnCatastrophicBacktracking) {
  std::string text = "'" + std::string(40, 'a') + "!'";
  EXPECT_EQ(fails("regex_match(" + text + ", '^(a|a?)+$')"),
            "regex_match: the regular expression \"^(a|a?)+$\" is too complex to match (it "
            "backtracks too much)");
}

TEST(ExprStringFunctions, Padding) {
  EXPECT_EQ(js("lpad('7', 3, '0')"), "\"007\"");
  EXPECT_EQ(js("rpad('ab', 5)"), "\"ab   \"");
  EXPECT_EQ(js("lpad('ab', 7, 'xy')"), "\"xyxyxab\"");
  EXPECT_EQ(js("rpad('é', 3, '·')"), "\"é··\"");
  EXPECT_EQ(js("lpad('abcdef', 3)"), "\"abc\"");  // cut to the length, as SQL does
  EXPECT_EQ(js("rpad('héllo', 2)"), "\"hé\"");
  EXPECT_EQ(js("lpad('ab', 0)"), "\"\"");
  EXPECT_EQ(js("lpad('ab', 5, '')"), "\"ab\"");
  EXPECT_EQ(js("lpad(u, 3)"), "null");
  EXPECT_EQ(fails("lpad('a', -1)"), "lpad: length must be between 0 and 1048576, got -1");
  EXPECT_EQ(fails("rpad('a', 10000000000)"),
            "rpad: length must be between 0 and 1048576, got 10000000000");
  EXPECT_EQ(fails("lpad(n, 3)"), "lpad: argument 1 must be a string, got 5 (number)");
  EXPECT_EQ(fails("lpad('a', 3, 0)"), "lpad: argument 3 must be a string, got 0 (number)");
}

}  // namespace expr_string_functions_test
}  // namespace wharf::pipeline
