// The DynamoDB expression parser against DynamoDB's own answers. Expected messages come from
// dynalite's test suite (test/{query,scan,getItem,updateItem,deleteItem}.js, whose messages were
// checked against DynamoDB) where it gives them; the others follow DynamoDB Local's validator
// (same message table, "<message>; <key>: <value>" details). A syntax error names the offending
// token and, as `near`, the text from the token before it to the token after it (whitespace
// between them included), as DynamoDB's parser error listener does.
#include "dynamo/expression_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <exception>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/decimal.h"
#include "core/error.h"
#include "core/value.h"
#include "dynamo/expression_ast.h"

namespace wharf::dynamo {
namespace expression_parser_test {

using expr::CompareOp;
using expr::ConditionKind;
using expr::OperandKind;
using expr::UpdateKind;
using ::testing::StartsWith;
using Names = std::map<std::string, std::string>;
using Values = std::map<std::string, core::Value>;

constexpr std::string_view kCondition = "ConditionExpression";
constexpr std::string_view kFilter = "FilterExpression";
constexpr std::string_view kKeyCondition = "KeyConditionExpression";
constexpr std::string_view kUpdate = "UpdateExpression";
constexpr std::string_view kProjection = "ProjectionExpression";

// Runs `parse`; returns the message of the ValidationException it throws, "" when it succeeds.
template <typename Parse>
std::string error_of(Parse parse) {
  try {
    parse();
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), "ValidationException") << e.message();
    EXPECT_EQ(e.http_status(), 400) << e.message();
    return e.message();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not a core::Error: " << e.what();
    return std::string("<std::exception> ") + e.what();
  }
  return "";
}

std::string condition_error(std::string_view text, const Names& names = {},
                            const Values& values = {}, std::string_view kind = kCondition) {
  Placeholders ph(&names, &values);
  return error_of([&] { parse_condition(text, kind, ph); });
}

std::string update_error(std::string_view text, const Names& names = {},
                         const Values& values = {}) {
  Placeholders ph(&names, &values);
  return error_of([&] { parse_update(text, ph); });
}

std::string projection_error(std::string_view text, const Names& names = {}) {
  const Values values;
  Placeholders ph(&names, &values);
  return error_of([&] { parse_projection(text, ph); });
}

std::string unused_error(const Placeholders& ph) {
  return error_of([&] { ph.check_all_used(); });
}

expr::Condition condition(std::string_view text, const Names& names = {}, const Values& values = {},
                          std::string_view kind = kCondition) {
  Placeholders ph(&names, &values);
  return parse_condition(text, kind, ph);
}

expr::Update update(std::string_view text, const Names& names = {}, const Values& values = {}) {
  Placeholders ph(&names, &values);
  return parse_update(text, ph);
}

expr::Projection projection(std::string_view text, const Names& names = {}) {
  const Values values;
  Placeholders ph(&names, &values);
  return parse_projection(text, ph);
}

// "Invalid <kind>: Syntax error; token: "<token>", near: "<near>"".
std::string syntax(std::string_view kind, std::string_view token, std::string_view near) {
  return "Invalid " + std::string(kind) + ": Syntax error; token: \"" + std::string(token) +
         "\", near: \"" + std::string(near) + "\"";
}

// A path as written with plain names: a.b[2].c.
std::string dotted(const expr::Path& path) {
  std::string out;
  for (const auto& step : path.steps) {
    if (step.is_index()) {
      out += "[" + std::to_string(step.index) + "]";
    } else {
      if (!out.empty()) out += ".";
      out += step.name;
    }
  }
  return out;
}

const expr::UpdateAction* action_on(const expr::Update& u, std::string_view path) {
  for (const auto& action : u.actions)
    if (dotted(action.path) == path) return &action;
  return nullptr;
}

std::vector<std::string> sorted_paths(const expr::Projection& p) {
  std::vector<std::string> out;
  for (const auto& path : p.paths) out.push_back(dotted(path));
  std::sort(out.begin(), out.end());
  return out;
}

// "a.b.b...": `levels` path elements.
std::string deep_path(int levels) {
  std::string path = "a";
  for (int i = 1; i < levels; ++i) path += ".b";
  return path;
}

// ---------------------------------------------------------------------------------------------
// Conditions that parse

TEST(ConditionParse, EveryComparator) {
  const std::pair<const char*, CompareOp> cases[] = {{"=", CompareOp::kEq}, {"<>", CompareOp::kNe},
                                                     {"<", CompareOp::kLt}, {"<=", CompareOp::kLe},
                                                     {">", CompareOp::kGt}, {">=", CompareOp::kGe}};
  for (const auto& [symbol, op] : cases) {
    for (const std::string& text :
         {"price " + std::string(symbol) + " :v", "price" + std::string(symbol) + ":v"}) {
      const auto c = condition(text, {}, {{":v", 10}});
      EXPECT_EQ(c.kind, ConditionKind::kCompare) << text;
      EXPECT_EQ(c.op, op) << text;
      ASSERT_EQ(c.operands.size(), 2u) << text;
      EXPECT_EQ(c.operands[0].kind, OperandKind::kPath) << text;
      EXPECT_EQ(dotted(c.operands[0].path), "price") << text;
      EXPECT_EQ(c.operands[1].kind, OperandKind::kValue) << text;
      EXPECT_EQ(c.operands[1].value, core::Value(10)) << text;
      EXPECT_EQ(c.operands[1].placeholder, ":v") << text;
    }
    EXPECT_STREQ(expr::op_text(op), symbol);
  }
}

TEST(ConditionParse, ValueOnTheLeft) {
  const auto c = condition(":v < price", {}, {{":v", 3}});
  EXPECT_EQ(c.op, CompareOp::kLt);
  ASSERT_EQ(c.operands.size(), 2u);
  EXPECT_EQ(c.operands[0].kind, OperandKind::kValue);
  EXPECT_EQ(c.operands[1].kind, OperandKind::kPath);
}

TEST(ConditionParse, Between) {
  for (const char* text : {"qty BETWEEN :lo AND :hi", "qty between :lo and :hi"}) {
    const auto c = condition(text, {}, {{":lo", 1}, {":hi", 5}});
    EXPECT_EQ(c.kind, ConditionKind::kBetween) << text;
    ASSERT_EQ(c.operands.size(), 3u) << text;
    EXPECT_EQ(dotted(c.operands[0].path), "qty");
    EXPECT_EQ(c.operands[1].value, core::Value(1));
    EXPECT_EQ(c.operands[2].value, core::Value(5));
  }
  // Equal bounds are fine, and numbers are ordered as numbers (9 < 10), not as text.
  EXPECT_EQ(condition_error("qty BETWEEN :v AND :v", {}, {{":v", 1}}), "");
  EXPECT_EQ(condition_error("qty BETWEEN :lo AND :hi", {}, {{":lo", 9}, {":hi", 10}}), "");
  // Bounds that are paths are not compared.
  EXPECT_EQ(condition_error("qty BETWEEN b AND c"), "");
}

TEST(ConditionParse, In) {
  const Values v{{":r", "red"}, {":g", "green"}, {":b", "blue"}};
  for (const char* text : {"color IN (:r, :g, :b)", "color in (:r,:g,:b)"}) {
    const auto c = condition(text, {}, v);
    EXPECT_EQ(c.kind, ConditionKind::kIn) << text;
    ASSERT_EQ(c.operands.size(), 4u) << text;
    EXPECT_EQ(dotted(c.operands[0].path), "color");
    EXPECT_EQ(c.operands[1].value, core::Value("red"));
    EXPECT_EQ(c.operands[3].value, core::Value("blue"));
  }
  const auto single = condition("color IN (:r)", {}, v);
  EXPECT_EQ(single.kind, ConditionKind::kIn);
  EXPECT_EQ(single.operands.size(), 2u);
}

