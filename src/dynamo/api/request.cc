#include "dynamo/api/request.h"

#include <algorithm>

#include "dynamo/api/legacy.h"
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

void Constraints::add(std::string_view field, const std::string& shown_value,
                      std::string_view constraint) {
  errors_.push_back("Value " + shown_value + " at '" + lower_first(field) +
                    "' failed to satisfy constraint: " + std::string(constraint));
}

void Constraints::check() const {
  if (errors_.empty()) return;
  std::string msg =
      std::to_string(errors_.size()) +
      (errors_.size() == 1 ? " validation error detected: " : " validation errors detected: ");
  for (size_t i = 0; i < errors_.size(); ++i) msg += (i ? "; " : "") + errors_[i];
  throw validation(msg);
}

std::string Constraints::table_name(const json::object& o, std::string_view field) {
  auto name = opt_string(o, field);
  if (!name) {
    add(field, "null", "Member must not be null");
    return {};
  }
  bool pattern_ok = !name->empty() && std::all_of(name->begin(), name->end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
  if (!pattern_ok)
    add(field, "'" + *name + "'",
        "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  if (name->size() < 3)
    add(field, "'" + *name + "'", "Member must have length greater than or equal to 3");
  if (name->size() > 255)
    add(field, "'" + *name + "'", "Member must have length less than or equal to 255");
  return *name;
}

void Constraints::required(const json::object& o, std::string_view field) {
  if (!member(o, field)) add(field, "null", "Member must not be null");
}

void Constraints::one_of(const json::object& o, std::string_view field,
                         std::initializer_list<std::string_view> allowed,
                         std::string_view shown_at) {
  auto v = opt_string(o, field);
  if (!v || std::find(allowed.begin(), allowed.end(), *v) != allowed.end()) return;
  std::string set;
  for (auto a : allowed) set += (set.empty() ? "" : ", ") + std::string(a);
  add(shown_at.empty() ? field : shown_at, "'" + *v + "'",
      "Member must satisfy enum value set: [" + set + "]");
}

void Constraints::return_options(const json::object& o) {
  one_of(o, "ReturnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"});
  one_of(o, "ReturnItemCollectionMetrics", {"SIZE", "NONE"});
}

std::string table_name(const json::object& o, std::string_view field) {
  Constraints cs;
  std::string name = cs.table_name(o, field);
  cs.check();
  return name;
}

std::string control_table_name(const json::object& o) {
  auto name = opt_string(o, "TableName");
  if (!name)
    throw validation("The parameter 'TableName' is required but was not present in the request");
  if (name->size() < 3 || name->size() > 255)
    throw validation(
        "TableName must be at least 3 characters long and at most 255 characters long");
  return *name;  // its pattern is checked with the operation's other members
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

void RequestExpressions::check_combinations(const json::object& in,
                                            std::initializer_list<const char*> value_fields) {
  reject_mixed_parameters(in);
  static const char* expressions[] = {"ConditionExpression", "FilterExpression",
                                      "KeyConditionExpression", "UpdateExpression",
                                      "ProjectionExpression"};
  if (member(in, "ExpressionAttributeNames") &&
      std::none_of(std::begin(expressions), std::end(expressions),
                   [&](const char* f) { return member(in, f) != nullptr; }))
    throw validation("ExpressionAttributeNames can only be specified when using expressions");
  if (member(in, "ExpressionAttributeValues") &&
      std::none_of(value_fields.begin(), value_fields.end(),
                   [&](const char* f) { return member(in, f) != nullptr; })) {
    std::string fields;
    size_t i = 0;
    for (const char* f : value_fields)
      fields += (i++ == 0 ? "" : i == value_fields.size() ? " and " : ", ") + std::string(f);
    throw validation("ExpressionAttributeValues can only be specified when using expressions" +
                     (fields.empty()
                          ? std::string()
                          : ": " + fields + (value_fields.size() > 1 ? " are null" : " is null")));
  }
}

RequestExpressions::RequestExpressions(const json::object& in,
                                       std::initializer_list<const char*> value_fields)
    : in_(in), ph_(&names_, &values_) {
  check_combinations(in, value_fields);
  if (const json::object* names = opt_object(in, "ExpressionAttributeNames")) {
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
    if (values->empty()) throw validation("ExpressionAttributeValues must not be empty");
    for (const auto& [k, v] : *values)  // every key is checked before any value
      if (k.empty() || k[0] != ':')
        throw validation("ExpressionAttributeValues contains invalid key: Syntax error; key: \"" +
                         std::string(k) + "\"");
    for (const auto& [k, v] : *values) {
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

void RequestExpressions::finish() { ph_.check_all_used(); }

core::Map apply_projection(const core::Map& item, const std::optional<expr::Projection>& p) {
  return p ? project(item, p->paths) : item;
}

}  // namespace wharf::dynamo
