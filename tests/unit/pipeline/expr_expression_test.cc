// The public face of the expression language (expression.h) as the pipeline uses it: parse once,
// bind per schema, evaluate rows from many threads; copies, rebinding, the empty expression and
// the two error codes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "core/error.h"
#include "core/json_codec.h"
#include "pipeline/expr/expression.h"
#include "tests/unit/test_util.h"

namespace wharf::pipeline {
namespace expr_expression_test {

using core::Value;
using ::testing::ElementsAre;

std::function<int(std::string_view)> schema(std::vector<std::string> names) {
  return [names](std::string_view name) {
    for (size_t i = 0; i < names.size(); ++i)
      if (names[i] == name) return static_cast<int>(i);
    return -1;
  };
}

TEST(ExprExpression, ParseBindEvaluate) {
  Expression e = Expression::parse("price * qty + `ship fee`");
  EXPECT_EQ(e.text(), "price * qty + `ship fee`");
  EXPECT_THAT(e.fields(), ElementsAre("price", "qty", "ship fee"));
  e.bind(schema({"id", "qty", "price", "ship fee"}));
  std::vector<Value> row = {Value("a"), Value(3), Value(core::Decimal::parse("2.5").value()),
                            Value(1)};
  EXPECT_EQ(core::to_json(e.eval(row, EvalContext{})), "8.5");
}

TEST(ExprExpression, MissingFieldsAndShortRowsReadAsNull) {
  Expression e = Expression::parse("coalesce(a, b, c, 'none')");
  e.bind(schema({"c", "x", "a"}));  // b is absent; a is slot 2, past the row below
  EXPECT_EQ(e.eval(std::vector<Value>{Value(), Value(1)}, EvalContext{}), Value("none"));
  EXPECT_EQ(e.eval(std::vector<Value>{Value(7)}, EvalContext{}), Value(7));
  EXPECT_EQ(e.eval(std::vector<Value>{}, EvalContext{}), Value("none"));
}

TEST(ExprExpression, TestIsTrueOnlyForTrue) {
  Expression e = Expression::parse("amount > 100");
  e.bind(schema({"amount"}));
  EvalContext ctx;
  EXPECT_TRUE(e.test(std::vector<Value>{Value(150)}, ctx));
  EXPECT_FALSE(e.test(std::vector<Value>{Value(50)}, ctx));
  EXPECT_FALSE(e.test(std::vector<Value>{Value()}, ctx));
  Expression not_bool = Expression::parse("amount");
  not_bool.bind(schema({"amount"}));
  core::Error err = testing::error_of([&] { not_bool.test(std::vector<Value>{Value(1)}, ctx); });
  EXPECT_EQ(err.code(), "ExpressionError");
  EXPECT_EQ(err.message(), "a condition must be a boolean, got 1 (number)");
}

TEST(ExprExpression, CopiesShareTheTreeButBindOnTheirOwn) {
  Expression parsed = Expression::parse("upper(name)");
  Expression a = parsed, b = parsed;
  a.bind(schema({"name"}));
  b.bind(schema({"id", "name"}));
  std::vector<Value> row = {Value("x"), Value("y")};
  EXPECT_EQ(a.eval(row, EvalContext{}), Value("X"));
  EXPECT_EQ(b.eval(row, EvalContext{}), Value("Y"));
  b.bind(schema({"name"}));  // rebinding
  EXPECT_EQ(b.eval(row, EvalContext{}), Value("X"));
  EXPECT_EQ(&a.text(), &b.text());
}

TEST(ExprExpression, EvaluatingBeforeBindingIsAProgrammingError) {
  Expression e = Expression::parse("a + 1");
  core::Error err = testing::error_of([&] { e.eval(std::vector<Value>{Value(1)}, EvalContext{}); });
  EXPECT_EQ(err.code(), "InternalError");
  EXPECT_EQ(err.http_status(), 500);
  // Without fields there is nothing to bind.
  EXPECT_EQ(Expression::parse("1 + 1").eval(std::vector<Value>{}, EvalContext{}), Value(2));
}

TEST(ExprExpression, TheEmptyExpression) {
  Expression e;
  EXPECT_EQ(e.text(), "");
  EXPECT_TRUE(e.fields().empty());
  EXPECT_TRUE(e.eval(std::vector<Value>{}, EvalContext{}).is_null());
  EXPECT_FALSE(e.test(std::vector<Value>{}, EvalContext{}));
  e = Expression::parse("true");
  EXPECT_TRUE(e.test(std::vector<Value>{}, EvalContext{}));
}

TEST(ExprExpression, EvaluatesRecordsByName) {
  Expression e = Expression::parse("customer.city || '/' || zip");
  core::Map record = {{"customer", core::Map{{"city", "Lyon"}}}, {"zip", "69001"}};
  EXPECT_EQ(e.eval(record, EvalContext{}), Value("Lyon/69001"));
  EXPECT_TRUE(e.eval(core::Map{}, EvalContext{}).is_null());
  EXPECT_TRUE(Expression::parse("zip = '69001'").test(record, EvalContext{}));
}

TEST(ExprExpression, ErrorCodes) {
  core::Error syntax = testing::error_of([] { Expression::parse("a + )"); });
  EXPECT_EQ(syntax.code(), "ExpressionSyntaxError");
  EXPECT_EQ(syntax.http_status(), 400);
  EXPECT_EQ(syntax.message(), "unexpected token ')' at column 5 in \"a + )\"");
  core::Error eval = testing::error_of([] {
    Expression::parse("a + 1").eval(core::Map{{"a", "abc"}}, EvalContext{});
  });
  EXPECT_EQ(eval.code(), "ExpressionError");
  EXPECT_EQ(eval.http_status(), 400);
  EXPECT_EQ(eval.message(), "cannot add \"abc\" (string) and 1 (number)");
}

TEST(ExprExpression, OneBoundExpressionServesManyThreads) {
  Expression e = Expression::parse(
      "if(regex_match(code, '^[A-Z]{2}-\\d+$') and name like 'item%', "
      "upper(name) || ':' || string(qty * 2), null)");
  e.bind(schema({"code", "name", "qty"}));
  const Expression& shared = e;
  std::vector<int> good(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      EvalContext ctx;
      for (int i = 0; i < 2000; ++i) {
        std::vector<Value> row = {Value("AB-" + std::to_string(i)),
                                  Value("item" + std::to_string(t)), Value(i)};
        if (shared.eval(row, ctx) ==
            Value("ITEM" + std::to_string(t) + ":" + std::to_string(2 * i)))
          ++good[t];
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_THAT(good, ElementsAre(2000, 2000, 2000, 2000));
}

}  // namespace expr_expression_test
}  // namespace wharf::pipeline