TEST(ConditionParse, AndBindsTighterThanOr) {
  const Values v{{":v", 1}};
  const auto c = condition("a = :v OR b = :v AND c = :v", {}, v);
  EXPECT_EQ(c.kind, ConditionKind::kOr);
  ASSERT_EQ(c.children.size(), 2u);
  EXPECT_EQ(c.children[0].kind, ConditionKind::kCompare);
  EXPECT_EQ(dotted(c.children[0].operands[0].path), "a");
  EXPECT_EQ(c.children[1].kind, ConditionKind::kAnd);
  ASSERT_EQ(c.children[1].children.size(), 2u);
  EXPECT_EQ(dotted(c.children[1].children[0].operands[0].path), "b");
  EXPECT_EQ(dotted(c.children[1].children[1].operands[0].path), "c");

  const auto d = condition("a = :v AND b = :v OR c = :v", {}, v);
  EXPECT_EQ(d.kind, ConditionKind::kOr);
  ASSERT_EQ(d.children.size(), 2u);
  EXPECT_EQ(d.children[0].kind, ConditionKind::kAnd);
  EXPECT_EQ(d.children[1].kind, ConditionKind::kCompare);
}

TEST(ConditionParse, NotBindsTighterThanAnd) {
  const Values v{{":v", 1}};
  const auto c = condition("NOT a = :v AND b = :v", {}, v);
  EXPECT_EQ(c.kind, ConditionKind::kAnd);
  ASSERT_EQ(c.children.size(), 2u);
  EXPECT_EQ(c.children[0].kind, ConditionKind::kNot);
  ASSERT_EQ(c.children[0].children.size(), 1u);
  EXPECT_EQ(c.children[0].children[0].kind, ConditionKind::kCompare);
  EXPECT_EQ(c.children[1].kind, ConditionKind::kCompare);

  const auto nn = condition("NOT NOT a = :v", {}, v);
  EXPECT_EQ(nn.kind, ConditionKind::kNot);
  ASSERT_EQ(nn.children.size(), 1u);
  EXPECT_EQ(nn.children[0].kind, ConditionKind::kNot);
}

TEST(ConditionParse, ParenthesesOverridePrecedence) {
  const Values v{{":v", 1}};
  const auto c = condition("(a = :v OR b = :v) AND c = :v", {}, v);
  EXPECT_EQ(c.kind, ConditionKind::kAnd);
  ASSERT_EQ(c.children.size(), 2u);
  EXPECT_EQ(c.children[0].kind, ConditionKind::kOr);
  EXPECT_EQ(c.children[1].kind, ConditionKind::kCompare);

  const auto n = condition("NOT (a = :v AND b = :v)", {}, v);
  EXPECT_EQ(n.kind, ConditionKind::kNot);
  ASSERT_EQ(n.children.size(), 1u);
  EXPECT_EQ(n.children[0].kind, ConditionKind::kAnd);

  // One pair of parentheses around an operand or a comparison is not redundant.
  EXPECT_EQ(condition_error("(a = :v)", {}, v), "");
  EXPECT_EQ(condition_error("(a) = :v", {}, v), "");
}

TEST(ConditionParse, LowercaseKeywords) {
  const auto c = condition("a = :v or b = :v and not c = :v", {}, {{":v", 1}});
  EXPECT_EQ(c.kind, ConditionKind::kOr);
  ASSERT_EQ(c.children.size(), 2u);
  EXPECT_EQ(c.children[1].kind, ConditionKind::kAnd);
  ASSERT_EQ(c.children[1].children.size(), 2u);
  EXPECT_EQ(c.children[1].children[1].kind, ConditionKind::kNot);
}

TEST(ConditionParse, Whitespace) {
  EXPECT_EQ(condition_error("  a   =   :v  ", {}, {{":v", 1}}), "");
  EXPECT_EQ(condition_error("a\t=\n:v\r\n", {}, {{":v", 1}}), "");
  EXPECT_EQ(condition_error("(a=:v)AND(b=:v)", {}, {{":v", 1}}), "");
}

TEST(ConditionParse, AttributeExistsAndNotExists) {
  const auto e = condition("attribute_exists(a)");
  EXPECT_EQ(e.kind, ConditionKind::kAttributeExists);
  ASSERT_EQ(e.operands.size(), 1u);
  EXPECT_EQ(e.operands[0].kind, OperandKind::kPath);
  EXPECT_EQ(dotted(e.operands[0].path), "a");

  const auto ne = condition("attribute_not_exists(a.b)");
  EXPECT_EQ(ne.kind, ConditionKind::kAttributeNotExists);
  ASSERT_EQ(ne.operands.size(), 1u);
  EXPECT_EQ(dotted(ne.operands[0].path), "a.b");
}

TEST(ConditionParse, AttributeType) {
  const auto c = condition("attribute_type(a, :t)", {}, {{":t", "SS"}});
  EXPECT_EQ(c.kind, ConditionKind::kAttributeType);
  ASSERT_EQ(c.operands.size(), 2u);
  EXPECT_EQ(dotted(c.operands[0].path), "a");
  EXPECT_EQ(c.operands[1].value, core::Value("SS"));
  for (const char* type : {"S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL"})
    EXPECT_EQ(condition_error("attribute_type(a, :t)", {}, {{":t", type}}), "") << type;
}

TEST(ConditionParse, BeginsWithAndContains) {
  const Values v{{":s", "ab"}, {":n", 3}};
  const auto b = condition("begins_with(a, :s)", {}, v);
  EXPECT_EQ(b.kind, ConditionKind::kBeginsWith);
  ASSERT_EQ(b.operands.size(), 2u);
  EXPECT_EQ(dotted(b.operands[0].path), "a");
  EXPECT_EQ(b.operands[1].value, core::Value("ab"));

  const auto c = condition("contains(tags, :s)", {}, v);
  EXPECT_EQ(c.kind, ConditionKind::kContains);
  ASSERT_EQ(c.operands.size(), 2u);
  EXPECT_EQ(dotted(c.operands[0].path), "tags");
  // contains() takes an operand of any type (a number in a number set).
  EXPECT_EQ(condition_error("contains(tags, :n)", {}, v), "");
}

TEST(ConditionParse, SizeIsAnOperand) {
  const auto c = condition("size(a.b) > :n", {}, {{":n", 3}});
  EXPECT_EQ(c.kind, ConditionKind::kCompare);
  EXPECT_EQ(c.op, CompareOp::kGt);
  ASSERT_EQ(c.operands.size(), 2u);
  EXPECT_EQ(c.operands[0].kind, OperandKind::kSize);
  ASSERT_EQ(c.operands[0].args.size(), 1u);
  EXPECT_EQ(c.operands[0].args[0].kind, OperandKind::kPath);
  EXPECT_EQ(dotted(c.operands[0].args[0].path), "a.b");
  EXPECT_EQ(condition_error("size(a) BETWEEN :n AND :n", {}, {{":n", 3}}), "");
  EXPECT_EQ(condition_error(":n IN (size(a), size(b))", {}, {{":n", 3}}), "");
}

TEST(ConditionParse, FunctionsInsideLogic) {
  const auto c = condition("attribute_exists(a) AND NOT contains(tags, :s)", {}, {{":s", "x"}});
  EXPECT_EQ(c.kind, ConditionKind::kAnd);
  ASSERT_EQ(c.children.size(), 2u);
  EXPECT_EQ(c.children[0].kind, ConditionKind::kAttributeExists);
  EXPECT_EQ(c.children[1].kind, ConditionKind::kNot);
  ASSERT_EQ(c.children[1].children.size(), 1u);
  EXPECT_EQ(c.children[1].children[0].kind, ConditionKind::kContains);
}

TEST(ConditionParse, NestedPathSteps) {
  const auto c = condition("a.b[2].c[0][1] = :v", {}, {{":v", 1}});
  ASSERT_EQ(c.operands.size(), 2u);
  const auto& path = c.operands[0].path;
  ASSERT_EQ(path.steps.size(), 6u);
  EXPECT_EQ(path.top(), "a");
  EXPECT_FALSE(path.steps[0].is_index());
  EXPECT_EQ(path.steps[1].name, "b");
  EXPECT_TRUE(path.steps[2].is_index());
  EXPECT_EQ(path.steps[2].index, 2);
  EXPECT_EQ(path.steps[3].name, "c");
  EXPECT_EQ(path.steps[4].index, 0);
  EXPECT_EQ(path.steps[5].index, 1);
  EXPECT_EQ(path.render(), "[a, b, [2], c, [0], [1]]");
}

