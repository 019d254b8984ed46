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

// Member constraint violations of one request: DynamoDB reports them together ("3 validation
// errors detected: ...; ...; ..."), so handlers collect them and check() once.
class Constraints {
 public:
  void add(std::string_view field, const std::string& shown_value, std::string_view constraint);
  void check() const;  // throws the collected violations, if any

  // The common members, checked into this collection.
  std::string table_name(const json::object& o, std::string_view field = "TableName");
  void required(const json::object& o, std::string_view field);
  // An enum member; `allowed` in the order DynamoDB lists them in its message.
  void one_of(const json::object& o, std::string_view field,
              std::initializer_list<std::string_view> allowed, std::string_view shown_at = {});
  // ReturnConsumedCapacity and ReturnItemCollectionMetrics, which most operations take.
  void return_options(const json::object& o);

 private:
  std::vector<std::string> errors_;
};

const json::value* member(const json::object& o, std::string_view name);
std::optional<std::string> opt_string(const json::object& o, std::string_view name);
std::string required_string(const json::object& o, std::string_view name);
std::optional<int64_t> opt_int(const json::object& o, std::string_view name);
bool opt_bool(const json::object& o, std::string_view name, bool fallback = false);
const json::object* opt_object(const json::object& o, std::string_view name);
const json::array* opt_array(const json::object& o, std::string_view name);

// TableName with DynamoDB's length and pattern constraints.
std::string table_name(const json::object& o, std::string_view field = "TableName");
// TableName of CreateTable, DescribeTable, UpdateTable and DeleteTable, whose messages differ
// from the data operations' ("The parameter 'TableName' is required ...").
std::string control_table_name(const json::object& o);
// A Key or Item member, decoded.
core::Map required_item(const json::object& o, std::string_view name);

// ReturnValues, checked against `allowed`; "NONE" when absent.
std::string return_values(const json::object& o, std::initializer_list<std::string_view> allowed);

// The expressions of one request, parsed with its ExpressionAttributeNames/Values; at the end,
// finish() rejects placeholders nothing used, as DynamoDB does. Construction checks, in
// DynamoDB's order and before anything else of the request: legacy and expression parameters
// not mixed, placeholders only with expressions (`value_fields`: the operation's expressions
// that may use values, named in the message), then the placeholders themselves.
class RequestExpressions {
 public:
  RequestExpressions(const json::object& in, std::initializer_list<const char*> value_fields);
  // The first of those checks alone, for operations that check more in between (Scan).
  static void check_combinations(const json::object& in,
                                 std::initializer_list<const char*> value_fields);
  std::optional<expr::Condition> condition(std::string_view field);  // Condition/Filter/...
  std::optional<expr::Update> update();
  std::optional<expr::Projection> projection();
  void finish();

 private:
  const json::object& in_;
  std::map<std::string, std::string> names_;
  std::map<std::string, core::Value> values_;
  Placeholders ph_;
};

// Render helpers shared by handlers.
core::Map apply_projection(const core::Map& item, const std::optional<expr::Projection>& p);

}  // namespace wharf::dynamo
