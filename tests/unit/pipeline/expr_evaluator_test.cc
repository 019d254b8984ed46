// Evaluation of parsed expressions: every operator on every type it accepts and refuses, SQL null
// semantics (null operands, three-valued and/or, `in` with null candidates), nested paths and
// indexes, case / if / coalesce and their laziness, and the messages of evaluation errors.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "core/error.h"
#include "core/json_codec.h"
#include "pipeline/expr/evaluator.h"
#include "pipeline/expr/parser.h"
#include "tests/unit/test_util.h"

namespace wharf::pipeline::expr {
namespace expr_evaluator_test {

using core::Value;

Value D(std::string_view text) { return Value(core::Decimal::parse(text).value()); }

const core::Map& row() {
  static const core::Map r = {
      {"n", 5},
      {"price", D("19.99")},
      {"name", "Ada"},
      {"t", true},
      {"f", false},
      {"u", Value()},
      {"tags", core::List{"a", "b"}},
      {"customer", core::Map{{"address", core::Map{{"city", "Paris"}}}, {"name", "X"}}},
      {"items", core::List{core::Map{{"price", 3}}, core::Map{{"price", 4}}}},
      {"unit price", D("2.5")},
  };
  return r;
}

// Runs `use(tree, frame)` on the parsed text against row(): fields it lacks read as null.
template <typename Use>
auto with_row(std::string_view text, Use use) {
  ParsedExpression p = parse(text);
  std::vector<Value> values;
  std::vector<int> slots;
  for (const std::string& f : p.fields) {
    auto it = row().find(f);
    slots.push_back(it == row().end() ? -1 : static_cast<int>(values.size()));
    if (it != row().end()) values.push_back(it->second);
  }
  EvalContext ctx;
  return use(p.root, Frame{values, slots, ctx});
}

Value eval(std::string_view text) { return with_row(text, evaluate); }
bool condition(std::string_view text) { return with_row(text, evaluate_condition); }

std::string js(std::string_view text) { return core::to_json(eval(text)); }

std::string fails(std::string_view text) {
  core::Error e = testing::error_of([&] { eval(text); });
  EXPECT_EQ(e.code(), "ExpressionError") << text;
  EXPECT_EQ(e.http_status(), 400) << text;
  return e.message();
}

TEST(ExprEvaluator, Arithmetic) {
  EXPECT_EQ(js("1 + 2"), "3");
  EXPECT_EQ(js("0.1 + 0.2"), "0.3");
  EXPECT_EQ(js("2 - 3 - 4"), "-5");
  EXPECT_EQ(js("n * price"), "99.95");
  EXPECT_EQ(js("10 / 4"), "2.5");
  EXPECT_EQ(js("1 / 3"), "0.33333333333333333333333333333333333333");
  EXPECT_EQ(js("7 % 3"), "1");
  EXPECT_EQ(js("-7 % 3"), "-1");
  EXPECT_EQ(js("5.5 % 2"), "1.5");
  EXPECT_EQ(js("-n"), "-5");
  EXPECT_EQ(js("-(n - 7)"), "2");
  EXPECT_EQ(js("`unit price` * 2"), "5");
  EXPECT_EQ(js("1 + 2 * 3 - 4 / 2"), "5");
  EXPECT_EQ(js("123456789012345678901234567890 * 10"), "1234567890123456789012345678900");
}

TEST(ExprEvaluator, ArithmeticErrors) {
  EXPECT_EQ(fails("'abc' + 1"), "cannot add \"abc\" (string) and 1 (number)");
  EXPECT_EQ(fails("n - 'x'"), "cannot subtract \"x\" (string) from 5 (number)");
  EXPECT_EQ(fails("t * 2"), "cannot multiply true (bool) by 2 (number)");
  EXPECT_EQ(fails("n / tags"), "cannot divide 5 (number) by [\"a\",\"b\"] (list)");
  EXPECT_EQ(fails("n % customer"),
            "cannot compute the remainder of 5 (number) divided by "
            "{\"address\":{\"city\":\"Paris\"},\"name\":\"X\"} (map)");
  EXPECT_EQ(fails("'a' + 'b'"), "cannot add \"a\" (string) and \"b\" (string)");
  EXPECT_EQ(fails("n / 0"), "division by zero: 5 / 0");
  EXPECT_EQ(fails("price % 0.0"), "division by zero: 19.99 % 0");
  EXPECT_EQ(fails("-name"), "cannot negate \"Ada\" (string)");
  std::string long_text(100, 'x');
  EXPECT_EQ(fails("'" + long_text + "' + 1"),
            "cannot add \"" + std::string(40, 'x') + "...\" (string) and 1 (number)");
  EXPECT_EQ(fails("'a\"b\n' + 1"), "cannot add \"a\\\"b\\n\" (string) and 1 (number)");
}

TEST(ExprEvaluator, NullsPropagateThroughOperators) {
  for (const char* text :
       {"u + 1", "1 - u", "u * u", "n / u", "u % 2", "-u", "missing * 2", "u || 'a'",
        "'a' || missing", "u = 1", "1 != u", "u < 1", "u >= u", "u = u", "not u", "u like 'a'",
        "name like u", "u in (1, 2)", "u between 1 and 2"})
    EXPECT_TRUE(eval(text).is_null()) << text;
}

TEST(ExprEvaluator, Concat) {
  EXPECT_EQ(js("'a' || 'b'"), "\"ab\"");
  EXPECT_EQ(js("'id-' || n"), "\"id-5\"");
  EXPECT_EQ(js("name || t || price"), "\"Adatrue19.99\"");
  EXPECT_EQ(js("tags || ['c']"), "[\"a\",\"b\",\"c\"]");
  EXPECT_EQ(fails("tags || 'x'"),
            "cannot concatenate [\"a\",\"b\"] (list) and \"x\" (string) using '||'");
  EXPECT_EQ(fails("'x' || customer.address"),
            "cannot concatenate \"x\" (string) and {\"city\":\"Paris\"} (map) using '||'");
}

TEST(ExprEvaluator, Comparisons) {
  EXPECT_EQ(js("price > 10"), "true");
  EXPECT_EQ(js("1.0 = 1"), "true");
  EXPECT_EQ(js("1.0 == 1.00"), "true");
  EXPECT_EQ(js("n != 5"), "false");
  EXPECT_EQ(js("n <> 4"), "true");
  EXPECT_EQ(js("n <= 5"), "true");
  EXPECT_EQ(js("n >= 6"), "false");
  EXPECT_EQ(js("n < 5.0001"), "true");
  EXPECT_EQ(js("-1 < -0.5"), "true");
  EXPECT_EQ(js("'a' < 'b'"), "true");
  EXPECT_EQ(js("'B' < 'a'"), "true");  // bytes, not collation
  EXPECT_EQ(js("'é' > 'z'"), "true");
  EXPECT_EQ(js("'2026-01-02' > '2025-12-31'"), "true");
  EXPECT_EQ(js("name = 'Ada'"), "true");
  EXPECT_EQ(js("t = true"), "true");
  EXPECT_EQ(js("f < t"), "true");
  EXPECT_EQ(js("tags = ['a', 'b']"), "true");
  EXPECT_EQ(js("tags != ['b', 'a']"), "true");
  EXPECT_EQ(js("customer.address = customer.address"), "true");
  EXPECT_EQ(js("items[0] = items[1]"), "false");
}

TEST(ExprEvaluator, ComparingDifferentTypesIsAnError) {
  EXPECT_EQ(fails("n = '5'"), "cannot compare 5 (number) with \"5\" (string) using '='");
  EXPECT_EQ(fails("n != 'x'"), "cannot compare 5 (number) with \"x\" (string) using '!='");
  EXPECT_EQ(fails("n < 'a'"), "cannot compare 5 (number) with \"a\" (string) using '<'");
  EXPECT_EQ(fails("n <= 'a'"), "cannot compare 5 (number) with \"a\" (string) using '<='");
  EXPECT_EQ(fails("t > 1"), "cannot compare true (bool) with 1 (number) using '>'");
  EXPECT_EQ(fails("'a' >= tags"),
            "cannot compare \"a\" (string) with [\"a\",\"b\"] (list) using '>='");
  EXPECT_EQ(fails("tags < tags"),
            "cannot compare [\"a\",\"b\"] (list) with [\"a\",\"b\"] (list) using '<'");
  EXPECT_EQ(fails("tags = 'a'"),
            "cannot compare [\"a\",\"b\"] (list) with \"a\" (string) using '='");
}

TEST(ExprEvaluator, ThreeValuedLogic) {
  EXPECT_EQ(js("t and t"), "true");
  EXPECT_EQ(js("t and f"), "false");
  EXPECT_EQ(js("t and u"), "null");
  EXPECT_EQ(js("u and t"), "null");
  EXPECT_EQ(js("f and u"), "false");
  EXPECT_EQ(js("u and f"), "false");
  EXPECT_EQ(js("u and u"), "null");
  EXPECT_EQ(js("t or u"), "true");
  EXPECT_EQ(js("u or t"), "true");
  EXPECT_EQ(js("u or f"), "null");
  EXPECT_EQ(js("f or f"), "false");
  EXPECT_EQ(js("f or f or t"), "true");
  EXPECT_EQ(js("t and t and u"), "null");
  EXPECT_EQ(js("not t"), "false");
  EXPECT_EQ(js("not f"), "true");
  EXPECT_EQ(js("not u"), "null");
}

TEST(ExprEvaluator, AndOrStopAtTheDecidingOperand) {
  EXPECT_EQ(js("f and n / 0 > 1"), "false");
  EXPECT_EQ(js("t or n / 0 > 1"), "true");
  EXPECT_EQ(js("u and f and n / 0 > 1"), "false");
  EXPECT_EQ(fails("u and n / 0 > 1"), "division by zero: 5 / 0");
}

TEST(ExprEvaluator, LogicNeedsBooleans) {
  EXPECT_EQ(fails("n and t"), "'and' expects a boolean, got 5 (number)");
  EXPECT_EQ(fails("f or name"), "'or' expects a boolean, got \"Ada\" (string)");
  EXPECT_EQ(fails("not n"), "'not' expects a boolean, got 5 (number)");
  EXPECT_EQ(fails("t and 'true'"), "'and' expects a boolean, got \"true\" (string)");
}

TEST(ExprEvaluator, In) {
  EXPECT_EQ(js("n in (1, 5)"), "true");
  EXPECT_EQ(js("n in (1, 2)"), "false");
  EXPECT_EQ(js("n not in (1, 2)"), "true");
  EXPECT_EQ(js("n not in (5)"), "false");
  EXPECT_EQ(js("n in (5.0)"), "true");
  EXPECT_EQ(js("n in (1, u)"), "null");
  EXPECT_EQ(js("n in (u, 5)"), "true");
  EXPECT_EQ(js("n not in (1, u)"), "null");
  EXPECT_EQ(js("n not in (5, u)"), "false");
  EXPECT_EQ(js("name in ('Bob', 'Ada')"), "true");
  EXPECT_EQ(js("n in (n - 1, n + 0)"), "true");
  EXPECT_EQ(js("n in (5, 'x')"), "true");  // stops at the first match
  EXPECT_EQ(fails("n in ('5')"), "cannot compare 5 (number) with \"5\" (string) using 'in'");
  EXPECT_EQ(fails("n not in (1, 'a')"),
            "cannot compare 5 (number) with \"a\" (string) using 'not in'");
}

TEST(ExprEvaluator, Between) {
  EXPECT_EQ(js("n between 1 and 10"), "true");
  EXPECT_EQ(js("n between 5 and 5"), "true");
  EXPECT_EQ(js("n between 6 and 10"), "false");
  EXPECT_EQ(js("n between 10 and 1"), "false");
  EXPECT_EQ(js("n not between 6 and 10"), "true");
  EXPECT_EQ(js("'b' between 'a' and 'c'"), "true");
  EXPECT_EQ(js("'2026-05-01' between '2026-01-01' and '2026-12-31'"), "true");
  EXPECT_EQ(js("n between u and 10"), "null");
  EXPECT_EQ(js("n between u and 4"), "false");
  EXPECT_EQ(js("n not between u and 4"), "true");
  EXPECT_EQ(js("n between 6 and u"), "false");
  EXPECT_EQ(fails("n between 'a' and 'z'"),
            "cannot compare 5 (number) with \"a\" (string) using 'between'");
  EXPECT_EQ(fails("n not between 1 and 'z'"),
            "cannot compare 5 (number) with \"z\" (string) using 'not between'");
}

TEST(ExprEvaluator, Like) {
  EXPECT_EQ(js("name like 'A%'"), "true");
  EXPECT_EQ(js("name like 'a%'"), "false");
  EXPECT_EQ(js("name like '_d_'"), "true");
  EXPECT_EQ(js("name like '%d%'"), "true");
  EXPECT_EQ(js("name like 'Ad'"), "false");
  EXPECT_EQ(js("name not like 'B%'"), "true");
  EXPECT_EQ(js(R"('50%' like '50\%')"), "true");
  EXPECT_EQ(js(R"('500' like '50\%')"), "false");
  EXPECT_EQ(js("'é' like '_'"), "true");
  EXPECT_EQ(js("name like lower('A') || '%'"), "false");
  EXPECT_EQ(js("name like name"), "true");
  EXPECT_EQ(fails("n like '5'"), "'like' expects strings, got 5 (number) and \"5\" (string)");
  EXPECT_EQ(fails("name not like 5"),
            "'not like' expects strings, got \"Ada\" (string) and 5 (number)");
  EXPECT_EQ(fails(R"(name like 'a' || '\\')"),
            "'like': invalid pattern \"a\\\\\" (string): pattern ends with an escape character");
}

TEST(ExprEvaluator, Is) {
  EXPECT_EQ(js("u is null"), "true");
  EXPECT_EQ(js("missing is null"), "true");
  EXPECT_EQ(js("n is null"), "false");
  EXPECT_EQ(js("n is not null"), "true");
  EXPECT_EQ(js("u is not null"), "false");
  EXPECT_EQ(js("t is true"), "true");
  EXPECT_EQ(js("f is true"), "false");
  EXPECT_EQ(js("u is true"), "false");
  EXPECT_EQ(js("u is not true"), "true");
  EXPECT_EQ(js("f is false"), "true");
  EXPECT_EQ(js("u is false"), "false");
  EXPECT_EQ(js("(n > 1) is not false"), "true");
  EXPECT_EQ(fails("n is true"), "'is true' expects a boolean, got 5 (number)");
  EXPECT_EQ(fails("name is not false"), "'is false' expects a boolean, got \"Ada\" (string)");
}

TEST(ExprEvaluator, Case) {
  EXPECT_EQ(js("case when n > 3 then 'big' else 'small' end"), "\"big\"");
  EXPECT_EQ(js("case when n > 9 then 'big' when n > 4 then 'mid' else 'small' end"), "\"mid\"");
  EXPECT_EQ(js("case when n > 9 then 'big' end"), "null");
  EXPECT_EQ(js("case when u then 1 else 2 end"), "2");
  EXPECT_EQ(js("case name when 'Bob' then 1 when 'Ada' then 2 end"), "2");
  EXPECT_EQ(js("case u when null then 1 else 2 end"), "2");
  EXPECT_EQ(js("case n when u then 1 when 5 then 2 end"), "2");
  EXPECT_EQ(js("case when true then 1 else n / 0 end"), "1");
  EXPECT_EQ(js("case when false then n / 0 else tags end"), "[\"a\",\"b\"]");
  EXPECT_EQ(fails("case when n then 1 end"), "'case when' expects a boolean, got 5 (number)");
  EXPECT_EQ(fails("case n when 'a' then 1 end"),
            "cannot compare 5 (number) with \"a\" (string) using 'case'");
}

TEST(ExprEvaluator, IfAndCoalesceEvaluateOnlyWhatTheyReturn) {
  EXPECT_EQ(js("if(n > 3, 'y', 'n')"), "\"y\"");
  EXPECT_EQ(js("if(n > 9, 'y', 'n')"), "\"n\"");
  EXPECT_EQ(js("if(u, 'y', 'n')"), "\"n\"");
  EXPECT_EQ(js("if(true, 1, n / 0)"), "1");
  EXPECT_EQ(js("if(false, n / 0, customer.address)"), "{\"city\":\"Paris\"}");
  EXPECT_EQ(fails("if(n, 1, 2)"), "if: argument 1 must be a boolean, got 5 (number)");
  EXPECT_EQ(js("coalesce(u, missing, n)"), "5");
  EXPECT_EQ(js("coalesce(u)"), "null");
  EXPECT_EQ(js("coalesce(n, n / 0)"), "5");
  EXPECT_EQ(js("coalesce(customer.phone, customer.name)"), "\"X\"");
}

TEST(ExprEvaluator, PathsAndIndexes) {
  EXPECT_EQ(js("customer.address.city"), "\"Paris\"");
  EXPECT_EQ(js("customer['address']['city']"), "\"Paris\"");
  EXPECT_EQ(js("customer.address.zip"), "null");
  EXPECT_EQ(js("customer.name.first"), "null");  // into a string
  EXPECT_EQ(js("missing.a.b"), "null");
  EXPECT_EQ(js("tags[0]"), "\"a\"");
  EXPECT_EQ(js("tags[1]"), "\"b\"");
  EXPECT_EQ(js("tags[2]"), "null");
  EXPECT_EQ(js("tags[-1]"), "null");
  EXPECT_EQ(js("tags.x"), "null");
  EXPECT_EQ(js("tags['0']"), "null");
  EXPECT_EQ(js("customer[0]"), "null");
  EXPECT_EQ(js("items[1].price"), "4");
  EXPECT_EQ(js("tags[n - 4]"), "\"b\"");
  EXPECT_EQ(js("tags[n]"), "null");
  EXPECT_EQ(js("customer[name]"), "null");
  EXPECT_EQ(js("split('a,b,c', ',')[2]"), "\"c\"");
  EXPECT_EQ(js("first(items).price"), "3");
  EXPECT_EQ(js("[10, 20][n - 4]"), "20");
  EXPECT_EQ(js("[10, 20][u]"), "null");
  EXPECT_EQ(js("name[0]"), "null");
  EXPECT_EQ(fails("tags[name]"), "a list index must be an integer, got \"Ada\" (string)");
  EXPECT_EQ(fails("tags[1.5]"), "a list index must be an integer, got 1.5 (number)");
  EXPECT_EQ(fails("customer[n]"), "a map key must be a string, got 5 (number)");
}

TEST(ExprEvaluator, ListsOfComputedValues) {
  EXPECT_EQ(js("[n, name, u, n + 1]"), "[5,\"Ada\",null,6]");
  EXPECT_EQ(js("[tags[0], [n]]"), "[\"a\",[5]]");
}

TEST(ExprEvaluator, ConditionsTreatNullAsFalse) {
  EXPECT_TRUE(condition("n = 5"));
  EXPECT_FALSE(condition("n = 6"));
  EXPECT_FALSE(condition("n = u"));
  EXPECT_FALSE(condition("u"));
  EXPECT_FALSE(condition("missing"));
  EXPECT_TRUE(condition("u is null"));
  EXPECT_TRUE(condition("t"));
  EXPECT_FALSE(condition("f"));
  core::Error e = testing::error_of([&] { condition("n + 1"); });
  EXPECT_EQ(e.code(), "ExpressionError");
  EXPECT_EQ(e.message(), "a condition must be a boolean, got 6 (number)");
}

TEST(ExprEvaluator, TheDeepestTreesTheParserAcceptsEvaluate) {
  std::string sum = "n";
  for (int i = 0; i < 254; ++i) sum += " + n";
  EXPECT_EQ(js(sum), "1275");
  std::string calls;
  for (int i = 0; i < 31; ++i) calls += "coalesce(u, abs(";  // 62 nested calls
  EXPECT_EQ(js(calls + "-n" + std::string(62, ')')), "5");
}

TEST(ExprEvaluator, SlotsPastTheRowAndAbsentFieldsAreNull) {
  EvalContext ctx;
  std::vector<Value> values = {Value(1)};
  std::vector<int> slots = {0, 7, -1};
  ParsedExpression p = parse("coalesce(b, c, a)");
  EXPECT_EQ(evaluate(p.root, Frame{values, slots, ctx}), Value(1));
}

}  // namespace expr_evaluator_test
}  // namespace wharf::pipeline::expr