TEST(ConditionParse, NamePlaceholdersResolve) {
  // A placeholder stands for one whole path element: a reserved word or a name with a dot in it.
  const Names names{{"#s", "status"}, {"#k", "x.y"}};
  const auto c = condition("#s.#k[3] = :v", names, {{":v", 1}});
  ASSERT_EQ(c.operands.size(), 2u);
  const auto& path = c.operands[0].path;
  ASSERT_EQ(path.steps.size(), 3u);
  EXPECT_EQ(path.steps[0].name, "status");
  EXPECT_FALSE(path.steps[1].is_index());
  EXPECT_EQ(path.steps[1].name, "x.y");
  EXPECT_EQ(path.steps[2].index, 3);
  // Placeholder names may start with a digit or be an underscore.
  EXPECT_EQ(condition_error("#4g = :_", {{"#4g", "a"}}, {{":_", 1}}), "");
}

TEST(ConditionParse, ValuePlaceholdersResolve) {
  const core::List list{core::Value(1), core::Value("x")};
  const core::Map map{{"k", core::Value(true)}};
  const Values v{{":l", list},
                 {":m", map},
                 {":ss", core::StringSet{{"a", "b"}}},
                 {":d", *core::Decimal::parse("1.5")}};
  const auto c = condition("a = :l AND b = :m AND c = :ss AND d = :d", {}, v);
  std::map<std::string, core::Value> seen;
  // Walk the tree whatever its AND nesting looks like.
  std::vector<const expr::Condition*> todo{&c};
  while (!todo.empty()) {
    const auto* node = todo.back();
    todo.pop_back();
    for (const auto& child : node->children) todo.push_back(&child);
    if (node->kind == ConditionKind::kCompare && node->operands.size() == 2)
      seen[node->operands[1].placeholder] = node->operands[1].value;
  }
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[":l"], core::Value(list));
  EXPECT_EQ(seen[":m"], core::Value(map));
  EXPECT_EQ(seen[":ss"], core::Value(core::StringSet{{"a", "b"}}));
  EXPECT_EQ(seen[":d"], core::Value(*core::Decimal::parse("1.5")));
}

TEST(ConditionParse, KeyConditionAndFilterKinds) {
  const auto k =
      condition("pk = :p AND begins_with(sk, :s)", {}, {{":p", "x"}, {":s", "y"}}, kKeyCondition);
  EXPECT_EQ(k.kind, ConditionKind::kAnd);
  const auto f = condition("attribute_not_exists(a)", {}, {}, kFilter);
  EXPECT_EQ(f.kind, ConditionKind::kAttributeNotExists);
}

// ---------------------------------------------------------------------------------------------
// Updates that parse

TEST(UpdateParse, SetForms) {
  const Values v{{":v", "x"}, {":n", 2}, {":z", 0}, {":l", core::List{core::Value(1)}}};
  const auto u =
      update("SET a = :v, b = b + :n, c = c - :n, d = if_not_exists(d, :z), e = list_append(e, :l)",
             {}, v);
  ASSERT_EQ(u.actions.size(), 5u);
  for (const auto& action : u.actions) EXPECT_EQ(action.kind, UpdateKind::kSet);

  const auto* a = action_on(u, "a");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->value.kind, OperandKind::kValue);
  EXPECT_EQ(a->value.value, core::Value("x"));
  EXPECT_EQ(a->value.placeholder, ":v");

  const auto* b = action_on(u, "b");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->value.kind, OperandKind::kPlus);
  ASSERT_EQ(b->value.args.size(), 2u);
  EXPECT_EQ(b->value.args[0].kind, OperandKind::kPath);
  EXPECT_EQ(dotted(b->value.args[0].path), "b");
  EXPECT_EQ(b->value.args[1].kind, OperandKind::kValue);
  EXPECT_EQ(b->value.args[1].value, core::Value(2));

  const auto* c = action_on(u, "c");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->value.kind, OperandKind::kMinus);
  EXPECT_EQ(c->value.args.size(), 2u);

  const auto* d = action_on(u, "d");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->value.kind, OperandKind::kIfNotExists);
  ASSERT_EQ(d->value.args.size(), 2u);
  EXPECT_EQ(d->value.args[0].kind, OperandKind::kPath);
  EXPECT_EQ(d->value.args[1].value, core::Value(0));

  const auto* e = action_on(u, "e");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->value.kind, OperandKind::kListAppend);
  ASSERT_EQ(e->value.args.size(), 2u);
  EXPECT_EQ(dotted(e->value.args[0].path), "e");
  EXPECT_EQ(e->value.args[1].value, core::Value(core::List{core::Value(1)}));
}

TEST(UpdateParse, SetOperandsInAnyPosition) {
  const Values v{{":n", 1}, {":l", core::List{}}};
  const auto u = update("SET a = :n + b, c = d, e = list_append(:l, e)", {}, v);
  ASSERT_EQ(u.actions.size(), 3u);
  const auto* a = action_on(u, "a");
  ASSERT_NE(a, nullptr);
  ASSERT_EQ(a->value.args.size(), 2u);
  EXPECT_EQ(a->value.args[0].kind, OperandKind::kValue);
  EXPECT_EQ(a->value.args[1].kind, OperandKind::kPath);
  const auto* c = action_on(u, "c");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->value.kind, OperandKind::kPath);
  EXPECT_EQ(dotted(c->value.path), "d");
  // Arithmetic may use if_not_exists() as an operand.
  EXPECT_EQ(update_error("SET a = if_not_exists(a, :n) + :n", {}, v), "");
}

TEST(UpdateParse, IfNotExistsNestsInListAppend) {
  const Values v{{":empty", core::List{}}, {":more", core::List{core::Value("x")}}};
  const auto u = update("SET l = list_append(if_not_exists(l, :empty), :more)", {}, v);
  ASSERT_EQ(u.actions.size(), 1u);
  EXPECT_EQ(u.actions[0].value.kind, OperandKind::kListAppend);
  ASSERT_EQ(u.actions[0].value.args.size(), 2u);
  EXPECT_EQ(u.actions[0].value.args[0].kind, OperandKind::kIfNotExists);
}

TEST(UpdateParse, SetNestedPath) {
  const auto u = update("SET a.b[1].c = :v", {}, {{":v", 1}});
  ASSERT_EQ(u.actions.size(), 1u);
  EXPECT_EQ(dotted(u.actions[0].path), "a.b[1].c");
  EXPECT_EQ(u.actions[0].path.render(), "[a, b, [1], c]");
}

TEST(UpdateParse, Remove) {
  const auto u = update("REMOVE a, b.c, d[1]");
  ASSERT_EQ(u.actions.size(), 3u);
  for (const auto& action : u.actions) EXPECT_EQ(action.kind, UpdateKind::kRemove);
  EXPECT_NE(action_on(u, "a"), nullptr);
  EXPECT_NE(action_on(u, "b.c"), nullptr);
  EXPECT_NE(action_on(u, "d[1]"), nullptr);
}

TEST(UpdateParse, AddAndDelete) {
  const Values v{{":n", 1},
                 {":ss", core::StringSet{{"x"}}},
                 {":ns", core::NumberSet{{core::Decimal(1), core::Decimal(2)}}}};
  const auto add = update("ADD cnt :n, tags :ss, nums :ns", {}, v);
  ASSERT_EQ(add.actions.size(), 3u);
  for (const auto& action : add.actions) EXPECT_EQ(action.kind, UpdateKind::kAdd);
  const auto* cnt = action_on(add, "cnt");
  ASSERT_NE(cnt, nullptr);
  EXPECT_EQ(cnt->value.kind, OperandKind::kValue);
  EXPECT_EQ(cnt->value.value, core::Value(1));

  const auto del = update("DELETE tags :ss, nums :ns", {}, v);
  ASSERT_EQ(del.actions.size(), 2u);
  for (const auto& action : del.actions) EXPECT_EQ(action.kind, UpdateKind::kDelete);
  const auto* tags = action_on(del, "tags");
  ASSERT_NE(tags, nullptr);
  EXPECT_EQ(tags->value.value, core::Value(core::StringSet{{"x"}}));
  // ADD and DELETE also reach into nested attributes.
  EXPECT_EQ(update_error("ADD a.b :n DELETE c[1] :ss", {}, v), "");
}

