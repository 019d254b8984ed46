// Parser of DynamoDB's expression language (ConditionExpression, FilterExpression,
// KeyConditionExpression, UpdateExpression, ProjectionExpression) into expression_ast.h trees.
// Every malformed input throws ValidationException with DynamoDB's message: "Invalid
// <Kind>: Syntax error; token: \"<tok>\", near: \"<text>\"", reserved words used as names,
// undefined placeholders, wrong function arity or literal operand types, paths nested too deep,
// overlapping update paths.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "dynamo/expression_ast.h"

namespace wharf::dynamo {

// The request's ExpressionAttributeNames / ExpressionAttributeValues, and which of them the
// parsed expressions used: DynamoDB rejects a request that defines a placeholder it never uses.
class Placeholders {
 public:
  Placeholders(const std::map<std::string, std::string>* names,
               const std::map<std::string, core::Value>* values)
      : names_(names), values_(values) {}
  // Throws "An expression attribute name used in the document path is not defined".
  const std::string& name(const std::string& placeholder, std::string_view kind);
  const core::Value& value(const std::string& placeholder, std::string_view kind);
  // Throws "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a}".
  void check_all_used() const;

 private:
  const std::map<std::string, std::string>* names_;
  const std::map<std::string, core::Value>* values_;
  std::set<std::string> used_names_, used_values_;
};

// `kind` names the request parameter in messages ("ConditionExpression", "FilterExpression",
// "KeyConditionExpression").
expr::Condition parse_condition(std::string_view text, std::string_view kind, Placeholders& ph);
expr::Update parse_update(std::string_view text, Placeholders& ph);
expr::Projection parse_projection(std::string_view text, Placeholders& ph);

inline constexpr size_t kMaxPathDepth = 32;

}  // namespace wharf::dynamo
