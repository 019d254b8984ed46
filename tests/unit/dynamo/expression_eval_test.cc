// Evaluation of parsed expressions against items, as DynamoDB evaluates them: conditions (a
// missing attribute or a type mismatch makes a comparison false, except <> and
// attribute_not_exists), update actions (operands read the item as it was; REMOVE of list
// elements uses the original positions), and projections. Trees come from the parser, so the
// tests read like the expressions a client sends.
#include "dynamo/expression_eval.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/decimal.h"
#include "core/error.h"
#include "core/value.h"
#include "dynamo/expression_ast.h"
#include "dynamo/expression_parser.h"

namespace wharf::dynamo {
namespace expression_eval_test {

using core::Value;
using ::testing::HasSubstr;
using Names = std::map<std::string, std::string>;
using Values = std::map<std::string, Value>;

Value N(std::string_view text) { return Value(core::Decimal::parse(text).value()); }
Value Bin(std::string_view bytes) { return Value(core::Binary{std::string(bytes)}); }
Value SS(std::vector<std::string> items) { return Value(core::StringSet{std::move(items)}); }
Value NS(std::vector<std::string_view> texts) {
  core::NumberSet s;
  for (auto t : texts) s.items.push_back(core::Decimal::parse(t).value());
  return Value(std::move(s));
}

constexpr const char* kInvalidPath =
    "The document path provided in the update expression is invalid for update";
constexpr const char* kBadType = "An operand in the update expression has an incorrect data type";
constexpr const char* kMissingOperand =
    "The provided expression refers to an attribute that does not exist in the item";

expr::Condition condition(std::string_view text, const Values& values = {},
                          const Names& names = {}) {
  Placeholders ph(&names, &values);
  return parse_condition(text, "ConditionExpression", ph);
}

bool holds(std::string_view text, const core::Map& item, const Values& values = {},
           const Names& names = {}) {
  return evaluate(condition(text, values, names), item);
}

expr::Update update(std::string_view text, const Values& values = {}, const Names& names = {}) {
  Placeholders ph(&names, &values);
  return parse_update(text, ph);
}

// `old` after the update `text`.
core::Map updated(std::string_view text, const core::Map& old, const Values& values = {},
                  const Names& names = {}) {
  const expr::Update u = update(text, values, names);
  core::Map item = old;
  apply_update(u, old, item);
  return item;
}

// The message of the ValidationException apply_update throws ("" when it succeeds). The
// expression itself must parse.
std::string update_error(std::string_view text, const core::Map& old, const Values& values = {}) {
  const expr::Update u = update(text, values);
  core::Map item = old;
  try {
    apply_update(u, old, item);
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), "ValidationException") << text;
    EXPECT_EQ(e.http_status(), 400) << text;
    return e.message();
  }
  return "";
}

core::Map projected(std::string_view text, const core::Map& item, const Names& names = {}) {
  const Values values;
  Placeholders ph(&names, &values);
  return project(item, parse_projection(text, ph).paths);
}

// The members of a set value, sorted (sets compare as sets, not as sequences).
std::vector<std::string> members(const Value& v) {
  std::vector<std::string> out;
  if (v.is<core::StringSet>()) out = v.as<core::StringSet>().items;
  if (v.is<core::NumberSet>())
    for (const auto& d : v.as<core::NumberSet>().items) out.push_back(d.to_string());
  if (v.is<core::BinarySet>())
    for (const auto& b : v.as<core::BinarySet>().items) out.push_back(b.bytes);
  std::sort(out.begin(), out.end());
  return out;
}

core::Map sample() {
  return core::Map{
      {"pk", Value("p1")},
      {"qty", Value(5)},
      {"price", N("9.99")},
      {"nick", Value("alice")},
      {"bin", Bin("\x01\x02\x03")},
      {"flag", Value(true)},
      {"nul", Value()},
      {"tags", SS({"red", "green"})},
      {"nums", NS({"1", "2", "3"})},
      {"bins", Value(core::BinarySet{{core::Binary{"\x01"}, core::Binary{"\x02"}}})},
      {"l", Value(core::List{Value(1), Value("two"), Value(core::List{Value(3)}),
                             Value(core::Map{{"k", Value("v")}})})},
      {"m", Value(core::Map{{"a", Value(1)},
                            {"b", Value(core::Map{{"c", Value("deep")}})},
                            {"l2", Value(core::List{Value(10), Value(20)})}})},
  };
}

// ---------------------------------------------------------------------------------------------
// Conditions

TEST(EvalCondition, EmptyConditionHolds) {
  EXPECT_TRUE(evaluate(expr::Condition{}, core::Map{}));
  EXPECT_TRUE(evaluate(expr::Condition{}, sample()));
}

