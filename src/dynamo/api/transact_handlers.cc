// TransactWriteItems (all or nothing, with cancellation reasons and ClientRequestToken
// idempotency) and TransactGetItems (one snapshot).
#include <boost/json/serialize.hpp>

#include "core/clock.h"
#include "core/hash.h"
#include "dynamo/api/dynamo_context.h"
#include "dynamo/api/idempotency.h"
#include "dynamo/api/item_common.h"
#include "dynamo/api/request.h"
#include "dynamo/attribute_value.h"
#include "dynamo/errors.h"

namespace wharf::dynamo {

namespace {

const json::array& transact_items(const json::object& in, size_t max) {
  const json::array* items = opt_array(in, "TransactItems");
  if (!items) throw constraint_error("TransactItems", "null", "Member must not be null");
  if (items->empty() || items->size() > max)
    throw constraint_error(
        "TransactItems", "'[...]'",
        items->empty() ? "Member must have length greater than or equal to 1"
                       : "Member must have length less than or equal to " + std::to_string(max));
  return *items;
}

TransactWrite parse_write(const json::object& item) {
  static const std::pair<const char*, TransactWrite::Kind> kinds[] = {
      {"Put", TransactWrite::Kind::kPut},
      {"Update", TransactWrite::Kind::kUpdate},
      {"Delete", TransactWrite::Kind::kDelete},
      {"ConditionCheck", TransactWrite::Kind::kCheck}};
  const json::object* spec = nullptr;
  TransactWrite w;
  for (const auto& [name, kind] : kinds)
    if (const json::object* o = opt_object(item, name)) {
      if (spec)
        throw validation("TransactItems can only contain one of Check, Put, Update or Delete");
      spec = o;
      w.kind = kind;
    }
  if (!spec) throw validation("TransactItems can only contain one of Check, Put, Update or Delete");
  w.table = table_name(*spec);
  w.item = required_item(*spec, w.kind == TransactWrite::Kind::kPut ? "Item" : "Key");
  RequestExpressions ex(*spec, {"UpdateExpression", "ConditionExpression"});
  if (w.kind == TransactWrite::Kind::kUpdate) {
    w.update = ex.update();
    if (!w.update) throw constraint_error("UpdateExpression", "null", "Member must not be null");
  }
  w.condition = ex.condition("ConditionExpression");
  if (w.kind == TransactWrite::Kind::kCheck && !w.condition)
    throw constraint_error("ConditionExpression", "null", "Member must not be null");
  ex.finish();
  w.return_old_on_failure = return_old_on_condition_failure(*spec);
  return w;
}

}  // namespace

json::object transact_write_items(DynamoContext& ctx) {
  const json::array& items = transact_items(ctx.in, 100);
  auto token = opt_string(ctx.in, "ClientRequestToken");
  std::string request_hash;
  int64_t now = core::now_millis();
  if (token) {
    request_hash = core::sha256_hex(json::serialize(items));
    switch (ctx.tokens.check(*token, request_hash, now)) {
      case IdempotencyCache::Seen::kSameRequest:
        return {};
      case IdempotencyCache::Seen::kDifferentRequest:
        throw dynamo_error("IdempotentParameterMismatchException",
                           "The request uses the same client token as a previous, but "
                           "non-identical request.");
      case IdempotencyCache::Seen::kNew:
        break;
    }
  }
  std::vector<TransactWrite> writes;
  for (const auto& i : items) {
    if (!i.is_object()) throw dynamo_error("SerializationException", "TransactWriteItem");
    writes.push_back(parse_write(i.get_object()));
  }
  ctx.store.transact_write(writes);
  if (token) ctx.tokens.record(*token, request_hash, now);
  return {};
}

json::object transact_get_items(DynamoContext& ctx) {
  const json::array& items = transact_items(ctx.in, 100);
  std::vector<std::pair<std::string, core::Map>> keys;
  std::vector<std::optional<expr::Projection>> projections;
  for (const auto& i : items) {
    const json::object* get = i.is_object() ? opt_object(i.get_object(), "Get") : nullptr;
    if (!get) throw constraint_error("TransactItems.member.get", "null", "Member must not be null");
    keys.emplace_back(table_name(*get), required_item(*get, "Key"));
    RequestExpressions ex(*get, {});
    projections.push_back(ex.projection());
    ex.finish();
  }
  auto found = ctx.store.transact_get(keys);
  json::array responses;
  for (size_t i = 0; i < found.size(); ++i) {
    json::object r;
    if (found[i]) r["Item"] = item_to_wire(apply_projection(*found[i], projections[i]));
    responses.push_back(std::move(r));
  }
  return {{"Responses", std::move(responses)}};
}

}  // namespace wharf::dynamo
