// The parser of the pipeline expression language: the tree every construct produces (rendered as
// an S-expression, so precedence and associativity are visible), the field list, what is compiled
// at parse time, and every malformed expression with its exact message.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "pipeline/expr/parser.h"
#include "tests/unit/test_util.h"

namespace wharf::pipeline::expr {
namespace expr_parser_test {

using ::testing::ElementsAre;
using ::testing::StartsWith;

std::string tree(std::string_view text) {
  ParsedExpression p = parse(text);
  return render(p.root, p.fields);
}

std::string error(std::string_view text) {
  core::Error e = testing::error_of([&] { parse(text); });
  EXPECT_EQ(e.code(), "ExpressionSyntaxError") << text;
  EXPECT_EQ(e.http_status(), 400) << text;
  return e.message();
}

TEST(ExprParser, ArithmeticPrecedenceAndAssociativity) {
  EXPECT_EQ(tree("a + b * c"), "(+ a (* b c))");
  EXPECT_EQ(tree("(a + b) * c"), "(* (+ a b) c)");
  EXPECT_EQ(tree("a - b - c"), "(- (- a b) c)");
  EXPECT_EQ(tree("a / b % c * d"), "(* (% (/ a b) c) d)");
  EXPECT_EQ(tree("-a * b"), "(* (- a) b)");
  EXPECT_EQ(tree("- -a"), "(- (- a))");
  EXPECT_EQ(tree("-a.b[0]"), "(- a.b[0])");
  EXPECT_EQ(tree("a || b + c"), "(|| a (+ b c))");
  EXPECT_EQ(tree("a || b || c"), "(|| (|| a b) c)");
}

TEST(ExprParser, NegativeNumbersAreLiterals) {
  EXPECT_EQ(tree("-5"), "-5");
  EXPECT_EQ(tree("- 2.5 + 1"), "(+ -2.5 1)");
  EXPECT_EQ(tree("--5"), "5");
  EXPECT_EQ(tree("x in (-1, 2)"), "(in x -1 2)");
}

TEST(ExprParser, ComparisonsAndLogic) {
  EXPECT_EQ(tree("a = 1"), "(= a 1)");
  EXPECT_EQ(tree("a == 1"), "(= a 1)");
  EXPECT_EQ(tree("a != 1"), "(!= a 1)");
  EXPECT_EQ(tree("a <> 1"), "(!= a 1)");
  EXPECT_EQ(tree("a < 1"), "(< a 1)");
  EXPECT_EQ(tree("a <= 1"), "(<= a 1)");
  EXPECT_EQ(tree("a > 1"), "(> a 1)");
  EXPECT_EQ(tree("a >= 1"), "(>= a 1)");
  EXPECT_EQ(tree("a + 1 > b * 2"), "(> (+ a 1) (* b 2))");
  EXPECT_EQ(tree("a || 'x' = b"), "(= (|| a 'x') b)");
  EXPECT_EQ(tree("a = 1 and b = 2 or c"), "(or (and (= a 1) (= b 2)) c)");
  EXPECT_EQ(tree("a or b and c"), "(or a (and b c))");
  EXPECT_EQ(tree("a and b and c and d"), "(and a b c d)");
  EXPECT_EQ(tree("a or b or c"), "(or a b c)");
  EXPECT_EQ(tree("(a or b) and c"), "(and (or a b) c)");
  EXPECT_EQ(tree("not a = b"), "(not (= a b))");
  EXPECT_EQ(tree("not a and b"), "(and (not a) b)");
  EXPECT_EQ(tree("not not a"), "(not (not a))");
  EXPECT_EQ(tree("A AND b Or NOT c"), "(or (and A b) (not c))");
}

TEST(ExprParser, Predicates) {
  EXPECT_EQ(tree("x in (1, 2, 'a')"), "(in x 1 2 'a')");
  EXPECT_EQ(tree("x not in (1)"), "(not-in x 1)");
  EXPECT_EQ(tree("x in (a + 1, b)"), "(in x (+ a 1) b)");
  EXPECT_EQ(tree("x + 1 in (2)"), "(in (+ x 1) 2)");
  EXPECT_EQ(tree("x between 1 and 2"), "(between x 1 2)");
  EXPECT_EQ(tree("x between 1 and 2 and y"), "(and (between x 1 2) y)");
  EXPECT_EQ(tree("x not between a + 1 and b * 2"), "(not-between x (+ a 1) (* b 2))");
  EXPECT_EQ(tree("x like 'a%'"), "(like x 'a%')");
  EXPECT_EQ(tree("x not like 'a' || y"), "(not-like x (|| 'a' y))");
  EXPECT_EQ(tree("x is null"), "(is-null x)");
  EXPECT_EQ(tree("x is not null"), "(is-not-null x)");
  EXPECT_EQ(tree("x IS NOT NULL"), "(is-not-null x)");
  EXPECT_EQ(tree("x is true"), "(is-true x)");
  EXPECT_EQ(tree("x is not false"), "(is-not-false x)");
  EXPECT_EQ(tree("a = b is null"), "(is-null (= a b))");
  EXPECT_EQ(tree("not x is null"), "(not (is-null x))");
  EXPECT_EQ(tree("x is null is false"), "(is-false (is-null x))");
}

TEST(ExprParser, LiteralLikePatternsAreCompiled) {
  EXPECT_NE(parse("x like 'a%'").root.like, nullptr);
  EXPECT_EQ(parse("x like y").root.like, nullptr);
  EXPECT_EQ(parse("x like 5").root.like, nullptr);
}

TEST(ExprParser, Case) {
  EXPECT_EQ(tree("case when a > 1 then 'big' when a > 0 then 'small' else 'none' end"),
            "(case (when (> a 1) 'big') (when (> a 0) 'small') (else 'none'))");
  EXPECT_EQ(tree("case status when 'a' then 1 when 'b' then 2 end"),
            "(case status (when 'a' 1) (when 'b' 2))");
  EXPECT_EQ(tree("CASE WHEN a THEN 1 ELSE 2 END + 1"), "(+ (case (when a 1) (else 2)) 1)");
  EXPECT_EQ(tree("case when a then case when b then 1 end end"),
            "(case (when a (case (when b 1))))");
}

TEST(ExprParser, Calls) {
  EXPECT_EQ(tree("upper(name)"), "(upper name)");
  EXPECT_EQ(tree("UPPER(name)"), "(upper name)");
  EXPECT_EQ(tree("coalesce(a, b, 'x')"), "(coalesce a b 'x')");
  EXPECT_EQ(tree("now()"), "(now)");
  EXPECT_EQ(tree("round(price * 1.2, 2)"), "(round (* price 1.2) 2)");
  EXPECT_EQ(tree("if(a > 1, upper(b), lower(b))"), "(if (> a 1) (upper b) (lower b))");
  // A name is a function only when called.
  EXPECT_EQ(tree("date"), "date");
  EXPECT_EQ(tree("date(date)"), "(date date)");
  EXPECT_EQ(tree("`upper`"), "upper");
}

TEST(ExprParser, Literals) {
  EXPECT_EQ(tree("true"), "true");
  EXPECT_EQ(tree("FALSE"), "false");
  EXPECT_EQ(tree("Null"), "null");
  EXPECT_EQ(tree("'it''s'"), "'it''s'");
  EXPECT_EQ(tree("\"double\""), "'double'");
  EXPECT_EQ(tree("1.50"), "1.5");
  EXPECT_EQ(tree("1e3"), "1000");
  EXPECT_EQ(tree("[1, 'a', null, [true]]"), "[1, 'a', null, [true]]");
  EXPECT_EQ(tree("[]"), "[]");
  EXPECT_EQ(tree("[a, 1]"), "(list a 1)");
  ParsedExpression p = parse("[1, 2]");
  EXPECT_EQ(p.root.kind, NodeKind::kLiteral);
  EXPECT_EQ(p.root.value, core::Value(core::List{core::Value(1), core::Value(2)}));
}

TEST(ExprParser, FieldsAndPaths) {
  EXPECT_EQ(tree("customer.address.city"), "customer.address.city");
  EXPECT_EQ(tree("tags[0]"), "tags[0]");
  EXPECT_EQ(tree("tags[-1]"), "tags[-1]");
  EXPECT_EQ(tree("attrs['color']"), "attrs.color");
  EXPECT_EQ(tree("attrs['a b']"), "attrs.`a b`");
  EXPECT_EQ(tree("a[0][1].b"), "a[0][1].b");
  EXPECT_EQ(tree("`unit price`"), "`unit price`");
  EXPECT_EQ(tree("`a.b`.c"), "`a.b`.c");
  EXPECT_EQ(tree("a.`b c`"), "a.`b c`");
  EXPECT_EQ(tree("a.end"), "a.end");  // after a dot any name is a key
  EXPECT_EQ(tree("(a).b"), "a.b");
  EXPECT_EQ(tree("tags[i]"), "(index tags i)");
  EXPECT_EQ(tree("tags[1.5]"), "(index tags 1.5)");
  EXPECT_EQ(tree("split(s, ',')[1]"), "(index (split s ',') 1)");
  EXPECT_EQ(tree("first(items).price"), "(index (first items) 'price')");
  EXPECT_EQ(tree("[1, 2][0]"), "(index [1, 2] 0)");
}

TEST(ExprParser, FieldListHasEachTopLevelNameOnce) {
  EXPECT_THAT(parse("b + a * b + c.d + `unit price` + c[0]").fields,
              ElementsAre("b", "a", "c", "unit price"));
  EXPECT_TRUE(parse("1 + 2").fields.empty());
  EXPECT_THAT(parse("Amount + amount").fields, ElementsAre("Amount", "amount"));
}

TEST(ExprParser, RegexLiteralsAreCompiledOnce) {
  EXPECT_NE(parse("regex_match(x, '^a+$')").root.regex, nullptr);
  EXPECT_NE(parse("regex_replace(x, 'a', 'b')").root.regex, nullptr);
  EXPECT_NE(parse("regex_extract(x, '(a)', 1)").root.regex, nullptr);
  EXPECT_EQ(parse("regex_match(x, y)").root.regex, nullptr);
}

TEST(ExprParser, SyntaxErrors) {
  EXPECT_EQ(error(""), "empty expression");
  EXPECT_EQ(error("  \n "), "empty expression");
  EXPECT_EQ(error("a + )"), "unexpected token ')' at column 5 in \"a + )\"");
  EXPECT_EQ(error("a +"), "unexpected end of expression at column 4 in \"a +\"");
  EXPECT_EQ(error("a b"), "unexpected token 'b' at column 3 in \"a b\"");
  EXPECT_EQ(error("'abc' 'def'"), "unexpected token 'def' at column 7 in \"'abc' 'def'\"");
  EXPECT_EQ(error("a = \"x\" \"y\""), "unexpected token \"y\" at column 9 in \"a = \"x\" \"y\"\"");
  EXPECT_EQ(error("(a + b"), "expected ')' but found end of expression at column 7 in \"(a + b\"");
  EXPECT_EQ(error("((a)"), "expected ')' but found end of expression at column 5 in \"((a)\"");
  EXPECT_EQ(error("a)"), "unexpected token ')' at column 2 in \"a)\"");
  EXPECT_EQ(error("a < b < c"), "unexpected token '<' at column 7 in \"a < b < c\"");
  EXPECT_EQ(error("a = b = c"), "unexpected token '=' at column 7 in \"a = b = c\"");
  EXPECT_EQ(error("a and"), "unexpected end of expression at column 6 in \"a and\"");
  EXPECT_EQ(error("and a"), "unexpected token 'and' at column 1 in \"and a\"");
  EXPECT_EQ(error("not"), "unexpected end of expression at column 4 in \"not\"");
  EXPECT_EQ(error("a not b"), "unexpected token 'not' at column 3 in \"a not b\"");
  EXPECT_EQ(error("end + 1"), "unexpected token 'end' at column 1 in \"end + 1\"");
  EXPECT_EQ(error("a * * b"), "unexpected token '*' at column 5 in \"a * * b\"");
  EXPECT_EQ(error("+a"), "unexpected token '+' at column 1 in \"+a\"");
  EXPECT_EQ(error("a,b"), "unexpected token ',' at column 2 in \"a,b\"");
}

TEST(ExprParser, ErrorsInExpressionsOfSeveralLinesGiveTheLine) {
  EXPECT_EQ(error("a > 1\nand b <\n  )"),
            "unexpected token ')' at line 3, column 3 in \"a > 1\nand b <\n  )\"");
  EXPECT_EQ(error("a +\n"), "unexpected end of expression at line 2, column 1 in \"a +\n\"");
  EXPECT_EQ(tree("case\n  when a then 1\n  else 2\nend"), "(case (when a 1) (else 2))");
}

TEST(ExprParser, PredicateErrors) {
  EXPECT_EQ(error("x in 1, 2"), "expected '(' but found '1' at column 6 in \"x in 1, 2\"");
  EXPECT_EQ(error("x in ()"), "unexpected token ')' at column 7 in \"x in ()\"");
  EXPECT_EQ(error("x in (1, 2"),
            "expected ')' but found end of expression at column 11 in \"x in (1, 2\"");
  EXPECT_EQ(error("x not (1)"), "unexpected token 'not' at column 3 in \"x not (1)\"");
  EXPECT_EQ(error("x between 1"),
            "expected 'and' but found end of expression at column 12 in \"x between 1\"");
  EXPECT_EQ(error("x between 1 or 2"),
            "expected 'and' but found 'or' at column 13 in \"x between 1 or 2\"");
  EXPECT_EQ(error("x is 5"),
            "expected 'null', 'true' or 'false' but found '5' at column 6 in \"x is 5\"");
  EXPECT_EQ(
      error("x is"),
      "expected 'null', 'true' or 'false' but found end of expression at column 5 in \"x is\"");
  EXPECT_EQ(
      error("x is not"),
      "expected 'null', 'true' or 'false' but found end of expression at column 9 in \"x is not\"");
  EXPECT_EQ(error("x like"), "unexpected end of expression at column 7 in \"x like\"");
  EXPECT_EQ(error("x like 'a\\\\'"),
            "invalid like pattern: pattern ends with an escape character at column 8 in \"x like "
            "'a\\\\'\"");
}

TEST(ExprParser, CaseErrors) {
  EXPECT_EQ(error("case a end"), "expected 'when' but found 'end' at column 8 in \"case a end\"");
  EXPECT_EQ(error("case end"), "unexpected token 'end' at column 6 in \"case end\"");
  EXPECT_EQ(error("case when a 1 end"),
            "expected 'then' but found '1' at column 13 in \"case when a 1 end\"");
  EXPECT_EQ(error("case when a else 1 end"),
            "expected 'then' but found 'else' at column 13 in \"case when a else 1 end\"");
  EXPECT_EQ(error("case when a then 1"),
            "expected 'end' but found end of expression at column 19 in \"case when a then 1\"");
  EXPECT_EQ(
      error("case when a then 1 else 2"),
      "expected 'end' but found end of expression at column 26 in \"case when a then 1 else 2\"");
  EXPECT_EQ(
      error("case when a then 1 else 2 else 3 end"),
      "expected 'end' but found 'else' at column 27 in \"case when a then 1 else 2 else 3 end\"");
}

TEST(ExprParser, ListAndPathErrors) {
  EXPECT_EQ(error("[1, 2"), "expected ']' but found end of expression at column 6 in \"[1, 2\"");
  EXPECT_EQ(error("[1 2]"), "expected ']' but found '2' at column 4 in \"[1 2]\"");
  EXPECT_EQ(error("[1,]"), "unexpected token ']' at column 4 in \"[1,]\"");
  EXPECT_EQ(error("a[0"), "expected ']' but found end of expression at column 4 in \"a[0\"");
  EXPECT_EQ(error("a[]"), "unexpected token ']' at column 3 in \"a[]\"");
  EXPECT_EQ(error("a."),
            "expected a field name after '.' but found end of expression at column 3 in \"a.\"");
  EXPECT_EQ(error("a.1"), "expected a field name after '.' but found '1' at column 3 in \"a.1\"");
  EXPECT_EQ(error("a.'b'"),
            "expected a field name after '.' but found 'b' at column 3 in \"a.'b'\"");
}

TEST(ExprParser, FunctionErrors) {
  EXPECT_EQ(error("foo(1)"), "unknown function 'foo' at column 1 in \"foo(1)\"");
  EXPECT_EQ(error("1 + Foo(x(1))"), "unknown function 'Foo' at column 5 in \"1 + Foo(x(1))\"");
  EXPECT_EQ(error("upper()"),
            "function 'upper' expects 1 argument, got 0 at column 1 in \"upper()\"");
  EXPECT_EQ(error("substr(x)"),
            "function 'substr' expects 2 to 3 arguments, got 1 at column 1 in \"substr(x)\"");
  EXPECT_EQ(error("now(1)"),
            "function 'now' expects no arguments, got 1 at column 1 in \"now(1)\"");
  EXPECT_EQ(error("coalesce()"),
            "function 'coalesce' expects at least 1 argument, got 0 at column 1 in \"coalesce()\"");
  EXPECT_EQ(error("a + IF(a, b)"),
            "function 'if' expects 3 arguments, got 2 at column 5 in \"a + IF(a, b)\"");
  EXPECT_EQ(error("upper(a,)"), "unexpected token ')' at column 9 in \"upper(a,)\"");
  EXPECT_EQ(error("upper(a b)"), "expected ')' but found 'b' at column 9 in \"upper(a b)\"");
  EXPECT_EQ(error("upper(a"),
            "expected ')' but found end of expression at column 8 in \"upper(a\"");
  EXPECT_EQ(error("`upper`(a)"), "unexpected token '(' at column 8 in \"`upper`(a)\"");
}

TEST(ExprParser, LiteralArgumentsAreCheckedAtParseTime) {
  EXPECT_THAT(error("regex_match(x, '(')"),
              StartsWith("regex_match: invalid regular expression \"(\": "));
  EXPECT_THAT(error("regex_match(x, '(')"),
              ::testing::EndsWith("at column 1 in \"regex_match(x, '(')\""));
  EXPECT_EQ(error("regex_extract(x, '(a)(b)', 3)"),
            "regex_extract: group 3 is out of range (the pattern has 2 groups) at column 1 in "
            "\"regex_extract(x, '(a)(b)', 3)\"");
  EXPECT_EQ(error("regex_extract(x, 'a', -1)"),
            "regex_extract: group -1 is out of range (the pattern has 0 groups) at column 1 in "
            "\"regex_extract(x, 'a', -1)\"");
  EXPECT_EQ(error("date_add(x, 1, 'fortnight')"),
            "date_add: unknown unit \"fortnight\" (units: year, quarter, month, week, day, hour, "
            "minute, second, millisecond) at column 1 in \"date_add(x, 1, 'fortnight')\"");
  EXPECT_EQ(error("date_diff('eon', a, b)"),
            "date_diff: unknown unit \"eon\" (units: year, quarter, month, week, day, hour, "
            "minute, second, millisecond) at column 1 in \"date_diff('eon', a, b)\"");
  EXPECT_EQ(error("date_trunc('', a)"),
            "date_trunc: unknown unit \"\" (units: year, quarter, month, week, day, hour, "
            "minute, second, millisecond) at column 1 in \"date_trunc('', a)\"");
  EXPECT_EQ(error("format_date(x, '%Q')"),
            "format_date: unknown directive '%Q' in format \"%Q\" at column 1 in "
            "\"format_date(x, '%Q')\"");
  EXPECT_EQ(error("date(x, '%Y-%')"),
            "date: format \"%Y-%\" ends with a lone '%' at column 1 in \"date(x, '%Y-%')\"");
  EXPECT_EQ(error("timestamp(x, '%3Y')"),
            "timestamp: unknown directive '%3Y' in format \"%3Y\" at column 1 in "
            "\"timestamp(x, '%3Y')\"");
  EXPECT_EQ(error("from_epoch(x, 'days')"),
            "from_epoch: unknown unit \"days\" (units: s, ms, us, ns) at column 1 in "
            "\"from_epoch(x, 'days')\"");
}

TEST(ExprParser, DepthIsLimited) {
  std::string parens = std::string(100, '(') + "1" + std::string(100, ')');
  EXPECT_THAT(error(parens),
              StartsWith("expression nested too deeply (more than 64 levels) at column 65 "));
  EXPECT_EQ(tree(std::string(63, '(') + "1" + std::string(63, ')')), "1");
  std::string calls;
  for (int i = 0; i < 70; ++i) calls += "abs(";
  EXPECT_THAT(error(calls + "1" + std::string(70, ')')),
              StartsWith("expression nested too deeply (more than 64 levels) at column 257 "));
  EXPECT_THAT(error(std::string(100, '-') + "a"),
              StartsWith("expression nested too deeply (more than 64 levels) at column 64"));
  std::string sum = "a";
  for (int i = 0; i < 300; ++i) sum += " + a";
  EXPECT_THAT(error(sum),
              StartsWith("expression nested too deeply (more than 256 levels) at column 1023"));
  std::string long_sum = "a";
  for (int i = 0; i < 200; ++i) long_sum += " + a";
  EXPECT_EQ(parse(long_sum).root.depth, 201);
  // and / or chains are one node, however long.
  std::string alternatives = "a = 0";
  for (int i = 1; i < 2000; ++i) alternatives += " or a = " + std::to_string(i);
  EXPECT_EQ(parse(alternatives).root.children.size(), 2000u);
}

}  // namespace expr_parser_test
}  // namespace wharf::pipeline::expr