TEST(EvalCondition, NumberComparisons) {
  const core::Map item = sample();
  const Values v{{":four", 4}, {":five", 5}, {":six", 6}, {":five0", N("5.00")}};
  EXPECT_TRUE(holds("qty = :five", item, v));
  EXPECT_TRUE(holds("qty = :five0", item, v));  // numbers compare by value
  EXPECT_FALSE(holds("qty = :six", item, v));
  EXPECT_FALSE(holds("qty <> :five", item, v));
  EXPECT_TRUE(holds("qty <> :six", item, v));
  EXPECT_TRUE(holds("qty < :six", item, v));
  EXPECT_FALSE(holds("qty < :five", item, v));
  EXPECT_TRUE(holds("qty <= :five", item, v));
  EXPECT_FALSE(holds("qty <= :four", item, v));
  EXPECT_TRUE(holds("qty > :four", item, v));
  EXPECT_FALSE(holds("qty > :five", item, v));
  EXPECT_TRUE(holds("qty >= :five", item, v));
  EXPECT_FALSE(holds("qty >= :six", item, v));
  // By value, not as text: 9.99 < 10, -2 < -1.5.
  EXPECT_TRUE(holds("price < :ten", item, {{":ten", 10}}));
  EXPECT_TRUE(holds("price > :n", item, {{":n", N("9.989")}}));
  EXPECT_TRUE(holds("x < :y", {{"x", Value(-2)}}, {{":y", N("-1.5")}}));
  // Two paths.
  EXPECT_TRUE(holds("qty < price", item));
  EXPECT_TRUE(holds("m.a < qty", item));
  EXPECT_TRUE(holds("l[0] = m.a", item));
  EXPECT_FALSE(holds("l[0] = qty", item));
}

TEST(EvalCondition, StringAndBinaryComparisons) {
  const core::Map item = sample();
  EXPECT_TRUE(holds("nick = :s", item, {{":s", "alice"}}));
  EXPECT_FALSE(holds("nick = :s", item, {{":s", "Alice"}}));
  EXPECT_TRUE(holds("nick < :s", item, {{":s", "bob"}}));
  EXPECT_TRUE(holds("nick > :s", item, {{":s", "Alice"}}));     // 'a' > 'A'
  EXPECT_TRUE(holds("nick > :s", item, {{":s", "alic"}}));      // a prefix is smaller
  EXPECT_TRUE(holds("nick < :s", item, {{":s", "\xc3\xa9"}}));  // UTF-8 bytes, unsigned
  EXPECT_TRUE(holds("bin = :b", item, {{":b", Bin("\x01\x02\x03")}}));
  EXPECT_TRUE(holds("bin < :b", item, {{":b", Bin("\x01\x02\x04")}}));
  EXPECT_TRUE(holds("bin > :b", item, {{":b", Bin("\x01\x02")}}));
  EXPECT_TRUE(holds("bin < :b", item, {{":b", Bin("\xff")}}));  // unsigned bytes
  EXPECT_FALSE(holds("bin >= :b", item, {{":b", Bin("\xff")}}));
}

TEST(EvalCondition, OtherTypesCompareForEquality) {
  const core::Map item = sample();
  EXPECT_TRUE(holds("flag = :t", item, {{":t", true}}));
  EXPECT_FALSE(holds("flag = :f", item, {{":f", false}}));
  EXPECT_TRUE(holds("nul = :null", item, {{":null", Value()}}));
  // Sets compare as sets: order does not matter.
  EXPECT_TRUE(holds("tags = :s", item, {{":s", SS({"green", "red"})}}));
  EXPECT_FALSE(holds("tags = :s", item, {{":s", SS({"red"})}}));
  EXPECT_TRUE(holds("tags <> :s", item, {{":s", SS({"red", "green", "blue"})}}));
  EXPECT_TRUE(holds("nums = :s", item, {{":s", NS({"3", "2.0", "1"})}}));
  // Lists in order, maps by content.
  EXPECT_TRUE(holds("m.l2 = :l", item, {{":l", core::List{Value(10), Value(20)}}}));
  EXPECT_FALSE(holds("m.l2 = :l", item, {{":l", core::List{Value(20), Value(10)}}}));
  EXPECT_TRUE(holds("m.b = :m", item, {{":m", core::Map{{"c", Value("deep")}}}}));
  EXPECT_FALSE(holds("m.b = :m", item, {{":m", core::Map{{"c", Value("shallow")}}}}));
}

TEST(EvalCondition, MissingAttributes) {
  const core::Map item = sample();
  const Values v{{":v", 1}, {":s", "a"}, {":lo", 0}, {":hi", 10}};
  EXPECT_FALSE(holds("nope = :v", item, v));
  EXPECT_TRUE(holds("nope <> :v", item, v));
  EXPECT_FALSE(holds("nope < :v", item, v));
  EXPECT_FALSE(holds("nope <= :v", item, v));
  EXPECT_FALSE(holds("nope > :v", item, v));
  EXPECT_FALSE(holds("nope >= :v", item, v));
  EXPECT_FALSE(holds("nope BETWEEN :lo AND :hi", item, v));
  EXPECT_FALSE(holds("nope IN (:v, :s)", item, v));
  EXPECT_FALSE(holds("begins_with(nope, :s)", item, v));
  EXPECT_FALSE(holds("contains(nope, :s)", item, v));
  EXPECT_FALSE(holds("size(nope) = :v", item, v));
  EXPECT_FALSE(holds("size(nope) < :v", item, v));
  EXPECT_FALSE(holds("attribute_type(nope, :t)", item, {{":t", "S"}}));
  EXPECT_TRUE(holds("attribute_not_exists(nope)", item));
  EXPECT_FALSE(holds("attribute_exists(nope)", item));
  EXPECT_TRUE(holds("NOT nope = :v", item, v));
  // Two missing paths are not equal to each other either.
  EXPECT_FALSE(holds("nope = gone", item));
  EXPECT_TRUE(holds("nope <> gone", item));
  // Nested: a missing key, an index past the end, a step into a scalar.
  EXPECT_FALSE(holds("m.zz = :v", item, v));
  EXPECT_TRUE(holds("m.zz <> :v", item, v));
  EXPECT_FALSE(holds("l[10] = :v", item, v));
  EXPECT_FALSE(holds("qty.x = :v", item, v));
  EXPECT_FALSE(holds("m[0] = :v", item, v));
  EXPECT_FALSE(holds("l.k = :s", item, v));
  EXPECT_TRUE(holds("attribute_exists(m.b.c)", item));
  EXPECT_TRUE(holds("attribute_exists(l[3].k)", item));
  EXPECT_TRUE(holds("attribute_exists(nul)", item));  // NULL is a value, not an absence
  EXPECT_FALSE(holds("attribute_exists(m.b.c.d)", item));
  EXPECT_TRUE(holds("attribute_not_exists(m.b.c.d)", item));
  EXPECT_TRUE(holds("attribute_not_exists(l[4])", item));
  // Against an item that does not exist at all.
  EXPECT_TRUE(holds("attribute_not_exists(pk)", core::Map{}));
  EXPECT_FALSE(holds("pk = :s", core::Map{}, v));
}

