// BatchGetItem and BatchWriteItem. Each item is its own operation (no atomicity across items,
// as in DynamoDB); the whole request is validated before any item is touched. Nothing is ever
// left unprocessed here, so UnprocessedKeys / UnprocessedItems are always empty.
#include <set>

#include "dynamo/api/dynamo_context.h"
#include "dynamo/api/item_common.h"
#include "dynamo/api/legacy.h"
#include "dynamo/api/request.h"
#include "dynamo/api/wire_writer.h"
#include "dynamo/attribute_value.h"
#include "dynamo/errors.h"
#include "dynamo/item_codec.h"

namespace wharf::dynamo {

namespace {

// RequestItems with its member constraints: table names as map keys, and per table the
// number of writes (BatchWriteItem) or of keys (BatchGetItem), reported together.
const json::object& request_items(const json::object& in, bool writes) {
  const json::object* items = opt_object(in, "RequestItems");
  if (!items) throw constraint_error("RequestItems", "null", "Member must not be null");
  if (items->empty())
    throw constraint_error("RequestItems", "'{}'",
                           "Member must have length greater than or equal to 1");
  Constraints cs;
  std::string shown = "'{";
  for (const auto& [name, v] : *items) shown += (shown.size() > 2 ? ", " : "") + std::string(name);
  shown += "}'";
  bool bad_name = false, bad_count = false;
  for (const auto& [name, v] : *items) {
    std::string n(name);
    bad_name =
        bad_name || n.size() < 3 || n.size() > 255 || !std::all_of(n.begin(), n.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
        });
    if (writes) {
      bad_count =
          bad_count || (v.is_array() && (v.get_array().empty() || v.get_array().size() > 25));
    } else if (v.is_object()) {
      const json::array* keys = opt_array(v.get_object(), "Keys");
      if (keys && keys->empty())
        cs.add("RequestItems." + n + ".member.keys", "'[]'",
               "Member must have length greater than or equal to 1");
    }
  }
  if (bad_name)
    cs.add("RequestItems", shown,
           "Map keys must satisfy constraint: [Member must have length less than or equal to "
           "255, Member must have length greater than or equal to 3, Member must satisfy regular "
           "expression pattern: [a-zA-Z0-9_.-]+]");
  if (bad_count)
    cs.add("RequestItems", shown,
           "Map value must satisfy constraint: [Member must have length less than or equal to "
           "25, Member must have length greater than or equal to 1]");
  cs.check();
  return *items;
}

void reject_duplicate(std::set<std::string>& seen, const std::string& table, const TableDef& t,
                      const core::Map& item) {
  if (!seen.insert(table + '\0' + encode_item(key_of(t.key, item))).second)
    throw validation("Provided list of item keys contains duplicates");
}

}  // namespace

json::object batch_get_item(DynamoContext& ctx) {
  const json::object& req = request_items(ctx.in, false);
  struct TableRead {
    std::string table;
    std::vector<core::Map> keys;
    std::optional<expr::Projection> projection;
  };
  std::vector<TableRead> reads;
  size_t total = 0;
  std::set<std::string> seen;
  // The whole request is checked before any table is looked up, as DynamoDB does.
  for (const auto& [name, spec] : req) {
    if (!spec.is_object()) throw dynamo_error("SerializationException", "KeysAndAttributes");
    const json::object& o = spec.get_object();
    TableRead r;
    r.table = std::string(name);
    const json::array* keys = opt_array(o, "Keys");
    if (!keys || keys->empty())
      throw constraint_error("RequestItems." + r.table + ".member.keys", "null",
                             "Member must have length greater than or equal to 1");
    if (keys->size() > 100)
      throw constraint_error("RequestItems." + r.table + ".member.keys", "'[...]'",
                             "Member must have length less than or equal to 100");
    RequestExpressions ex(o, {});
    r.projection = ex.projection();
    ex.finish();
    if (!r.projection) r.projection = legacy_attributes_to_get(o);
    for (const auto& k : *keys) {
      r.keys.push_back(item_from_wire(k));
      if (!seen.insert(r.table + '\0' + encode_item(r.keys.back())).second)
        throw validation("Provided list of item keys contains duplicates");
    }
    total += r.keys.size();
    reads.push_back(std::move(r));
  }
  if (total > 100) throw validation("Too many items requested for the BatchGetItem call");
  for (const auto& r : reads) {
    TablePtr t = ctx.store.get(r.table);
    for (const auto& k : r.keys) TableStore::validate_key(*t, k);
  }
  std::string out = "{\"Responses\":{";
  for (size_t i = 0; i < reads.size(); ++i) {
    const auto& r = reads[i];
    std::vector<std::string> found;
    for (const auto& k : r.keys)
      if (auto item = ctx.store.get_encoded(r.table, k)) found.push_back(std::move(*item));
    if (i) out += ",";
    append_json_string(out, r.table);
    out += ":";
    append_items(out, found, r.projection);
  }
  out += "},\"UnprocessedKeys\":{}}";
  ctx.raw_reply = std::move(out);
  return {};
}

json::object batch_write_item(DynamoContext& ctx) {
  const json::object& req = request_items(ctx.in, true);
  struct Write {
    std::string table;
    bool put;
    core::Map item;
  };
  std::vector<Write> writes;
  std::set<std::string> seen;
  size_t count = 0;
  for (const auto& [name, list] : req)
    if (list.is_array()) count += list.get_array().size();
  if (count > 25 || count == 0)
    throw constraint_error("RequestItems", "'{...}'",
                           "Map value must satisfy constraint: [Member must have length less "
                           "than or equal to 25, Member must have length greater than or equal "
                           "to 1]");
  // Items are decoded and sized first; tables and keys are checked after.
  for (const auto& [name, list] : req) {
    if (!list.is_array()) throw dynamo_error("SerializationException", "WriteRequests");
    for (const auto& w : list.get_array()) {
      if (!w.is_object()) continue;
      if (const json::object* put = opt_object(w.get_object(), "PutRequest"))
        if (item_size(required_item(*put, "Item")) > kMaxItemSize)
          throw validation("Item size has exceeded the maximum allowed size");
    }
  }
  for (const auto& [name, list] : req) {
    std::string table(name);
    TablePtr t = ctx.store.get(table);
    for (const auto& w : list.get_array()) {
      if (!w.is_object()) throw dynamo_error("SerializationException", "WriteRequest");
      const json::object* put = opt_object(w.get_object(), "PutRequest");
      const json::object* del = opt_object(w.get_object(), "DeleteRequest");
      if ((put != nullptr) == (del != nullptr))
        throw validation(
            "Supplied AttributeValue has more than one datatypes set, must contain "
            "exactly one of the supported datatypes");
      Write x{table, put != nullptr, required_item(put ? *put : *del, put ? "Item" : "Key")};
      if (x.put) {
        // A put's key is checked as a key would be, then the item as PutItem checks it.
        TableStore::validate_key(*t, key_of(t->key, x.item));
        TableStore::validate_item(*t, x.item, false);
      } else {
        TableStore::validate_key(*t, x.item);
      }
      reject_duplicate(seen, table, *t, x.item);
      writes.push_back(std::move(x));
    }
  }
  for (auto& w : writes) {
    if (w.put)
      ctx.store.put_item(w.table, std::move(w.item), nullptr);
    else
      ctx.store.delete_item(w.table, w.item, nullptr);
  }
  return {{"UnprocessedItems", json::object{}}};
}

}  // namespace wharf::dynamo
