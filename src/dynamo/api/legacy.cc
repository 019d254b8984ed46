#include "dynamo/api/legacy.h"

#include "dynamo/api/request.h"
#include "dynamo/attribute_value.h"
#include "dynamo/errors.h"

namespace wharf::dynamo {

using namespace expr;

namespace {

Operand path_operand(const std::string& name) {
  Operand o;
  o.kind = OperandKind::kPath;
  o.path.steps.push_back({name, -1});
  return o;
}

Operand value_operand(core::Value v) {
  Operand o;
  o.kind = OperandKind::kValue;
  o.value = std::move(v);
  return o;
}

Condition node(ConditionKind k, std::vector<Operand> ops, std::vector<Condition> children = {}) {
  Condition c;
  c.kind = k;
  c.operands = std::move(ops);
  c.children = std::move(children);
  return c;
}

Condition compare(CompareOp op, const std::string& name, core::Value v) {
  Condition c = node(ConditionKind::kCompare, {path_operand(name), value_operand(std::move(v))});
  c.op = op;
  return c;
}

std::vector<core::Value> value_list(const json::object& spec) {
  std::vector<core::Value> out;
  if (const json::array* a = opt_array(spec, "AttributeValueList"))
    for (const auto& v : *a) out.push_back(from_wire(v));
  return out;
}

core::Error bad_arity(const std::string& op) {
  return validation(
      "One or more parameter values were invalid: Invalid number of argument(s) for the " + op +
      " ComparisonOperator");
}

// a > b for two scalars of one type.
bool order_greater(const core::Value& a, const core::Value& b) {
  if (a.is<core::Decimal>()) return a.as<core::Decimal>() > b.as<core::Decimal>();
  if (a.is<std::string>()) return a.as<std::string>() > b.as<std::string>();
  if (a.is<core::Binary>()) return a.as<core::Binary>().bytes > b.as<core::Binary>().bytes;
  return false;
}

// One ComparisonOperator with its AttributeValueList as a condition on attribute `name`.
Condition comparison(const std::string& name, const std::string& op,
                     std::vector<core::Value> values) {
  auto need = [&](size_t n) {
    if (values.size() != n) throw bad_arity(op);
  };
  auto need_scalar = [&](const core::Value& v) {
    if (!scalar_type(v) && op != "EQ" && op != "NE")
      throw validation("One or more parameter values were invalid: ComparisonOperator " + op +
                       " is not valid for " + type_code(v.type()) + " AttributeValue type");
  };
  static const std::map<std::string, CompareOp> ops = {
      {"EQ", CompareOp::kEq}, {"NE", CompareOp::kNe}, {"LT", CompareOp::kLt},
      {"LE", CompareOp::kLe}, {"GT", CompareOp::kGt}, {"GE", CompareOp::kGe}};
  if (auto it = ops.find(op); it != ops.end()) {
    need(1);
    need_scalar(values[0]);
    return compare(it->second, name, std::move(values[0]));
  }
  if (op == "NOT_NULL" || op == "NULL") {
    need(0);
    return node(op == "NULL" ? ConditionKind::kAttributeNotExists : ConditionKind::kAttributeExists,
                {path_operand(name)});
  }
  if (op == "CONTAINS" || op == "NOT_CONTAINS") {
    need(1);
    need_scalar(values[0]);
    Condition c = node(ConditionKind::kContains, {path_operand(name), value_operand(values[0])});
    if (op == "CONTAINS") return c;
    Condition exists = node(ConditionKind::kAttributeExists, {path_operand(name)});
    return node(ConditionKind::kAnd, {},
                {std::move(exists), node(ConditionKind::kNot, {}, {std::move(c)})});
  }
  if (op == "BEGINS_WITH") {
    need(1);
    if (!values[0].is<std::string>() && !values[0].is<core::Binary>())
      throw validation("One or more parameter values were invalid: ComparisonOperator " + op +
                       " is not valid for " + type_code(values[0].type()) + " AttributeValue type");
    return node(ConditionKind::kBeginsWith, {path_operand(name), value_operand(values[0])});
  }
  if (op == "IN") {
    if (values.empty()) throw bad_arity(op);
    for (const auto& v : values) {
      need_scalar(v);
      if (v.type() != values[0].type())
        throw validation(
            "One or more parameter values were invalid: AttributeValues inside "
            "AttributeValueList must be of same type");
    }
    std::vector<Operand> o = {path_operand(name)};
    for (auto& v : values) o.push_back(value_operand(std::move(v)));
    return node(ConditionKind::kIn, std::move(o));
  }
  if (op == "BETWEEN") {
    need(2);
    need_scalar(values[0]);
    if (values[0].type() != values[1].type())
      throw validation(
          "One or more parameter values were invalid: AttributeValues inside "
          "AttributeValueList must be of same type");
    if (order_greater(values[0], values[1]))
      throw validation(
          "The BETWEEN condition was provided a range where the lower bound is greater than the "
          "upper bound");
    return node(ConditionKind::kBetween,
                {path_operand(name), value_operand(values[0]), value_operand(values[1])});
  }
  throw constraint_error("ComparisonOperator", "'" + op + "'",
                         "Member must satisfy enum value set: [IN, NULL, BETWEEN, LT, "
                         "NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]");
}

Condition expected_entry(const std::string& name, const json::object& spec) {
  const json::value* exists = member(spec, "Exists");
  const json::value* value = member(spec, "Value");
  auto op = opt_string(spec, "ComparisonOperator");
  if (op) {
    if (value)
      throw validation(
          "One or more parameter values were invalid: Value and ComparisonOperator "
          "cannot be used together for Attribute: " +
          name);
    if (!member(spec, "AttributeValueList") && *op != "NULL" && *op != "NOT_NULL")
      throw validation(
          "One or more parameter values were invalid: Value or AttributeValueList "
          "must be used with ComparisonOperator: " +
          *op + " for Attribute: " + name);
    return comparison(name, *op, value_list(spec));
  }
  bool must_exist = !exists || exists->as_bool();
  if (!must_exist) {
    if (value)
      throw validation(
          "One or more parameter values were invalid: Value cannot be used when "
          "Exists is false for Attribute: " +
          name);
    return node(ConditionKind::kAttributeNotExists, {path_operand(name)});
  }
  if (!value)
    throw validation(
        "One or more parameter values were invalid: Value must be provided when "
        "Exists is " +
        std::string(exists ? "true" : "null") + " for Attribute: " + name);
  return compare(CompareOp::kEq, name, from_wire(*value));
}

}  // namespace

void reject_mixed_parameters(const json::object& in) {
  // In the order DynamoDB names them.
  static const char* legacy[] = {"AttributesToGet", "AttributeUpdates", "Expected",
                                 "QueryFilter",     "ScanFilter",       "ConditionalOperator",
                                 "KeyConditions"};
  static const char* expressions[] = {"ProjectionExpression", "UpdateExpression",
                                      "FilterExpression", "KeyConditionExpression",
                                      "ConditionExpression"};
  std::string l, e;
  for (const char* f : legacy)
    if (member(in, f)) l += (l.empty() ? "" : ", ") + std::string(f);
  for (const char* f : expressions)
    if (member(in, f)) e += (e.empty() ? "" : ", ") + std::string(f);
  if (!l.empty() && !e.empty())
    throw validation(
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {" +
        l + "} Expression parameters: {" + e + "}");
}

std::optional<Condition> legacy_condition(const json::object& in, std::string_view field) {
  const json::object* spec = opt_object(in, field);
  auto op = opt_string(in, "ConditionalOperator");
  if (op && *op != "AND" && *op != "OR")
    throw constraint_error("ConditionalOperator", "'" + *op + "'",
                           "Member must satisfy enum value set: [OR, AND]");
  if (!spec || spec->empty()) return std::nullopt;
  std::optional<Condition> out;
  for (const auto& [name, s] : *spec) {
    if (!s.is_object()) throw dynamo_error("SerializationException", std::string(field));
    Condition c =
        field == "Expected"
            ? expected_entry(std::string(name), s.get_object())
            : comparison(std::string(name), required_string(s.get_object(), "ComparisonOperator"),
                         value_list(s.get_object()));
    if (!out)
      out = std::move(c);
    else
      out = node(op && *op == "OR" ? ConditionKind::kOr : ConditionKind::kAnd, {},
                 {std::move(*out), std::move(c)});
  }
  return out;
}

std::optional<Update> legacy_attribute_updates(const json::object& in) {
  const json::object* spec = opt_object(in, "AttributeUpdates");
  if (!spec) return std::nullopt;
  Update u;
  for (const auto& [name, s] : *spec) {
    if (!s.is_object()) throw dynamo_error("SerializationException", "AttributeUpdates");
    const auto& o = s.get_object();
    std::string action = opt_string(o, "Action").value_or("PUT");
    const json::value* value = member(o, "Value");
    UpdateAction a{UpdateKind::kSet, path_operand(std::string(name)).path, {}};
    if (action == "PUT") {
      if (!value)
        throw validation(
            "One or more parameter values were invalid: Only DELETE action is "
            "allowed when no attribute value is specified");
      a.value = value_operand(from_wire(*value));
    } else if (action == "DELETE") {
      if (value) {
        a.kind = UpdateKind::kDelete;
        a.value = value_operand(from_wire(*value));
        if (a.value.value.is<core::Decimal>() || a.value.value.is<std::string>() ||
            a.value.value.is<core::Binary>())
          throw validation(
              "One or more parameter values were invalid: DELETE action with value "
              "is not supported for the type " +
              std::string(type_code(a.value.value.type())));
      } else {
        a.kind = UpdateKind::kRemove;
      }
    } else if (action == "ADD") {
      if (!value)
        throw validation(
            "One or more parameter values were invalid: Only DELETE action is "
            "allowed when no attribute value is specified");
      core::Value v = from_wire(*value);
      if (v.is<core::List>()) {
        // ADD of a list appends to it (creating it when absent).
        Operand existing;
        existing.kind = OperandKind::kIfNotExists;
        existing.args = {path_operand(std::string(name)), value_operand(core::List{})};
        a.value.kind = OperandKind::kListAppend;
        a.value.args = {std::move(existing), value_operand(std::move(v))};
      } else if (v.is<core::Decimal>() || v.is<core::StringSet>() || v.is<core::NumberSet>() ||
                 v.is<core::BinarySet>()) {
        a.kind = UpdateKind::kAdd;
        a.value = value_operand(std::move(v));
      } else {
        throw validation(
            "One or more parameter values were invalid: ADD action is not supported "
            "for the type " +
            std::string(type_code(v.type())));
      }
    } else {
      throw constraint_error("AttributeUpdates.action", "'" + action + "'",
                             "Member must satisfy enum value set: [ADD, PUT, DELETE]");
    }
    u.actions.push_back(std::move(a));
  }
  return u;
}

std::optional<Projection> legacy_attributes_to_get(const json::object& in) {
  const json::array* a = opt_array(in, "AttributesToGet");
  if (!a) return std::nullopt;
  Projection p;
  for (const auto& v : *a) {
    if (!v.is_string()) throw dynamo_error("SerializationException", "AttributesToGet");
    std::string name(v.get_string());
    for (const auto& existing : p.paths)
      if (existing.top() == name)
        throw validation(
            "One or more parameter values were invalid: Duplicate value in "
            "attribute name: " +
            name);
    p.paths.push_back(path_operand(name).path);
  }
  return p;
}

std::optional<std::vector<LegacyKeyCondition>> legacy_key_conditions(const json::object& in) {
  const json::object* spec = opt_object(in, "KeyConditions");
  if (!spec) return std::nullopt;
  std::vector<LegacyKeyCondition> out;
  for (const auto& [name, s] : *spec) {
    if (!s.is_object()) throw dynamo_error("SerializationException", "KeyConditions");
    std::string op = required_string(s.get_object(), "ComparisonOperator");
    // The general checks (arity, value types, BETWEEN order) of any comparison.
    Condition checked = comparison(std::string(name), op, value_list(s.get_object()));
    using Op = SortKeyCondition::Op;
    static const std::map<std::string, Op> ops = {{"EQ", Op::kEq},
                                                  {"LT", Op::kLt},
                                                  {"LE", Op::kLe},
                                                  {"GT", Op::kGt},
                                                  {"GE", Op::kGe},
                                                  {"BETWEEN", Op::kBetween},
                                                  {"BEGINS_WITH", Op::kBeginsWith}};
    LegacyKeyCondition k;
    k.attr = std::string(name);
    auto it = ops.find(op);
    if (it == ops.end()) {
      k.indexable = false;
    } else {
      k.cond.op = it->second;
      // comparison() put the path first and the values after it.
      k.cond.a = checked.kind == ConditionKind::kCompare ||
                         checked.kind == ConditionKind::kBetween ||
                         checked.kind == ConditionKind::kBeginsWith
                     ? checked.operands[1].value
                     : core::Value();
      if (it->second == Op::kBetween) k.cond.b = checked.operands[2].value;
    }
    out.push_back(std::move(k));
  }
  return out;
}

}  // namespace wharf::dynamo