TEST(EvalCondition, TypeMismatch) {
  const core::Map item = sample();
  const Values v{{":s5", "5"}, {":n", 1}, {":n2", 100}};
  EXPECT_FALSE(holds("qty = :s5", item, v));
  EXPECT_TRUE(holds("qty <> :s5", item, v));
  EXPECT_FALSE(holds("qty < :s5", item, v));
  EXPECT_FALSE(holds("qty >= :s5", item, v));
  EXPECT_FALSE(holds("nick > :n", item, v));
  EXPECT_FALSE(holds("nick < :n", item, v));
  EXPECT_FALSE(holds("nick BETWEEN :n AND :n2", item, v));
  EXPECT_FALSE(holds("qty IN (:s5)", item, v));
  EXPECT_FALSE(holds("tags = :s5", item, v));
  EXPECT_FALSE(holds("begins_with(qty, :s5)", item, v));
  EXPECT_FALSE(holds("begins_with(bin, :s5)", item, v));
  EXPECT_FALSE(holds("contains(nums, :s5)", item, v));
  EXPECT_FALSE(holds("contains(tags, :n)", item, v));
  EXPECT_FALSE(holds("contains(qty, :n)", item, v));
  // Comparing two paths of different types.
  EXPECT_FALSE(holds("qty < nick", item));
  EXPECT_FALSE(holds("qty = nick", item));
  EXPECT_TRUE(holds("qty <> nick", item));
  // A set is not ordered.
  EXPECT_FALSE(holds("tags < nick", item));
}

TEST(EvalCondition, Contains) {
  const core::Map item = sample();
  // Substrings of strings and binary.
  EXPECT_TRUE(holds("contains(nick, :s)", item, {{":s", "lic"}}));
  EXPECT_TRUE(holds("contains(nick, :s)", item, {{":s", "alice"}}));
  EXPECT_FALSE(holds("contains(nick, :s)", item, {{":s", "bob"}}));
  EXPECT_FALSE(holds("contains(nick, :s)", item, {{":s", "Alice"}}));
  EXPECT_TRUE(holds("contains(bin, :b)", item, {{":b", Bin("\x02\x03")}}));
  EXPECT_FALSE(holds("contains(bin, :b)", item, {{":b", Bin("\x03\x02")}}));
  // Members of sets.
  EXPECT_TRUE(holds("contains(tags, :s)", item, {{":s", "red"}}));
  EXPECT_FALSE(holds("contains(tags, :s)", item, {{":s", "re"}}));
  EXPECT_FALSE(holds("contains(tags, :s)", item, {{":s", "blue"}}));
  EXPECT_TRUE(holds("contains(nums, :n)", item, {{":n", 2}}));
  EXPECT_TRUE(holds("contains(nums, :n)", item, {{":n", N("2.0")}}));
  EXPECT_FALSE(holds("contains(nums, :n)", item, {{":n", 4}}));
  EXPECT_TRUE(holds("contains(bins, :b)", item, {{":b", Bin("\x02")}}));
  EXPECT_FALSE(holds("contains(bins, :b)", item, {{":b", Bin("\x03")}}));
  // Elements of lists, of any type.
  EXPECT_TRUE(holds("contains(l, :s)", item, {{":s", "two"}}));
  EXPECT_TRUE(holds("contains(l, :n)", item, {{":n", 1}}));
  EXPECT_FALSE(holds("contains(l, :n)", item, {{":n", 3}}));  // 3 is inside a nested list
  EXPECT_TRUE(holds("contains(l, :l)", item, {{":l", core::List{Value(3)}}}));
  EXPECT_TRUE(holds("contains(l, :m)", item, {{":m", core::Map{{"k", Value("v")}}}}));
  EXPECT_FALSE(holds("contains(l, :s)", item, {{":s", "tw"}}));
  // Maps contain nothing.
  EXPECT_FALSE(holds("contains(m, :s)", item, {{":s", "a"}}));
  // Nested paths.
  EXPECT_TRUE(holds("contains(m.l2, :n)", item, {{":n", 20}}));
  EXPECT_TRUE(holds("contains(m.b.c, :s)", item, {{":s", "ee"}}));
}

