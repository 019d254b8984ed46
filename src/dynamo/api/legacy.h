// DynamoDB's legacy (pre-expression) parameters, translated into expression trees so that one
// evaluator serves both: Expected + ConditionalOperator, QueryFilter / ScanFilter,
// AttributeUpdates, AttributesToGet, KeyConditions.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string_view>

#include "dynamo/expression_ast.h"
#include "dynamo/table_store.h"

namespace wharf::dynamo {

// Rejects requests that mix legacy and expression parameters, naming both sets as DynamoDB
// does.
void reject_mixed_parameters(const boost::json::object& in);

// Expected / QueryFilter / ScanFilter (`field`), combined by ConditionalOperator.
std::optional<expr::Condition> legacy_condition(const boost::json::object& in,
                                                std::string_view field);
std::optional<expr::Update> legacy_attribute_updates(const boost::json::object& in);
std::optional<expr::Projection> legacy_attributes_to_get(const boost::json::object& in);

// KeyConditions, one per attribute, checked for arity and value types (the schema is applied
// by the caller). `indexable` is false for operators a key cannot serve (NULL, NE, CONTAINS...).
struct LegacyKeyCondition {
  std::string attr;
  SortKeyCondition cond;
  bool indexable = true;
};
std::optional<std::vector<LegacyKeyCondition>> legacy_key_conditions(const boost::json::object& in);

}  // namespace wharf::dynamo
