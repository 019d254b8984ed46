// Single-item operations: PutItem, GetItem, UpdateItem, DeleteItem.
#include <boost/json/serialize.hpp>

#include "dynamo/api/dynamo_context.h"
#include "dynamo/api/item_common.h"
#include "dynamo/api/legacy.h"
#include "dynamo/api/request.h"
#include "dynamo/api/wire_writer.h"
#include "dynamo/attribute_value.h"
#include "dynamo/errors.h"
#include "dynamo/expression_eval.h"
#include "dynamo/item_codec.h"

namespace wharf::dynamo {

namespace {

// The condition of a write: ConditionExpression or the legacy Expected.
std::optional<expr::Condition> write_condition(const json::object& in, RequestExpressions& ex) {
  if (auto c = ex.condition("ConditionExpression")) return c;
  return legacy_condition(in, "Expected");
}

json::object write_answer(const DynamoContext& ctx, const std::string& table, const std::string& rv,
                          const WriteResult& r, const std::vector<expr::Path>* updated_paths) {
  json::object out;
  std::optional<core::Map> attrs;
  if (rv == "ALL_OLD")
    attrs = r.old_item;
  else if (rv == "ALL_NEW")
    attrs = r.new_item;
  else if (rv == "UPDATED_OLD" && r.old_item && updated_paths)
    attrs = project(*r.old_item, *updated_paths);
  else if (rv == "UPDATED_NEW" && r.new_item && updated_paths)
    attrs = project(*r.new_item, *updated_paths);
  if (attrs && !attrs->empty()) out["Attributes"] = item_to_wire(*attrs);
  add_consumed_capacity(ctx, out, table, 1.0);
  return out;
}

}  // namespace

// The member constraints of a single-item operation, reported together.
std::string checked_table(const json::object& in, const char* required_member) {
  Constraints cs;
  std::string table = cs.table_name(in);
  cs.required(in, required_member);
  cs.return_options(in);
  cs.one_of(in, "ReturnValues", {"ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"});
  cs.check();
  return table;
}

json::object put_item(DynamoContext& ctx) {
  std::string table = checked_table(ctx.in, "Item");
  // DynamoDB's order: parameter combinations, the item (its values, then its size), the
  // placeholders and expressions, the table.
  RequestExpressions::check_combinations(ctx.in, {"ConditionExpression"});
  core::Map item = required_item(ctx.in, "Item");
  if (item_size(item) > kMaxItemSize)
    throw validation("Item size has exceeded the maximum allowed size");
  RequestExpressions ex(ctx.in, {"ConditionExpression"});
  auto cond = write_condition(ctx.in, ex);
  ex.finish();
  std::string rv = return_values(ctx.in, {"NONE", "ALL_OLD"});
  bool old_on_failure = return_old_on_condition_failure(ctx.in);
  WriteResult r = with_condition_failure(old_on_failure, [&] {
    return ctx.store.put_item(table, std::move(item), cond ? &*cond : nullptr);
  });
  return write_answer(ctx, table, rv, r, nullptr);
}

json::object delete_item(DynamoContext& ctx) {
  std::string table = checked_table(ctx.in, "Key");
  RequestExpressions::check_combinations(ctx.in, {"ConditionExpression"});
  core::Map key = required_item(ctx.in, "Key");
  RequestExpressions ex(ctx.in, {"ConditionExpression"});
  auto cond = write_condition(ctx.in, ex);
  ex.finish();
  std::string rv = return_values(ctx.in, {"NONE", "ALL_OLD"});
  bool old_on_failure = return_old_on_condition_failure(ctx.in);
  WriteResult r = with_condition_failure(
      old_on_failure, [&] { return ctx.store.delete_item(table, key, cond ? &*cond : nullptr); });
  return write_answer(ctx, table, rv, r, nullptr);
}

json::object update_item(DynamoContext& ctx) {
  std::string table = checked_table(ctx.in, "Key");
  RequestExpressions::check_combinations(ctx.in, {"UpdateExpression", "ConditionExpression"});
  core::Map key = required_item(ctx.in, "Key");
  RequestExpressions ex(ctx.in, {"UpdateExpression", "ConditionExpression"});
  auto update = ex.update();
  if (!update) update = legacy_attribute_updates(ctx.in);
  auto cond = write_condition(ctx.in, ex);
  ex.finish();
  if (!update) update = expr::Update{};
  std::string rv =
      return_values(ctx.in, {"NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"});
  bool old_on_failure = return_old_on_condition_failure(ctx.in);
  WriteResult r = with_condition_failure(old_on_failure, [&] {
    return ctx.store.update_item(table, key, *update, cond ? &*cond : nullptr);
  });
  std::vector<expr::Path> paths;
  for (const auto& a : update->actions) paths.push_back(a.path);
  return write_answer(ctx, table, rv, r, &paths);
}

json::object get_item(DynamoContext& ctx) {
  std::string table = checked_table(ctx.in, "Key");
  RequestExpressions::check_combinations(ctx.in, {});
  core::Map key = required_item(ctx.in, "Key");
  RequestExpressions ex(ctx.in, {});
  auto projection = ex.projection();
  ex.finish();
  if (!projection) projection = legacy_attributes_to_get(ctx.in);
  opt_bool(ctx.in, "ConsistentRead");  // every read is consistent here
  if (projection) reject_nested_key_paths(projection->paths, *ctx.store.get(table));
  auto item = ctx.store.get_encoded(table, key);
  json::object tail;
  add_consumed_capacity(ctx, tail, table, 0.5);
  std::string out = "{";
  if (item) {
    out += "\"Item\":";
    if (projection)
      append_wire_item(out, project(decode_item(*item), projection->paths));
    else
      append_wire_encoded(out, *item);
    if (!tail.empty()) out += ",";
  }
  out += json::serialize(tail).substr(1);
  ctx.raw_reply = std::move(out);
  return {};
}

}  // namespace wharf::dynamo