TEST(EvalCondition, BeginsWith) {
  const core::Map item = sample();
  EXPECT_TRUE(holds("begins_with(nick, :s)", item, {{":s", "al"}}));
  EXPECT_TRUE(holds("begins_with(nick, :s)", item, {{":s", "alice"}}));
  EXPECT_FALSE(holds("begins_with(nick, :s)", item, {{":s", "alicex"}}));
  EXPECT_FALSE(holds("begins_with(nick, :s)", item, {{":s", "li"}}));
  EXPECT_FALSE(holds("begins_with(nick, :s)", item, {{":s", "Al"}}));
  EXPECT_TRUE(holds("begins_with(bin, :b)", item, {{":b", Bin("\x01\x02")}}));
  EXPECT_FALSE(holds("begins_with(bin, :b)", item, {{":b", Bin("\x02")}}));
  EXPECT_TRUE(holds("begins_with(m.b.c, :s)", item, {{":s", "de"}}));
  EXPECT_TRUE(holds("begins_with(l[1], :s)", item, {{":s", "t"}}));
  EXPECT_FALSE(holds("begins_with(tags, :s)", item, {{":s", "r"}}));
}

TEST(EvalCondition, Size) {
  const core::Map item = sample();
  auto size_is = [&](const char* path, int n) {
    return holds(std::string("size(") + path + ") = :n", item, {{":n", n}});
  };
  EXPECT_TRUE(size_is("nick", 5));
  EXPECT_FALSE(size_is("nick", 4));
  EXPECT_TRUE(size_is("bin", 3));
  EXPECT_TRUE(size_is("l", 4));
  EXPECT_TRUE(size_is("m", 3));
  EXPECT_TRUE(size_is("tags", 2));
  EXPECT_TRUE(size_is("nums", 3));
  EXPECT_TRUE(size_is("bins", 2));
  EXPECT_TRUE(size_is("m.l2", 2));
  EXPECT_TRUE(size_is("l[2]", 1));
  EXPECT_TRUE(size_is("m.b", 1));
  EXPECT_TRUE(holds("size(nick) > :n", item, {{":n", 4}}));
  EXPECT_FALSE(holds("size(nick) > :n", item, {{":n", 5}}));
  EXPECT_TRUE(holds("size(l) BETWEEN :a AND :b", item, {{":a", 1}, {":b", 4}}));
  // Numbers, booleans and NULL have no size.
  EXPECT_FALSE(holds("size(qty) = :n", item, {{":n", 1}}));
  EXPECT_FALSE(holds("size(qty) >= :n", item, {{":n", 0}}));
  EXPECT_FALSE(holds("size(flag) >= :n", item, {{":n", 0}}));
  EXPECT_FALSE(holds("size(nul) >= :n", item, {{":n", 0}}));
  // A size compared with a path.
  EXPECT_TRUE(holds("size(nick) = qty", item));
}

TEST(EvalCondition, Between) {
  const core::Map item = sample();
  auto between = [&](const char* path, Value lo, Value hi) {
    return holds(std::string(path) + " BETWEEN :lo AND :hi", item, {{":lo", lo}, {":hi", hi}});
  };
  EXPECT_TRUE(between("qty", 5, 5));  // inclusive at both ends
  EXPECT_TRUE(between("qty", 1, 5));
  EXPECT_TRUE(between("qty", 5, 10));
  EXPECT_FALSE(between("qty", 1, 4));
  EXPECT_FALSE(between("qty", 6, 10));
  EXPECT_TRUE(between("price", N("9.98"), N("9.99")));
  EXPECT_FALSE(between("price", N("9.991"), N("10")));
  EXPECT_TRUE(between("nick", "a", "b"));
  EXPECT_TRUE(between("nick", "alice", "alice"));
  EXPECT_FALSE(between("nick", "alicf", "z"));
  EXPECT_TRUE(between("bin", Bin("\x01"), Bin("\x01\x02\x03")));
  EXPECT_TRUE(between("m.l2[1]", 20, 30));
}

TEST(EvalCondition, In) {
  const core::Map item = sample();
  const Values v{{":one", 1}, {":two", 2}, {":five", 5}, {":alice", "alice"}, {":bob", "bob"}};
  EXPECT_TRUE(holds("qty IN (:one, :five)", item, v));
  EXPECT_TRUE(holds("qty IN (:five)", item, v));
  EXPECT_FALSE(holds("qty IN (:one, :two)", item, v));
  EXPECT_TRUE(holds("nick IN (:bob, :alice)", item, v));
  EXPECT_FALSE(holds("nick IN (:bob)", item, v));
  EXPECT_TRUE(holds("tags IN (:s)", item, {{":s", SS({"green", "red"})}}));
  // Operands may be paths.
  EXPECT_TRUE(holds("m.a IN (qty, l[0])", item));
  EXPECT_FALSE(holds("m.a IN (qty, nope)", item));
}

TEST(EvalCondition, AttributeType) {
  const core::Map item = sample();
  const std::pair<const char*, const char*> cases[] = {
      {"nick", "S"},   {"qty", "N"},   {"bin", "B"}, {"flag", "BOOL"},
      {"nul", "NULL"}, {"l", "L"},     {"m", "M"},   {"tags", "SS"},
      {"nums", "NS"},  {"bins", "BS"}, {"m.b", "M"}, {"l[1]", "S"},
  };
  for (const auto& [path, type] : cases) {
    EXPECT_TRUE(holds(std::string("attribute_type(") + path + ", :t)", item, {{":t", type}}))
        << path;
    const char* other = std::string(type) == "S" ? "N" : "S";
    EXPECT_FALSE(holds(std::string("attribute_type(") + path + ", :t)", item, {{":t", other}}))
        << path;
  }
}