TEST(UpdateParse, ClausesInAnyOrder) {
  const Values v{{":n", 1}, {":v", "x"}, {":ss", core::StringSet{{"x"}}}};
  const auto u = update("REMOVE r ADD n :n SET s = :v DELETE d :ss", {}, v);
  ASSERT_EQ(u.actions.size(), 4u);
  ASSERT_NE(action_on(u, "r"), nullptr);
  EXPECT_EQ(action_on(u, "r")->kind, UpdateKind::kRemove);
  ASSERT_NE(action_on(u, "n"), nullptr);
  EXPECT_EQ(action_on(u, "n")->kind, UpdateKind::kAdd);
  ASSERT_NE(action_on(u, "s"), nullptr);
  EXPECT_EQ(action_on(u, "s")->kind, UpdateKind::kSet);
  ASSERT_NE(action_on(u, "d"), nullptr);
  EXPECT_EQ(action_on(u, "d")->kind, UpdateKind::kDelete);

  EXPECT_EQ(update_error("DELETE d :ss SET s = :v, t = :n REMOVE r, q", {}, v), "");
}

TEST(UpdateParse, LowercaseKeywords) {
  const Values v{{":n", 1}, {":v", "x"}, {":ss", core::StringSet{{"x"}}}};
  const auto u = update("set a = :v remove b add c :n delete d :ss", {}, v);
  ASSERT_EQ(u.actions.size(), 4u);
  ASSERT_NE(action_on(u, "a"), nullptr);
  EXPECT_EQ(action_on(u, "a")->kind, UpdateKind::kSet);
  ASSERT_NE(action_on(u, "b"), nullptr);
  EXPECT_EQ(action_on(u, "b")->kind, UpdateKind::kRemove);
  EXPECT_EQ(update_error("Set a = :v Remove b", {}, v), "");
}

TEST(UpdateParse, NamePlaceholders) {
  const Names names{{"#n", "name"}, {"#d", "data"}, {"#k", "x"}};
  const auto u = update("SET #n = :v REMOVE #d.#k", names, {{":v", 1}});
  ASSERT_EQ(u.actions.size(), 2u);
  EXPECT_NE(action_on(u, "name"), nullptr);
  EXPECT_NE(action_on(u, "data.x"), nullptr);
}

// ---------------------------------------------------------------------------------------------
// Projections that parse

TEST(ProjectionParse, SeveralPaths) {
  const auto p = projection("a, b.c, d[0], #n", {{"#n", "status"}});
  EXPECT_EQ(sorted_paths(p), (std::vector<std::string>{"a", "b.c", "d[0]", "status"}));
  const auto q = projection("a,b");
  EXPECT_EQ(sorted_paths(q), (std::vector<std::string>{"a", "b"}));
}

TEST(ProjectionParse, SiblingPathsDoNotOverlap) {
  const auto p = projection("a.b, a.c, a.d[0], a.d[1]");
  EXPECT_EQ(sorted_paths(p), (std::vector<std::string>{"a.b", "a.c", "a.d[0]", "a.d[1]"}));
}

// ---------------------------------------------------------------------------------------------
// Malformed input

TEST(ExpressionErrors, EmptyExpression) {
  EXPECT_EQ(condition_error(""), "Invalid ConditionExpression: The expression can not be empty;");
  EXPECT_EQ(condition_error("", {}, {}, kFilter),
            "Invalid FilterExpression: The expression can not be empty;");
  EXPECT_EQ(condition_error("", {}, {}, kKeyCondition),
            "Invalid KeyConditionExpression: The expression can not be empty;");
  EXPECT_EQ(update_error(""), "Invalid UpdateExpression: The expression can not be empty;");
  EXPECT_EQ(projection_error(""), "Invalid ProjectionExpression: The expression can not be empty;");
}

TEST(ConditionErrors, UnbalancedParentheses) {
  const Values v{{":v", 1}};
  EXPECT_EQ(condition_error("(a = :v", {}, v), syntax(kCondition, "<EOF>", ":v"));
  EXPECT_EQ(condition_error("a = :v)", {}, v), syntax(kCondition, ")", ":v)"));
  EXPECT_EQ(condition_error("(a = :v OR (b = :v)", {}, v), syntax(kCondition, "<EOF>", ")"));
  EXPECT_EQ(condition_error("attribute_exists(a", {}, v), syntax(kCondition, "<EOF>", "a"));
  EXPECT_EQ(condition_error("attribute_exists(", {}, v), syntax(kCondition, "<EOF>", "("));
}

TEST(ConditionErrors, DanglingLogicalOperators) {
  const Values v{{":v", 1}};
  EXPECT_EQ(condition_error("a = :v AND", {}, v), syntax(kCondition, "<EOF>", "AND"));
  EXPECT_EQ(condition_error("a = :v or", {}, v), syntax(kCondition, "<EOF>", "or"));
  EXPECT_EQ(condition_error("AND a = :v", {}, v), syntax(kCondition, "AND", "AND a"));
  EXPECT_EQ(condition_error("a = :v AND AND b = :v", {}, v),
            syntax(kCondition, "AND", "AND AND b"));
  EXPECT_EQ(condition_error("NOT", {}, v), syntax(kCondition, "<EOF>", "NOT"));
}

TEST(ConditionErrors, MissingOperand) {
  const Values v{{":v", 1}, {":s", "x"}};
  EXPECT_EQ(condition_error("= :v", {}, v), syntax(kCondition, "=", "= :v"));
  EXPECT_EQ(condition_error("a =", {}, v), syntax(kCondition, "<EOF>", "="));
  EXPECT_EQ(condition_error("a = :v AND b >", {}, v), syntax(kCondition, "<EOF>", ">"));
  EXPECT_EQ(condition_error("a BETWEEN :v", {}, v), syntax(kCondition, "<EOF>", ":v"));
  EXPECT_EQ(condition_error("a BETWEEN :v AND", {}, v), syntax(kCondition, "<EOF>", "AND"));
  EXPECT_EQ(condition_error("a IN ()", {}, v), syntax(kCondition, ")", "()"));
  EXPECT_EQ(condition_error("a IN (:v,)", {}, v), syntax(kCondition, ")", ",)"));
  EXPECT_EQ(condition_error("begins_with(a, )", {}, v), syntax(kCondition, ")", ", )"));
}

TEST(ConditionErrors, MissingComparison) {
  // A path alone is not a condition (DynamoDB's own answer for "foo").
  EXPECT_EQ(condition_error("whatever"), syntax(kCondition, "<EOF>", "whatever"));
  EXPECT_EQ(condition_error("a AND b"), syntax(kCondition, "AND", "a AND b"));
}

TEST(ConditionErrors, StrayTokens) {
  const Values v{{":v", 1}, {":w", 2}};
  EXPECT_EQ(condition_error("a = :v :w", {}, v), syntax(kCondition, ":w", ":v :w"));
  EXPECT_EQ(condition_error("a = :v b = :w", {}, v), syntax(kCondition, "b", ":v b ="));
  EXPECT_EQ(condition_error("a == :v", {}, v), syntax(kCondition, "=", "== :v"));
  // dynalite's syntax errors (scan.js), asserted up to the token.
  for (const char* text : {"things are not gonna be ok", "a > 4", "a in b, c", "a > between",
                           "a in b", "(a)between(b.(c.d))and(c)", "size(a).b > a", "size(a)[0] > a",
                           "(size(a))[0] > a", "a > :things.stuff"}) {
    EXPECT_THAT(condition_error(text, {}, {{":things", 1}}, kFilter),
                StartsWith("Invalid FilterExpression: Syntax error; token: "))
        << text;
  }
}

