// Pieces several item operations share: ReturnValuesOnConditionCheckFailure, consumed
// capacity in answers.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "dynamo/api/dynamo_context.h"
#include "dynamo/expression_ast.h"

namespace wharf::dynamo {

// ReturnValuesOnConditionCheckFailure: true for ALL_OLD.
bool return_old_on_condition_failure(const boost::json::object& in);

// Runs a conditional write; a failed condition loses its item unless ALL_OLD was asked for.
template <typename F>
auto with_condition_failure(bool keep_item, F&& write) {
  try {
    return write();
  } catch (ConditionFailed& e) {
    if (!keep_item) e.item.reset();
    throw;
  }
}

// A JSON array of stored items, projected when a projection is given.
void append_items(std::string& out, const std::vector<std::string>& encoded,
                  const std::optional<expr::Projection>& projection);

// Key attributes are scalars: a path that looks inside one (a.b, a[0]) is refused, naming the
// table's key ("Key: a") or an index's ("IndexKey: d").
void reject_nested_key_paths(const std::vector<expr::Path>& paths, const TableDef& t);

// ConsumedCapacity when ReturnConsumedCapacity is TOTAL or INDEXES.
void add_consumed_capacity(const DynamoContext& ctx, boost::json::object& out,
                           const std::string& table, double units);

}  // namespace wharf::dynamo
