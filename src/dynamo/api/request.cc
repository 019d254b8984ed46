#include "dynamo/api/request.h"

#include "dynamo/attribute_value.h"
#include "dynamo/errors.h"
#include "dynamo/expression_eval.h"

namespace wharf::dynamo {

namespace {

const char* json_kind(const json::value& v) {
  switch (v.kind()) {
    case json::kind::string:
      return "STRING_VALUE";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
      return "NUMBER_VALUE";
    case json::kind::bool_:
      return "BOOLEAN_VALUE";
    case json::kind::array:
      return "START_ARRAY";
    case json::kind::object:
      return "START_OBJECT";
    case json::kind::null:
      return "NULL_VALUE";
  }
  return "VALUE";
}

core::Error serialization(const json::value& v, const char* expected) {
  return dynamo_error("SerializationException",
                      std::string(json_kind(v)) + " can not be converted to " + expected);
}

std::string lower_first(std::string_view s) {
  std::string out(s);
  if (!out.empty()) out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  return out;
}

}  // namespace

core::Error constraint_error(std::string_view field, const std::string& shown_value,
                             std::string_view constraint) {
  return validation("1 validation error detected: Value " + shown_value + " at '" +
                    lower_first(field) +
                    "' failed to satisfy constraint: " + std::string(constraint));
}

const json::value* member(const json::object& o, std::string_view name) {
  const json::value* v = o.if_contains(name);
  return v && !v->is_null() ? v : nullptr;
}

std::optional<std::string> opt_string(const json::object& o, std::string_view name) {
  const json::value* v = member(o, name);
  if (!v) return std::nullopt;
  if (!v->is_string()) throw serialization(*v, "String");
  return std::string(v->get_string());
}

std::string required_string(const json::object& o, std::string_view name) {
  auto s = opt_string(o, name);
  if (!s) throw constraint_error(name, "null", "Member must not be null");
  return *s;
}

std::optional<int64_t> opt_int(const json::object& o, std::string_view name) {
  const json::value* v = member(o, name);
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64()) return static_cast<int64_t>(std::min<uint64_t>(v->get_uint64(), INT64_MAX));
  if (v->is_double()) return static_cast<int64_t>(v->get_double());
  throw serialization(*v, "Integer");
}

bool opt_bool(const json::object& o, std::string_view name, bool fallback) {
  const json::value* v = member(o, name);
  if (!v) return fallback;
  if (!v->is_bool()) throw serialization(*v, "Boolean");
  return v->get_bool();
}

const json::object* opt_object(const json::object& o, std::string_view name) {
  const json::value* v = member(o, name);
  if (!v) return nullptr;
  if (!v->is_object()) throw serialization(*v, "Map");
  return &v->get_object();
}

const json::array* opt_array(const json::object& o, std::string_view name) {
  const json::value* v = member(o, name);
  if (!v) return nullptr;
  if (!v->is_array()) throw serialization(*v, "List");
  return &v->get_array();
}

std::string table_name(const json::object& o, std::string_view field) {
  std::string name = required_string(o, field);
  if (name.size() < 3)
    throw constraint_error(field, "'" + name + "'",
                           "Member must have length greater than or equal to 3");
  if (name.size() > 255)
    throw constraint_error(field, "'" + name + "'",
                           "Member must have length less than or equal to 255");
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.')
      throw constraint_error(field, "'" + name + "'",
                             "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  return name;
}

core::Map required_item(const json::object& o, std::string_view name) {
  const json::value* v = member(o, name);
  if (!v) throw constraint_error(name, "null", "Member must not be null");
  return item_from_wire(*v);
}

std::string return_values(const json::object& o, std::initializer_list<std::string_view> allowed) {
  auto rv = opt_string(o, "ReturnValues");
  if (!rv) return "NONE";
  static const std::set<std::string> all = {"NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW",
                                            "UPDATED_NEW"};
  if (!all.count(*rv))
    throw constraint_error("ReturnValues", "'" + *rv + "'",
                           "Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, "
                           "NONE, UPDATED_NEW]");
  for (auto a : allowed)
    if (a == *rv) return *rv;
  throw validation("ReturnValues can only be ALL_OLD or NONE");
}

// -- expressions ----------------------------------------------------------------------------------

RequestExpressions::RequestExpressions(const json::object& in) : in_(in), ph_(&names_, &values_) {
  if (const json::object* names = opt_object(in, "ExpressionAttributeNames")) {
    has_names_ = true;
    if (names->empty()) throw validation("ExpressionAttributeNames must not be empty");
    for (const auto& [k, v] : *names) {
      if (k.empty() || k[0] != '#')
        throw validation("ExpressionAttributeNames contains invalid key: Syntax error; key: \"" +
                         std::string(k) + "\"");
      if (!v.is_string()) throw serialization(v, "String");
      names_.emplace(std::string(k), std::string(v.get_string()));
    }
  }
  if (const json::object* values = opt_object(in, "ExpressionAttributeValues")) {
    has_values_ = true;
    if (values->empty()) throw validation("ExpressionAttributeValues must not be empty");
    for (const auto& [k, v] : *values) {
      if (k.empty() || k[0] != ':')
        throw validation("ExpressionAttributeValues contains invalid key: Syntax error; key: \"" +
                         std::string(k) + "\"");
      try {
        values_.emplace(std::string(k), from_wire(v));
      } catch (const core::Error& e) {
        if (e.code() != "ValidationException") throw;
        throw validation("ExpressionAttributeValues contains invalid value: " + e.message() +
                         " for key " + std::string(k));
      }
    }
  }
}

bool RequestExpressions::uses_expressions() const {
  for (auto f : {"ConditionExpression", "FilterExpression", "KeyConditionExpression",
                 "UpdateExpression", "ProjectionExpression"})
    if (member(in_, f)) return true;
  return false;
}

std::optional<expr::Condition> RequestExpressions::condition(std::string_view field) {
  auto text = opt_string(in_, field);
  if (!text) return std::nullopt;
  return parse_condition(*text, field, ph_);
}

std::optional<expr::Update> RequestExpressions::update() {
  auto text = opt_string(in_, "UpdateExpression");
  if (!text) return std::nullopt;
  return parse_update(*text, ph_);
}

std::optional<expr::Projection> RequestExpressions::projection() {
  auto text = opt_string(in_, "ProjectionExpression");
  if (!text) return std::nullopt;
  return parse_projection(*text, ph_);
}

void RequestExpressions::finish() {
  if ((has_names_ || has_values_) && !uses_expressions()) {
    if (has_names_)
      throw validation("ExpressionAttributeNames can only be specified when using expressions");
    throw validation("ExpressionAttributeValues can only be specified when using expressions");
  }
  ph_.check_all_used();
}

json::object item_json(const core::Map& item) { return item_to_wire(item); }

core::Map apply_projection(const core::Map& item, const std::optional<expr::Projection>& p) {
  return p ? project(item, p->paths) : item;
}

}  // namespace wharf::dynamo