TEST(ConditionErrors, BadCharacters) {
  // '-' is a token of the language (update arithmetic), so DynamoDB names it.
  EXPECT_EQ(condition_error("attribute_exists(Pictures-RearView)"),
            syntax(kCondition, "-", "Pictures-RearView"));
  for (const char* text :
       {"attribute_exists(\"Pictures.RearView\")", "attribute_exists(Pictures..RearView)",
        "attribute_exists(Pi#ctures.RearView)", "#$.b > a", "\xc3\xbc > a", "a = :v $",
        "a = :v; b = :v", "a = 'x'"}) {
    EXPECT_THAT(condition_error(text, {}, {{":v", 1}}),
                StartsWith("Invalid ConditionExpression: Syntax error; token: "))
        << text;
  }
}

TEST(ConditionErrors, ListIndexNotANumber) {
  const Values v{{":v", 1}, {":i", 1}};
  EXPECT_EQ(condition_error("a[b] = :v", {}, v), syntax(kCondition, "b", "[b]"));
  EXPECT_EQ(condition_error("a[:i] = :v", {}, v), syntax(kCondition, ":i", "[:i]"));
  EXPECT_EQ(condition_error("a[-1] = :v", {}, v), syntax(kCondition, "-", "[-1"));
  EXPECT_THAT(condition_error("a[1.5] = :v", {}, v),
              StartsWith("Invalid ConditionExpression: Syntax error; token: "));
  EXPECT_THAT(condition_error("a[] = :v", {}, v),
              StartsWith("Invalid ConditionExpression: Syntax error; token: "));
  // A number too large for a list index is not a syntax error.
  EXPECT_THAT(condition_error("a[99999999999] = :v", {}, v),
              StartsWith("Invalid ConditionExpression: List index is not within the allowable "
                         "range"));
}

TEST(ConditionErrors, RedundantParentheses) {
  const Values v{{":v", 1}};
  // dynalite scan.js's cases, with :v where it compares a path with itself.
  for (const char* text :
       {"a = :v and b > ((c))", "(a)between(((b.c)).d)and(c)",
        "a = :v AND ((b = :v AND c = :v)) AND d = :v", "a = :v OR ((b = :v OR c = :v)) OR d = :v",
        "a = :v AND ((b = :v AND (c = :v AND d = :v)))",
        "a = :v OR ((b = :v OR (c = :v OR d = :v)))"}) {
    EXPECT_EQ(condition_error(text, {}, v, kFilter),
              "Invalid FilterExpression: The expression has redundant parentheses;")
        << text;
  }
}

TEST(ConditionErrors, ReservedWords) {
  const Values v{{":v", 1}};
  EXPECT_EQ(condition_error("status = :v", {}, v),
            "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: "
            "status");
  // Every element of a path is checked, and the word is quoted as written.
  EXPECT_EQ(condition_error("a.Name = :v", {}, v),
            "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: "
            "Name");
  EXPECT_EQ(condition_error("attribute_exists(data)", {}, v, kFilter),
            "Invalid FilterExpression: Attribute name is a reserved keyword; reserved keyword: "
            "data");
  EXPECT_EQ(condition_error(":v < abOrT", {}, v, kFilter),
            "Invalid FilterExpression: Attribute name is a reserved keyword; reserved keyword: "
            "abOrT");
  EXPECT_EQ(condition_error("pk = :v AND size = :v", {}, v, kKeyCondition),
            "Invalid KeyConditionExpression: Attribute name is a reserved keyword; reserved "
            "keyword: size");
}

TEST(ConditionErrors, UndefinedNamesAndValues) {
  EXPECT_EQ(condition_error("#n = :v", {{"#m", "a"}}, {{":v", 1}}),
            "Invalid ConditionExpression: An expression attribute name used in the document path "
            "is not defined; attribute name: #n");
  EXPECT_EQ(condition_error("a = :v", {}, {{":w", 1}}),
            "Invalid ConditionExpression: An expression attribute value used in expression is not "
            "defined; attribute value: :v");
  // dynalite scan.js.
  EXPECT_EQ(condition_error("#4g > a", {}, {}, kFilter),
            "Invalid FilterExpression: An expression attribute name used in the document path is "
            "not defined; attribute name: #4g");
  EXPECT_EQ(condition_error("begins_with(Pictures.#RearView)", {}, {}, kFilter),
            "Invalid FilterExpression: An expression attribute name used in the document path is "
            "not defined; attribute name: #RearView");
  EXPECT_EQ(condition_error(":_ > a", {}, {}, kFilter),
            "Invalid FilterExpression: An expression attribute value used in expression is not "
            "defined; attribute value: :_");
  EXPECT_EQ(condition_error("a = :v", {}, {}, kKeyCondition),
            "Invalid KeyConditionExpression: An expression attribute value used in expression is "
            "not defined; attribute value: :v");
}

TEST(ConditionErrors, UnknownFunction) {
  const Values v{{":v", 1}};
  EXPECT_EQ(condition_error("whatever(a) > :v", {}, v),
            "Invalid ConditionExpression: Invalid function name; function: whatever");
  // Function names are case-sensitive.
  EXPECT_EQ(condition_error("attRIbute_exIsts(a)", {}, v, kFilter),
            "Invalid FilterExpression: Invalid function name; function: attRIbute_exIsts");
  EXPECT_EQ(condition_error("ATTRIBUTE_EXISTS(a)", {}, v),
            "Invalid ConditionExpression: Invalid function name; function: ATTRIBUTE_EXISTS");
}

TEST(ConditionErrors, WrongNumberOfArguments) {
  const Values v{{":s", "x"}, {":n", 1}};
  const std::pair<const char*, const char*> cases[] = {
      {"attribute_exists(a, b)", "attribute_exists, number of operands: 2"},
      {"attribute_not_exists(a, b)", "attribute_not_exists, number of operands: 2"},
      {"attribute_type(a)", "attribute_type, number of operands: 1"},
      {"begins_with(a)", "begins_with, number of operands: 1"},
      {"begins_with(a, :s, b)", "begins_with, number of operands: 3"},
      {"contains(a)", "contains, number of operands: 1"},
      {"size(a, b) > :n", "size, number of operands: 2"},
  };
  for (const auto& [text, detail] : cases) {
    EXPECT_EQ(condition_error(text, {}, v),
              std::string("Invalid ConditionExpression: Incorrect number of operands for operator "
                          "or function; operator or function: ") +
                  detail)
        << text;
  }
}

TEST(ConditionErrors, FunctionUsedWhereNotAllowed) {
  const Values v{{":v", 1}, {":l", core::List{}}};
  // Update functions in a condition (DynamoDB's "condition expression" message).
  EXPECT_EQ(condition_error("a = if_not_exists(b, :v)", {}, v),
            "Invalid ConditionExpression: The function is not allowed in a condition expression; "
            "function: if_not_exists");
  EXPECT_EQ(condition_error("a = list_append(b, :l)", {}, v),
            "Invalid ConditionExpression: The function is not allowed in a condition expression; "
            "function: list_append");
  // size() is not a condition, and the boolean functions are not operands (dynalite scan.js).
  const std::pair<const char*, const char*> cases[] = {
      {"size(a)", "size"},
      {"attribute_not_exists(a) > b", "attribute_not_exists"},
      {"begins_with(a, b) > c", "begins_with"},
      {"size(contains(a, b)) > c", "contains"},
      {"a between b and attribute_exists(c)", "attribute_exists"},
      {"a in (b, attribute_exists(c))", "attribute_exists"},
  };
  for (const auto& [text, function] : cases) {
    EXPECT_EQ(condition_error(text, {}, v, kFilter),
              std::string("Invalid FilterExpression: The function is not allowed to be used this "
                          "way in an expression; function: ") +
                  function)
        << text;
  }
}

