#include "dynamo/api/item_common.h"

#include "dynamo/api/request.h"

namespace wharf::dynamo {

bool return_old_on_condition_failure(const json::object& in) {
  auto v = opt_string(in, "ReturnValuesOnConditionCheckFailure");
  if (v && *v != "ALL_OLD" && *v != "NONE")
    throw constraint_error("ReturnValuesOnConditionCheckFailure", "'" + *v + "'",
                           "Member must satisfy enum value set: [ALL_OLD, NONE]");
  return v && *v == "ALL_OLD";
}

void add_consumed_capacity(const DynamoContext& ctx, json::object& out, const std::string& table,
                           double units) {
  auto mode = opt_string(ctx.in, "ReturnConsumedCapacity");
  if (!mode || *mode == "NONE") return;
  json::object c{{"TableName", table}, {"CapacityUnits", units}};
  if (*mode == "INDEXES") c["Table"] = json::object{{"CapacityUnits", units}};
  out["ConsumedCapacity"] = std::move(c);
}

}  // namespace wharf::dynamo
