#include "dynamo/api/item_common.h"

#include "dynamo/api/request.h"
#include "dynamo/api/wire_writer.h"
#include "dynamo/errors.h"
#include "dynamo/expression_eval.h"
#include "dynamo/item_codec.h"

namespace wharf::dynamo {

bool return_old_on_condition_failure(const json::object& in) {
  auto v = opt_string(in, "ReturnValuesOnConditionCheckFailure");
  if (v && *v != "ALL_OLD" && *v != "NONE")
    throw constraint_error("ReturnValuesOnConditionCheckFailure", "'" + *v + "'",
                           "Member must satisfy enum value set: [ALL_OLD, NONE]");
  return v && *v == "ALL_OLD";
}

void append_items(std::string& out, const std::vector<std::string>& encoded,
                  const std::optional<expr::Projection>& projection) {
  out.push_back('[');
  for (size_t i = 0; i < encoded.size(); ++i) {
    if (i) out.push_back(',');
    if (projection)
      append_wire_item(out, project(decode_item(encoded[i]), projection->paths));
    else
      append_wire_encoded(out, encoded[i]);
  }
  out.push_back(']');
}

void reject_nested_key_paths(const std::vector<expr::Path>& paths, const TableDef& t) {
  for (const auto& p : paths) {
    if (p.steps.size() < 2) continue;
    const char* kind = nullptr;
    if (t.is_table_key(p.top())) kind = "Key";
    for (const auto& i : t.indexes)
      if (!kind && (i.key.hash.name == p.top() || (i.key.range && i.key.range->name == p.top())))
        kind = "IndexKey";
    if (kind)
      throw validation(
          "Key attributes must be scalars; list random access '[]' and map lookup '.' are not "
          "allowed: " +
          std::string(kind) + ": " + p.top());
  }
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