TEST(ConditionErrors, FunctionOperandTypes) {
  const auto type_error = [](std::string_view text, core::Value value) {
    return condition_error(text, {}, {{":a", std::move(value)}}, kFilter);
  };
  const std::string begins =
      "Invalid FilterExpression: Incorrect operand type for operator or function; operator or "
      "function: begins_with, operand type: ";
  EXPECT_EQ(type_error("begins_with(a, :a)", 1), begins + "N");
  EXPECT_EQ(type_error("begins_with(a, :a)", true), begins + "BOOL");
  EXPECT_EQ(type_error("begins_with(a, :a)", core::List{}), begins + "L");
  EXPECT_EQ(type_error("begins_with(a, :a)", core::Map{}), begins + "M");
  EXPECT_EQ(type_error("begins_with(a, :a)", core::StringSet{{"1"}}), begins + "SS");
  EXPECT_EQ(type_error("begins_with(:a, a)", 1), begins + "N");

  const std::string type =
      "Invalid FilterExpression: Incorrect operand type for operator or function; operator or "
      "function: attribute_type, operand type: ";
  EXPECT_EQ(type_error("attribute_type(a, :a)", 1), type + "N");
  EXPECT_EQ(type_error("attribute_type(a, :a)", true), type + "BOOL");
  EXPECT_EQ(type_error("attribute_type(a, :a)", core::Value()), type + "NULL");
  EXPECT_EQ(type_error("attribute_type(a, :a)", core::NumberSet{{core::Decimal(1)}}), type + "NS");
  // A string that names no type.
  EXPECT_THAT(type_error("attribute_type(a, :a)", "1"),
              StartsWith("Invalid FilterExpression: Invalid attribute type name found; type: 1, "
                         "valid types: {"));

  const std::string size =
      "Invalid FilterExpression: Incorrect operand type for operator or function; operator or "
      "function: size, operand type: ";
  EXPECT_EQ(type_error("size(:a) > a", true), size + "BOOL");
  EXPECT_EQ(type_error("size(:a) > a", core::Value()), size + "NULL");
  EXPECT_EQ(type_error("size(size(a)) > :a", 1), size + "N");

  EXPECT_EQ(type_error("attribute_exists(:a)", "1"),
            "Invalid FilterExpression: Operator or function requires a document path; operator "
            "or function: attribute_exists");
}

TEST(ConditionErrors, OrderingComparatorWithUnorderedLiteral) {
  // < <= > >= and BETWEEN compare numbers, strings and binaries only.
  EXPECT_EQ(condition_error("a < :b", {}, {{":b", true}}),
            "Invalid ConditionExpression: Incorrect operand type for operator or function; "
            "operator or function: <, operand type: BOOL");
  EXPECT_EQ(condition_error("a = :b", {}, {{":b", true}}), "");
}

TEST(ConditionErrors, FirstOperandMustBeDistinct) {
  EXPECT_EQ(condition_error("#a <> a", {{"#a", "a"}}, {}, kFilter),
            "Invalid FilterExpression: The first operand must be distinct from the remaining "
            "operands for this operator or function; operator: <>, first operand: [a]");
  EXPECT_EQ(condition_error("contains(ab.bc[1].a, ab.bc[1].#a)", {{"#a", "a"}}, {}, kFilter),
            "Invalid FilterExpression: The first operand must be distinct from the remaining "
            "operands for this operator or function; operator: contains, first operand: [ab, bc, "
            "[1], a]");
  // Two equal values are fine.
  EXPECT_EQ(condition_error(":v = :v", {}, {{":v", 1}}), "");
}

TEST(ConditionErrors, BetweenBounds) {
  EXPECT_EQ(condition_error("a between :b and :a", {}, {{":a", "a"}, {":b", "b"}}),
            "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater "
            "than or equal to lower bound; lower bound operand: AttributeValue: {S:b}, upper "
            "bound operand: AttributeValue: {S:a}");
  EXPECT_EQ(condition_error("a BETWEEN :hi AND :lo", {}, {{":hi", 10}, {":lo", 1}}),
            "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater "
            "than or equal to lower bound; lower bound operand: AttributeValue: {N:10}, upper "
            "bound operand: AttributeValue: {N:1}");
  EXPECT_EQ(condition_error("a between :b and :a", {}, {{":a", "a"}, {":b", 1}}),
            "Invalid ConditionExpression: The BETWEEN operator requires same data type for lower "
            "and upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: "
            "AttributeValue: {S:a}");
  EXPECT_EQ(
      condition_error("a between :b and :a", {}, {{":a", "a"}, {":b", "b"}}, kKeyCondition),
      "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater "
      "than or equal to lower bound; lower bound operand: AttributeValue: {S:b}, upper bound "
      "operand: AttributeValue: {S:a}");
}

TEST(ConditionErrors, PathTooDeep) {
  const Values v{{":v", 1}};
  EXPECT_EQ(condition_error(deep_path(32) + " = :v", {}, v), "");
  EXPECT_EQ(condition_error(deep_path(33) + " = :v", {}, v),
            "Invalid ConditionExpression: The document path has too many nesting levels; nesting "
            "levels: 33");
  std::string indexed = "a";
  for (int i = 0; i < 32; ++i) indexed += "[0]";
  EXPECT_EQ(condition_error("attribute_exists(" + indexed + ")", {}, v),
            "Invalid ConditionExpression: The document path has too many nesting levels; nesting "
            "levels: 33");
  static_assert(kMaxPathDepth == 32);
}

TEST(ConditionErrors, KindNamesTheParameter) {
  EXPECT_EQ(condition_error("a =", {}, {}, kKeyCondition), syntax(kKeyCondition, "<EOF>", "="));
  EXPECT_EQ(condition_error("a =", {}, {}, kFilter), syntax(kFilter, "<EOF>", "="));
}

// ---------------------------------------------------------------------------------------------
// Malformed updates

TEST(UpdateErrors, SyntaxErrors) {
  const Values v{{":v", 1}, {":p", 2}};
  EXPECT_EQ(update_error("SET", {}, v), syntax(kUpdate, "<EOF>", "SET"));
  EXPECT_EQ(update_error("set a", {}, v), syntax(kUpdate, "<EOF>", "a"));
  EXPECT_EQ(update_error("SET a =", {}, v), syntax(kUpdate, "<EOF>", "="));
  EXPECT_EQ(update_error("SET a = :v,", {}, v), syntax(kUpdate, "<EOF>", ","));
  EXPECT_EQ(update_error("SET a = :v +", {}, v), syntax(kUpdate, "<EOF>", "+"));
  EXPECT_EQ(update_error("REMOVE", {}, v), syntax(kUpdate, "<EOF>", "REMOVE"));
  EXPECT_EQ(update_error("ADD a", {}, v), syntax(kUpdate, "<EOF>", "a"));
  EXPECT_EQ(update_error("whatever", {}, v), syntax(kUpdate, "whatever", "whatever"));
  EXPECT_EQ(update_error("INVALID SYNTAX HERE", {}, v),
            syntax(kUpdate, "INVALID", "INVALID SYNTAX"));
  EXPECT_EQ(update_error("SET book-price = :p", {}, v), syntax(kUpdate, "-", "book-price"));
  EXPECT_EQ(update_error("REMOVE a = b", {}, v), syntax(kUpdate, "=", "a = b"));
  EXPECT_EQ(update_error("DELETE a b", {}, v), syntax(kUpdate, "b", "a b"));
  EXPECT_EQ(update_error("SET :a = b", {}, v), syntax(kUpdate, ":a", "SET :a ="));
  EXPECT_EQ(update_error("SET a = b + c + d", {}, v), syntax(kUpdate, "+", "c + d"));
  EXPECT_EQ(update_error("SET a = b / c", {}, v), syntax(kUpdate, "/", "b / c"));
  EXPECT_EQ(update_error("SET a = :v WHERE b = :v", {}, v), syntax(kUpdate, "WHERE", ":v WHERE b"));
  // dynalite updateItem.js, asserted up to the token.
  for (const char* text : {"add a",
                           "delete a",
                           "set a=set",
                           "add a = b",
                           "delete a = b",
                           "remove a b",
                           "set a b",
                           "add :a b",
                           "delete :a b",
                           "remove :a",
                           "set a = b * c",
                           "set a[1] = \"eight\"",
                           "set a[1] = 1",
                           "SET a = if_not_exist(a, 100)",
                           "SET if_not_exist(a, b) = a",
                           "set (a = (b + c))",
                           "set a = (b.c).d + e",
                           "set a = (b.c)[0] + e",
                           "set a[b] = :v",
                           "SET a = :v, , b = :v"}) {
    EXPECT_THAT(update_error(text, {}, v),
                StartsWith("Invalid UpdateExpression: Syntax error; token: "))
        << text;
  }
}