TEST(EvalCondition, LogicalOperators) {
  const core::Map item = sample();
  const Values v{{":five", 5}, {":six", 6}, {":alice", "alice"}, {":bob", "bob"}};
  EXPECT_TRUE(holds("qty = :five AND nick = :alice", item, v));
  EXPECT_FALSE(holds("qty = :six AND nick = :alice", item, v));
  EXPECT_FALSE(holds("qty = :five AND nick = :bob", item, v));
  EXPECT_TRUE(holds("qty = :six OR nick = :alice", item, v));
  EXPECT_FALSE(holds("qty = :six OR nick = :bob", item, v));
  EXPECT_TRUE(holds("NOT qty = :six", item, v));
  EXPECT_FALSE(holds("NOT qty = :five", item, v));
  EXPECT_TRUE(holds("NOT (qty = :six OR nick = :bob)", item, v));
  // AND binds tighter than OR: true OR (false AND false).
  EXPECT_TRUE(holds("qty = :five OR qty = :six AND nick = :bob", item, v));
  EXPECT_FALSE(holds("(qty = :five OR qty = :six) AND nick = :bob", item, v));
  EXPECT_TRUE(holds("attribute_exists(pk) AND NOT contains(tags, :bob)", item, v));
  // Name placeholders.
  EXPECT_TRUE(holds("#q = :five AND #m.#b.c = :d", item, {{":five", 5}, {":d", "deep"}},
                    {{"#q", "qty"}, {"#m", "m"}, {"#b", "b"}}));
}

TEST(EvalCondition, ResolveAndValuesEqual) {
  const core::Map item = sample();
  const expr::Path deep{{expr::PathStep{"m"}, expr::PathStep{"b"}, expr::PathStep{"c"}}};
  const Value* v = resolve(item, deep);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(*v, Value("deep"));
  const expr::Path element{{expr::PathStep{"m"}, expr::PathStep{"l2"}, expr::PathStep{"", 1}}};
  ASSERT_NE(resolve(item, element), nullptr);
  EXPECT_EQ(*resolve(item, element), Value(20));
  const expr::Path past{{expr::PathStep{"m"}, expr::PathStep{"l2"}, expr::PathStep{"", 2}}};
  EXPECT_EQ(resolve(item, past), nullptr);
  EXPECT_EQ(resolve(item, expr::Path{{expr::PathStep{"nope"}}}), nullptr);

  EXPECT_TRUE(values_equal(N("1.0"), Value(1)));
  EXPECT_TRUE(values_equal(SS({"a", "b"}), SS({"b", "a"})));
  EXPECT_FALSE(values_equal(SS({"a", "b"}), SS({"a"})));
  EXPECT_FALSE(values_equal(SS({"a"}), SS({"a", "b"})));
  EXPECT_TRUE(values_equal(Value(core::List{SS({"x", "y"})}), Value(core::List{SS({"y", "x"})})));
  EXPECT_TRUE(values_equal(Value(core::Map{{"s", NS({"1", "2"})}}),
                           Value(core::Map{{"s", NS({"2", "1"})}})));
  EXPECT_FALSE(values_equal(Value(core::Map{{"a", Value(1)}}), Value(core::Map{{"b", Value(1)}})));
  EXPECT_FALSE(values_equal(Value("1"), Value(1)));
  EXPECT_FALSE(values_equal(Value("x"), Bin("x")));
}

// ---------------------------------------------------------------------------------------------
// Updates

TEST(EvalUpdate, SetValues) {
  const core::Map old{{"pk", Value("p")}, {"a", Value(1)}};
  const core::Map item = updated(
      "SET a = :s, b = :l, c = :m", old,
      {{":s", "text"}, {":l", core::List{Value(1)}}, {":m", core::Map{{"x", Value(true)}}}});
  EXPECT_EQ(item, (core::Map{{"pk", Value("p")},
                             {"a", Value("text")},
                             {"b", Value(core::List{Value(1)})},
                             {"c", Value(core::Map{{"x", Value(true)}})}}));
  // SET from another attribute copies it.
  EXPECT_EQ(updated("SET b = a", old).at("b"), Value(1));
}

TEST(EvalUpdate, ArithmeticReadsTheOldItem) {
  const core::Map old{{"n", Value(5)}, {"price", N("9.99")}};
  const core::Map item = updated("SET n = n + :d, twice = n - :d, neg = :d - n, price = price + :c",
                                 old, {{":d", 2}, {":c", N("0.01")}});
  EXPECT_EQ(item.at("n"), Value(7));
  EXPECT_EQ(item.at("twice"), Value(3));  // n was still 5 for this action
  EXPECT_EQ(item.at("neg"), Value(-3));
  EXPECT_EQ(item.at("price"), Value(10));  // exact decimal arithmetic
  EXPECT_EQ(item.at("price").as<core::Decimal>().to_string(), "10");
  EXPECT_EQ(updated("SET n = n + n", old).at("n"), Value(10));
  EXPECT_EQ(updated("SET n = :a - :b", old, {{":a", N("0.3")}, {":b", N("0.1")}}).at("n"),
            N("0.2"));
}

TEST(EvalUpdate, ArithmeticErrors) {
  const core::Map old{{"n", Value(5)}, {"s", Value("x")}, {"big", N("9E+125")}};
  EXPECT_EQ(update_error("SET n = nope + :d", old, {{":d", 1}}), kMissingOperand);
  EXPECT_EQ(update_error("SET n = :d - nope", old, {{":d", 1}}), kMissingOperand);
  EXPECT_EQ(update_error("SET n = s + :d", old, {{":d", 1}}), kBadType);
  EXPECT_EQ(update_error("SET n = n - s", old), kBadType);
  EXPECT_THAT(update_error("SET big = big + :d", old, {{":d", N("1E+125")}}),
              HasSubstr("Number overflow"));
  EXPECT_EQ(update_error("SET n = nope", old), kMissingOperand);
}

