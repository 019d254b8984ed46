// Reading a DynamoDB request body: typed fields with DynamoDB's errors for missing or
// mistyped members, the expression placeholders, and the parsed expressions of a request.
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/value.h"
#include "dynamo/expression_parser.h"
#include "dynamo/table_schema.h"

namespace wharf::dynamo {

namespace json = boost::json;

// "1 validation error detected: Value <v> at '<member>' failed to satisfy constraint: <c>",
// with the member named as DynamoDB does (first letter lowercased).
core::Error constraint_error(std::string_view field, const std::string& shown_value,
                             std::string_view constraint);

const json::value* member(const json::object& o, std::string_view name);
std::optional<std::string> opt_string(const json::object& o, std::string_view name);
std::string required_string(const json::object& o, std::string_view name);
std::optional<int64_t> opt_int(const json::object& o, std::string_view name);
bool opt_bool(const json::object& o, std::string_view name, bool fallback = false);
const json::object* opt_object(const json::object& o, std::string_view name);
const json::array* opt_array(const json::object& o, std::string_view name);

// TableName with DynamoDB's length and pattern constraints.
std::string table_name(const json::object& o, std::string_view field = "TableName");
// A Key or Item member, decoded.
core::Map required_item(const json::object& o, std::string_view name);

// ReturnValues, checked against `allowed`; "NONE" when absent.
std::string return_values(const json::object& o, std::initializer_list<std::string_view> allowed);

// The expressions of one request, parsed with its ExpressionAttributeNames/Values; at the end,
// finish() rejects placeholders nothing used, as DynamoDB does.
class RequestExpressions {
 public:
  explicit RequestExpressions(const json::object& in);
  std::optional<expr::Condition> condition(std::string_view field);  // Condition/Filter/...
  std::optional<expr::Update> update();
  std::optional<expr::Projection> projection();
  bool uses_expressions() const;
  void finish();

 private:
  const json::object& in_;
  std::map<std::string, std::string> names_;
  std::map<std::string, core::Value> values_;
  bool has_names_ = false, has_values_ = false;
  Placeholders ph_;
};

// Render helpers shared by handlers.
json::object item_json(const core::Map& item);
core::Map apply_projection(const core::Map& item, const std::optional<expr::Projection>& p);

}  // namespace wharf::dynamo