TEST(UpdateErrors, ListIndexNotANumber) {
  EXPECT_EQ(update_error("SET a[b] = :v", {}, {{":v", 1}}), syntax(kUpdate, "b", "[b]"));
  EXPECT_EQ(update_error("REMOVE a[x]"), syntax(kUpdate, "x", "[x]"));
}

TEST(UpdateErrors, ReservedWords) {
  const Values v{{":v", 1}};
  EXPECT_EQ(update_error("SET name = :v", {}, v),
            "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: "
            "name");
  EXPECT_EQ(update_error("REMOVE a.data", {}, v),
            "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: "
            "data");
  EXPECT_EQ(update_error("SET a = status", {}, v),
            "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: "
            "status");
  EXPECT_EQ(update_error(" remove Absolute ", {}, v),
            "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: "
            "Absolute");
}

TEST(UpdateErrors, UndefinedNamesAndValues) {
  EXPECT_EQ(update_error("SET #c = :v", {{"#a", "a"}}, {{":v", 1}}),
            "Invalid UpdateExpression: An expression attribute name used in the document path is "
            "not defined; attribute name: #c");
  EXPECT_EQ(update_error("SET a = if_not_exists(b, :c)", {}, {{":a", 1}}),
            "Invalid UpdateExpression: An expression attribute value used in expression is not "
            "defined; attribute value: :c");
  EXPECT_EQ(update_error("ADD a :n"),
            "Invalid UpdateExpression: An expression attribute value used in expression is not "
            "defined; attribute value: :n");
  EXPECT_EQ(update_error("REMOVE a.#k"),
            "Invalid UpdateExpression: An expression attribute name used in the document path is "
            "not defined; attribute name: #k");
}

TEST(UpdateErrors, UnknownFunction) {
  EXPECT_EQ(update_error("SET a = if_not_exist(a, :v)", {}, {{":v", 1}}),
            "Invalid UpdateExpression: Invalid function name; function: if_not_exist");
  EXPECT_EQ(update_error("SET a = foo(b)"),
            "Invalid UpdateExpression: Invalid function name; function: foo");
}

TEST(UpdateErrors, WrongNumberOfArguments) {
  const std::string prefix =
      "Invalid UpdateExpression: Incorrect number of operands for operator or function; "
      "operator or function: ";
  EXPECT_EQ(update_error("set a = if_not_exists(c)"),
            prefix + "if_not_exists, number of operands: 1");
  EXPECT_EQ(update_error("set a = list_append(c)"), prefix + "list_append, number of operands: 1");
  EXPECT_EQ(update_error("set a = list_append(b, c, d)"),
            prefix + "list_append, number of operands: 3");
}

TEST(UpdateErrors, ConditionFunctionsNotAllowed) {
  const Values v{{":v", 1}};
  const std::string prefix =
      "Invalid UpdateExpression: The function is not allowed in an update expression; function: ";
  EXPECT_EQ(update_error("SET a = size(b)", {}, v), prefix + "size");
  EXPECT_EQ(update_error("SET a = attribute_exists(b)", {}, v), prefix + "attribute_exists");
  EXPECT_EQ(update_error("SET a = contains(b, :v)", {}, v), prefix + "contains");
  EXPECT_EQ(update_error("SET a = b + size(c)", {}, v), prefix + "size");
}

TEST(UpdateErrors, OperandTypes) {
  const Values v{{":a", "a"},
                 {":b", 1},
                 {":c", core::Binary{"a"}},
                 {":d", false},
                 {":e", core::Value()},
                 {":f", core::StringSet{{"a"}}},
                 {":g", core::NumberSet{{core::Decimal(1)}}},
                 {":i", core::Map{}},
                 {":j", core::List{}}};
  const std::pair<const char*, const char*> cases[] = {
      {"set a = list_append(:a, a)", "list_append, operand type: S"},
      {"set a = list_append(a, :b)", "list_append, operand type: N"},
      {"set a = list_append(:c, a)", "list_append, operand type: B"},
      {"set a = list_append(:i, a)", "list_append, operand type: M"},
      {"set a = a + :a", "+, operand type: S"},
      {"set a = :a + :c", "+, operand type: S"},
      {"set a = :c + a", "+, operand type: B"},
      {"set a = a + :d", "+, operand type: BOOL"},
      {"set a = a + :e", "+, operand type: NULL"},
      {"set a = a + :f", "+, operand type: SS"},
      {"set a = a + :g", "+, operand type: NS"},
      {"set a = a + :j", "+, operand type: L"},
      {"set a = a - :a", "-, operand type: S"},
      {"set a = a - :i", "-, operand type: M"},
  };
  for (const auto& [text, detail] : cases) {
    // Each case uses one or two of the values; the others are simply unused here.
    EXPECT_EQ(update_error(text, {}, v),
              std::string("Invalid UpdateExpression: Incorrect operand type for operator or "
                          "function; operator or function: ") +
                  detail)
        << text;
  }
  EXPECT_EQ(update_error("set a = if_not_exists(:a, c)", {}, v),
            "Invalid UpdateExpression: Operator or function requires a document path; operator or "
            "function: if_not_exists");
  EXPECT_EQ(update_error("set a = if_not_exists(if_not_exists(a, b), c)", {}, v),
            "Invalid UpdateExpression: Operator or function requires a document path; operator or "
            "function: if_not_exists");
}

TEST(UpdateErrors, ClauseUsedTwice) {
  const Values v{{":v", 1}, {":n", 1}, {":ss", core::StringSet{{"x"}}}};
  EXPECT_EQ(update_error("SET a = :v SET b = :v", {}, v),
            "Invalid UpdateExpression: The \"SET\" section can only be used once in an update "
            "expression;");
  EXPECT_EQ(update_error("set a = :v set b = :v", {}, v),
            "Invalid UpdateExpression: The \"SET\" section can only be used once in an update "
            "expression;");
  EXPECT_EQ(update_error("remove a set b = :v remove c", {}, v),
            "Invalid UpdateExpression: The \"REMOVE\" section can only be used once in an update "
            "expression;");
  EXPECT_EQ(update_error("add a :n set b = :v add c :n", {}, v),
            "Invalid UpdateExpression: The \"ADD\" section can only be used once in an update "
            "expression;");
  EXPECT_EQ(update_error("delete a :ss set b = :v delete c :ss", {}, v),
            "Invalid UpdateExpression: The \"DELETE\" section can only be used once in an update "
            "expression;");
}

TEST(UpdateErrors, OverlappingPaths) {
  const Values v{{":v", 1}, {":w", 2}};
  const std::string prefix =
      "Invalid UpdateExpression: Two document paths overlap with each other; must remove or "
      "rewrite one of these paths; ";
  EXPECT_EQ(update_error("SET a = :v, a = :w", {}, v), prefix + "path one: [a], path two: [a]");
  EXPECT_EQ(update_error("SET a = :v REMOVE a", {}, v), prefix + "path one: [a], path two: [a]");
  EXPECT_EQ(update_error("SET a.b = :v REMOVE a", {}, v),
            prefix + "path one: [a, b], path two: [a]");
  // dynalite updateItem.js: a map key "[3]" under a list element [3].
  EXPECT_EQ(update_error("set #c[3].#d = a, #c[3] = a", {{"#c", "c"}, {"#d", "[3]"}}),
            prefix + "path one: [c, [3], [3]], path two: [c, [3]]");
  // Different elements of one map or list do not overlap.
  EXPECT_EQ(update_error("SET a.b = :v, a.c = :w, l[0] = :v, l[1] = :w", {}, v), "");
}

TEST(UpdateErrors, ConflictingPaths) {
  const std::string prefix =
      "Invalid UpdateExpression: Two document paths conflict with each other; must remove or "
      "rewrite one of these paths; ";
  // dynalite updateItem.js: a.c (map key) against a[1] (list index).
  EXPECT_EQ(update_error("remove a.#c set a[1] = #d", {{"#c", "c"}, {"#d", "[3]"}}),
            prefix + "path one: [a, c], path two: [a, [1]]");
  EXPECT_EQ(update_error("set #c[3].#d = b, #c.#d[3] = b", {{"#c", "c"}, {"#d", "[3]"}}),
            prefix + "path one: [c, [3], [3]], path two: [c, [3], [3]]");
}