TEST(EvalUpdate, IfNotExists) {
  const core::Map old{{"qty", Value(5)}};
  const core::Map item = updated(
      "SET a = if_not_exists(a, :z), b = if_not_exists(qty, :z), c = if_not_exists(c, "
      ":z) + :one, qty = if_not_exists(qty, :z) + :one",
      old, {{":z", 0}, {":one", 1}});
  EXPECT_EQ(item.at("a"), Value(0));
  EXPECT_EQ(item.at("b"), Value(5));
  EXPECT_EQ(item.at("c"), Value(1));
  EXPECT_EQ(item.at("qty"), Value(6));
  // A nested path that exists keeps its value.
  const core::Map nested{{"m", Value(core::Map{{"x", Value("kept")}})}};
  EXPECT_EQ(updated("SET y = if_not_exists(m.x, :d)", nested, {{":d", "default"}}).at("y"),
            Value("kept"));
  EXPECT_EQ(updated("SET y = if_not_exists(m.zz, :d)", nested, {{":d", "default"}}).at("y"),
            Value("default"));
}

TEST(EvalUpdate, ListAppend) {
  const core::Map old{{"l", Value(core::List{Value(1), Value(2)})}, {"qty", Value(5)}};
  const Values v{
      {":tail", core::List{Value(3)}}, {":head", core::List{Value(0)}}, {":none", core::List{}}};
  const core::Map item =
      updated("SET l = list_append(l, :tail), l2 = list_append(:head, l)", old, v);
  EXPECT_EQ(item.at("l"), Value(core::List{Value(1), Value(2), Value(3)}));
  EXPECT_EQ(item.at("l2"), Value(core::List{Value(0), Value(1), Value(2)}));
  EXPECT_EQ(updated("SET x = list_append(if_not_exists(x, :none), :tail)", old, v).at("x"),
            Value(core::List{Value(3)}));
  EXPECT_EQ(updated("SET l = list_append(l, l)", old).at("l"),
            Value(core::List{Value(1), Value(2), Value(1), Value(2)}));
  EXPECT_EQ(update_error("SET l = list_append(nope, :tail)", old, v), kMissingOperand);
  EXPECT_EQ(update_error("SET l = list_append(qty, :tail)", old, v), kBadType);
}

TEST(EvalUpdate, NestedPaths) {
  const core::Map old{
      {"m", Value(core::Map{{"a", Value(1)}, {"b", Value(core::Map{{"c", Value("x")}})}})},
      {"l", Value(core::List{Value(1), Value(core::List{Value(2), Value(3)}),
                             Value(core::Map{{"k", Value("v")}})})},
  };
  const core::Map item = updated(
      "SET m.b.c = :y, m.b.d = :z, m.e = :w, l[0] = :x, l[1][0] = :x, l[2].k = :y, "
      "l[2].j = :z",
      old, {{":x", "X"}, {":y", "Y"}, {":z", "Z"}, {":w", "W"}});
  EXPECT_EQ(item.at("m"), Value(core::Map{
                              {"a", Value(1)},
                              {"b", Value(core::Map{{"c", Value("Y")}, {"d", Value("Z")}})},
                              {"e", Value("W")},
                          }));
  EXPECT_EQ(item.at("l"),
            Value(core::List{Value("X"), Value(core::List{Value("X"), Value(3)}),
                             Value(core::Map{{"k", Value("Y")}, {"j", Value("Z")}})}));
  // Names given by placeholders may hold dots.
  const core::Map dotted = updated("SET m.#d = :x", old, {{":x", "X"}}, {{"#d", "a.b"}});
  EXPECT_EQ(dotted.at("m").as<core::Map>().at("a.b"), Value("X"));
}

TEST(EvalUpdate, SetPastTheEndOfAListAppends) {
  const core::Map old{{"l", Value(core::List{Value(1), Value(2), Value(3)})}};
  EXPECT_EQ(updated("SET l[10] = :v", old, {{":v", "v"}}).at("l"),
            Value(core::List{Value(1), Value(2), Value(3), Value("v")}));
  EXPECT_EQ(updated("SET l[3] = :v", old, {{":v", "v"}}).at("l"),
            Value(core::List{Value(1), Value(2), Value(3), Value("v")}));
  EXPECT_EQ(updated("SET l[2] = :v", old, {{":v", "v"}}).at("l"),
            Value(core::List{Value(1), Value(2), Value("v")}));
}

TEST(EvalUpdate, RemoveAttributes) {
  const core::Map old{{"pk", Value("p")},
                      {"a", Value(1)},
                      {"b", Value(2)},
                      {"m", Value(core::Map{{"x", Value(1)}, {"y", Value(2)}})}};
  EXPECT_EQ(
      updated("REMOVE a, m.x", old),
      (core::Map{{"pk", Value("p")}, {"b", Value(2)}, {"m", Value(core::Map{{"y", Value(2)}})}}));
  // Missing paths are no-ops.
  EXPECT_EQ(updated("REMOVE nope, m.zz, gone.deeper, l[3]", old), old);
}

TEST(EvalUpdate, RemoveListElementsByOriginalPosition) {
  auto list = [](std::initializer_list<int> xs) {
    core::List l;
    for (int x : xs) l.emplace_back(x);
    return Value(std::move(l));
  };
  const core::Map old{{"l", list({0, 1, 2, 3, 4})}};
  EXPECT_EQ(updated("REMOVE l[1], l[3]", old).at("l"), list({0, 2, 4}));
  EXPECT_EQ(updated("REMOVE l[3], l[1]", old).at("l"), list({0, 2, 4}));
  EXPECT_EQ(updated("REMOVE l[0], l[4], l[2]", old).at("l"), list({1, 3}));
  EXPECT_EQ(updated("REMOVE l[0], l[1], l[2], l[3], l[4]", old).at("l"), list({}));
  EXPECT_EQ(updated("REMOVE l[9]", old).at("l"), list({0, 1, 2, 3, 4}));
  EXPECT_EQ(updated("REMOVE l[4], l[9]", old).at("l"), list({0, 1, 2, 3}));
  // SET of one element and REMOVE of another both refer to the original positions.
  EXPECT_EQ(updated("SET l[1] = :x REMOVE l[3]", old, {{":x", 9}}).at("l"), list({0, 9, 2, 4}));
  EXPECT_EQ(updated("SET l[3] = :x REMOVE l[1]", old, {{":x", 9}}).at("l"), list({0, 2, 9, 4}));
  // Nested lists, and lists in two attributes.
  const core::Map nested{{"m", Value(core::Map{{"l", list({0, 1, 2})}})}, {"k", list({5, 6, 7})}};
  const core::Map item = updated("REMOVE m.l[0], m.l[2], k[1]", nested);
  EXPECT_EQ(item.at("m").as<core::Map>().at("l"), list({1}));
  EXPECT_EQ(item.at("k"), list({5, 7}));
}