TEST(UpdateErrors, AddAndDeleteOperandTypes) {
  const auto type_error = [](std::string_view text, core::Value value) {
    return update_error(text, {}, {{":a", std::move(value)}});
  };
  const std::string prefix =
      "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ";
  EXPECT_EQ(type_error("add a.b :a", "a"), prefix + "ADD, operand type: STRING");
  EXPECT_EQ(type_error("delete a.b :a", "a"), prefix + "DELETE, operand type: STRING");
  EXPECT_EQ(type_error("add a.b :a", core::Value()), prefix + "ADD, operand type: NULL");
  EXPECT_EQ(type_error("delete a.b :a", core::Value()), prefix + "DELETE, operand type: NULL");
  EXPECT_EQ(type_error("add a.b :a", false), prefix + "ADD, operand type: BOOLEAN");
  EXPECT_EQ(type_error("delete a.b :a", false), prefix + "DELETE, operand type: BOOLEAN");
  EXPECT_EQ(type_error("add a.b :a", core::Binary{"a"}), prefix + "ADD, operand type: BINARY");
  EXPECT_EQ(type_error("delete a.b :a", core::Binary{"a"}),
            prefix + "DELETE, operand type: BINARY");
  const core::Map map{{"a", core::Value(core::List{core::Value(1)})}};
  EXPECT_EQ(type_error("add a.b :a", map), prefix + "ADD, operand type: MAP");
  EXPECT_EQ(type_error("delete a.b :a", map), prefix + "DELETE, operand type: MAP");
  EXPECT_EQ(type_error("add a.b :a", core::List{core::Value(1)}),
            prefix + "ADD, operand type: LIST");
  EXPECT_EQ(type_error("delete a.b :a", core::List{core::Value(1)}),
            prefix + "DELETE, operand type: LIST");
  EXPECT_EQ(type_error("delete a.b :a", 1), prefix + "DELETE, operand type: NUMBER");
  // The types they take.
  EXPECT_EQ(type_error("add a :a", 1), "");
  EXPECT_EQ(type_error("add a :a", core::StringSet{{"x"}}), "");
  EXPECT_EQ(type_error("add a :a", core::NumberSet{{core::Decimal(1)}}), "");
  EXPECT_EQ(type_error("delete a :a", core::StringSet{{"x"}}), "");
  EXPECT_EQ(type_error("delete a :a", core::NumberSet{{core::Decimal(1)}}), "");
}

TEST(UpdateErrors, PathTooDeep) {
  const Values v{{":v", 1}};
  EXPECT_EQ(update_error("SET " + deep_path(32) + " = :v", {}, v), "");
  EXPECT_EQ(update_error("SET " + deep_path(33) + " = :v", {}, v),
            "Invalid UpdateExpression: The document path has too many nesting levels; nesting "
            "levels: 33");
  EXPECT_EQ(update_error("REMOVE " + deep_path(33)),
            "Invalid UpdateExpression: The document path has too many nesting levels; nesting "
            "levels: 33");
}

// ---------------------------------------------------------------------------------------------
// Malformed projections

TEST(ProjectionErrors, SyntaxErrors) {
  EXPECT_EQ(projection_error("a-b"), syntax(kProjection, "-", "a-b"));
  EXPECT_EQ(projection_error("a,"), syntax(kProjection, "<EOF>", ","));
  EXPECT_EQ(projection_error("a b"), syntax(kProjection, "b", "a b"));
  EXPECT_EQ(projection_error("a,,b"), syntax(kProjection, ",", ",,b"));
  // dynalite getItem.js, asserted up to the token.
  for (const char* text :
       {"whatever(stuff)", ":a", "abort,", "a..b", "a[b]", "(a.b).c", "(a)", "(a),(b)", "(a,b)"}) {
    EXPECT_THAT(projection_error(text),
                StartsWith("Invalid ProjectionExpression: Syntax error; token: "))
        << text;
  }
}

TEST(ProjectionErrors, ReservedWords) {
  EXPECT_EQ(projection_error("a, data"),
            "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: "
            "data");
  EXPECT_EQ(projection_error("a.abORt"),
            "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: "
            "abORt");
}

TEST(ProjectionErrors, UndefinedName) {
  EXPECT_EQ(projection_error("a, #a"),
            "Invalid ProjectionExpression: An expression attribute name used in the document path "
            "is not defined; attribute name: #a");
}

TEST(ProjectionErrors, OverlappingAndConflictingPaths) {
  const std::string overlap =
      "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or "
      "rewrite one of these paths; ";
  EXPECT_EQ(projection_error("a, a"), overlap + "path one: [a], path two: [a]");
  // dynalite getItem.js.
  EXPECT_EQ(projection_error("b[1], b.a, #a.b, a", {{"#a", "a"}}),
            overlap + "path one: [a, b], path two: [a]");
  EXPECT_EQ(projection_error("a, #a[1]", {{"#a", "a"}}),
            overlap + "path one: [a], path two: [a, [1]]");
  const std::string conflict =
      "Invalid ProjectionExpression: Two document paths conflict with each other; must remove or "
      "rewrite one of these paths; ";
  const Names names{{"#a", "a"}, {"#b", "[3]"}};
  EXPECT_EQ(projection_error("a.b, #a[1], #b", names),
            conflict + "path one: [a, b], path two: [a, [1]]");
  EXPECT_EQ(projection_error("a.b[1], #a[1], #b", names),
            conflict + "path one: [a, b, [1]], path two: [a, [1]]");
  EXPECT_EQ(projection_error("a[3].b, #a.#b.b", names),
            conflict + "path one: [a, [3], b], path two: [a, [3], b]");
}

TEST(ProjectionErrors, PathTooDeep) {
  EXPECT_EQ(projection_error(deep_path(32)), "");
  EXPECT_EQ(projection_error(deep_path(33)),
            "Invalid ProjectionExpression: The document path has too many nesting levels; nesting "
            "levels: 33");
}

// ---------------------------------------------------------------------------------------------
// Placeholders the request defines but never uses

TEST(PlaceholderUse, AllUsed) {
  const Names names{{"#a", "a"}, {"#b", "b"}};
  const Values values{{":v", 1}};
  Placeholders ph(&names, &values);
  // One Placeholders spans every expression of a request.
  parse_update("REMOVE #a", ph);
  parse_condition("#b = :v", "ConditionExpression", ph);
  EXPECT_EQ(unused_error(ph), "");
}

TEST(PlaceholderUse, UnusedNames) {
  const Names names{{"#a", "a"}, {"#b", "b"}};
  const Values values;
  Placeholders ph(&names, &values);
  parse_projection("a", ph);
  EXPECT_EQ(unused_error(ph),
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #b}");

  Placeholders one(&names, &values);
  parse_projection("#b, c", one);
  EXPECT_EQ(unused_error(one),
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a}");
}

TEST(PlaceholderUse, UnusedValues) {
  const Names names;
  const Values values{{":a", "a"}, {":b", "a"}, {":c", "a"}};
  Placeholders ph(&names, &values);
  parse_update("SET a = :a", ph);
  parse_condition("a = :b", "ConditionExpression", ph);
  EXPECT_EQ(unused_error(ph),
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:c}");
}

TEST(PlaceholderUse, FailedLookupReportsTheKind) {
  const Names names;
  const Values values;
  Placeholders ph(&names, &values);
  EXPECT_EQ(error_of([&] { ph.name("#x", "FilterExpression"); }),
            "Invalid FilterExpression: An expression attribute name used in the document path is "
            "not defined; attribute name: #x");
  EXPECT_EQ(error_of([&] { ph.value(":x", "KeyConditionExpression"); }),
            "Invalid KeyConditionExpression: An expression attribute value used in expression is "
            "not defined; attribute value: :x");
}

}  // namespace expression_parser_test
}  // namespace wharf::dynamo