TEST(EvalUpdate, AddToNumbersAndSets) {
  const core::Map old{
      {"cnt", Value(5)}, {"tags", SS({"a", "b"})}, {"nums", NS({"1"})}, {"m", Value(core::Map{})}};
  const core::Map item =
      updated("ADD cnt :n, tags :ss, nums :ns, fresh :n, fresh_set :ss, m.cnt :n", old,
              {{":n", 3}, {":ss", SS({"b", "c"})}, {":ns", NS({"2", "1.0"})}});
  EXPECT_EQ(item.at("cnt"), Value(8));
  EXPECT_EQ(members(item.at("tags")), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(members(item.at("nums")), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(item.at("fresh"), Value(3));
  EXPECT_EQ(members(item.at("fresh_set")), (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(item.at("m").as<core::Map>().at("cnt"), Value(3));
  EXPECT_EQ(updated("ADD cnt :n", old, {{":n", -5}}).at("cnt"), Value(0));
  EXPECT_EQ(updated("ADD cnt :n", old, {{":n", N("0.5")}}).at("cnt"), N("5.5"));
  // Binary sets.
  const core::Map bins{{"b", Value(core::BinarySet{{core::Binary{"x"}}})}};
  EXPECT_EQ(
      members(updated("ADD b :b", bins,
                      {{":b", Value(core::BinarySet{{core::Binary{"y"}, core::Binary{"x"}}})}})
                  .at("b")),
      (std::vector<std::string>{"x", "y"}));
}

TEST(EvalUpdate, AddErrors) {
  const core::Map old{{"cnt", Value(5)}, {"tags", SS({"a"})}, {"s", Value("x")}};
  EXPECT_EQ(update_error("ADD s :n", old, {{":n", 1}}), kBadType);
  EXPECT_EQ(update_error("ADD tags :n", old, {{":n", 1}}), kBadType);
  EXPECT_EQ(update_error("ADD cnt :ss", old, {{":ss", SS({"a"})}}), kBadType);
  EXPECT_EQ(update_error("ADD tags :ns", old, {{":ns", NS({"1"})}}), kBadType);
  EXPECT_EQ(update_error("ADD nope.x :n", old, {{":n", 1}}), kInvalidPath);
}

TEST(EvalUpdate, DeleteFromSets) {
  const core::Map old{{"pk", Value("p")},
                      {"tags", SS({"a", "b"})},
                      {"nums", NS({"1", "2", "3"})},
                      {"m", Value(core::Map{{"s", SS({"a"})}, {"keep", Value(1)}})}};
  EXPECT_EQ(members(updated("DELETE tags :s", old, {{":s", SS({"a"})}}).at("tags")),
            (std::vector<std::string>{"b"}));
  EXPECT_EQ(members(updated("DELETE tags :s", old, {{":s", SS({"x"})}}).at("tags")),
            (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(members(updated("DELETE nums :s", old, {{":s", NS({"2.0", "9"})}}).at("nums")),
            (std::vector<std::string>{"1", "3"}));
  // Removing every member removes the attribute: DynamoDB has no empty sets.
  const core::Map emptied = updated("DELETE tags :s", old, {{":s", SS({"b", "a"})}});
  EXPECT_EQ(emptied.count("tags"), 0u);
  EXPECT_EQ(emptied.size(), old.size() - 1);
  const core::Map nested = updated("DELETE m.s :s", old, {{":s", SS({"a"})}});
  EXPECT_EQ(nested.at("m"), Value(core::Map{{"keep", Value(1)}}));
  // Deleting from a missing attribute changes nothing.
  EXPECT_EQ(updated("DELETE nope :s", old, {{":s", SS({"a"})}}), old);
  // Wrong types.
  EXPECT_EQ(update_error("DELETE tags :s", old, {{":s", NS({"1"})}}), kBadType);
  EXPECT_EQ(update_error("DELETE pk :s", old, {{":s", SS({"p"})}}), kBadType);
}

TEST(EvalUpdate, InvalidPaths) {
  const core::Map old{{"s", Value("x")},
                      {"m", Value(core::Map{{"a", Value(1)}})},
                      {"l", Value(core::List{Value(1)})}};
  const Values v{{":v", 1}};
  EXPECT_EQ(update_error("SET m.zz.y = :v", old, v), kInvalidPath);  // parent missing
  EXPECT_EQ(update_error("SET nope.x = :v", old, v), kInvalidPath);
  EXPECT_EQ(update_error("SET nope[0] = :v", old, v), kInvalidPath);
  EXPECT_EQ(update_error("SET s.x = :v", old, v), kInvalidPath);  // into a string
  EXPECT_EQ(update_error("SET s[0] = :v", old, v), kInvalidPath);
  EXPECT_EQ(update_error("SET m[0] = :v", old, v), kInvalidPath);    // index into a map
  EXPECT_EQ(update_error("SET l.x = :v", old, v), kInvalidPath);     // key into a list
  EXPECT_EQ(update_error("SET l[5].x = :v", old, v), kInvalidPath);  // element missing
  EXPECT_EQ(update_error("SET m.a.b = :v", old, v), kInvalidPath);   // into a number
  EXPECT_EQ(update_error("REMOVE s.x", old), kInvalidPath);
  // The same paths one level up are fine.
  EXPECT_EQ(update_error("SET m.zz = :v", old, v), "");
  EXPECT_EQ(update_error("SET nope = :v", old, v), "");
}

// ---------------------------------------------------------------------------------------------
// Projections

core::Map projection_item() {
  return core::Map{
      {"a", Value(1)},
      {"b", Value("x")},
      {"m", Value(core::Map{{"x", Value(1)},
                            {"y", Value(core::Map{{"z", Value(2)}, {"w", Value(3)}})},
                            {"l", Value(core::List{Value(10), Value(20)})}})},
      {"l", Value(core::List{Value(10), Value(20), Value(30), Value(40),
                             Value(core::Map{{"k", Value("v")}, {"j", Value("u")}})})},
  };
}

TEST(EvalProjection, TopLevelAttributes) {
  const core::Map item = projection_item();
  EXPECT_EQ(projected("a", item), (core::Map{{"a", Value(1)}}));
  EXPECT_EQ(projected("b, a", item), (core::Map{{"a", Value(1)}, {"b", Value("x")}}));
  EXPECT_EQ(projected("m", item), (core::Map{{"m", item.at("m")}}));
  EXPECT_EQ(projected("a, b, m, l", item), item);
}

TEST(EvalProjection, NestedPathsKeepTheStructure) {
  const core::Map item = projection_item();
  EXPECT_EQ(projected("m.y.z", item),
            (core::Map{{"m", Value(core::Map{{"y", Value(core::Map{{"z", Value(2)}})}})}}));
  EXPECT_EQ(projected("m.y.z, m.x", item),
            (core::Map{{"m", Value(core::Map{{"x", Value(1)},
                                             {"y", Value(core::Map{{"z", Value(2)}})}})}}));
  EXPECT_EQ(projected("l[4].k", item),
            (core::Map{{"l", Value(core::List{Value(core::Map{{"k", Value("v")}})})}}));
  EXPECT_EQ(
      projected("m.l[1], a", item),
      (core::Map{{"a", Value(1)}, {"m", Value(core::Map{{"l", Value(core::List{Value(20)})}})}}));
  EXPECT_EQ(projected("#m.#y", item, {{"#m", "m"}, {"#y", "y"}}),
            (core::Map{{"m", Value(core::Map{{"y", item.at("m").as<core::Map>().at("y")}})}}));
}

TEST(EvalProjection, ListElementsComeOutInIndexOrder) {
  const core::Map item = projection_item();
  const Value expected(core::List{Value(20), Value(40)});
  EXPECT_EQ(projected("l[1], l[3]", item).at("l"), expected);
  EXPECT_EQ(projected("l[3], l[1]", item).at("l"), expected);
  EXPECT_EQ(projected("l[4].j, l[0]", item).at("l"),
            Value(core::List{Value(10), Value(core::Map{{"j", Value("u")}})}));
}

TEST(EvalProjection, MissingPathsAreSkipped) {
  const core::Map item = projection_item();
  EXPECT_EQ(projected("nope", item), core::Map{});
  EXPECT_EQ(projected("a, nope, m.q", item), (core::Map{{"a", Value(1)}}));
  EXPECT_EQ(projected("l[9]", item), core::Map{});
  EXPECT_EQ(projected("l[1], l[9]", item), (core::Map{{"l", Value(core::List{Value(20)})}}));
  EXPECT_EQ(projected("a.b", item), core::Map{});     // a step into a number
  EXPECT_EQ(projected("l[0].k", item), core::Map{});  // a key of a number
  EXPECT_EQ(projected("m[0]", item), core::Map{});    // an index into a map
  EXPECT_EQ(projected("l.k", item), core::Map{});     // a key into a list
  EXPECT_EQ(projected("m.y.z, m.y.nope", item),
            (core::Map{{"m", Value(core::Map{{"y", Value(core::Map{{"z", Value(2)}})}})}}));
  EXPECT_EQ(projected("a", core::Map{}), core::Map{});
}

}  // namespace expression_eval_test
}  // namespace wharf::dynamo
