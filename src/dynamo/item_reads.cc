// TableStore's read path: GetItem, TransactGetItems, Query and Scan over the table or an index.
// Query ranges are seeks on the order-preserving key encoding; pages stop at Limit or 1 MB.
#include "dynamo/attribute_value.h"
#include "dynamo/errors.h"
#include "dynamo/expression_eval.h"
#include "dynamo/item_codec.h"
#include "dynamo/key_codec.h"
#include "dynamo/table_store.h"

namespace wharf::dynamo {

using storage::Column;

namespace {

constexpr size_t kPageBytes = 1024 * 1024;

// Where a read goes: the table's items or one index's entries, and which attributes make up
// LastEvaluatedKey.
struct Source {
  std::string prefix;          // "Di<id>" or "Dx<id><index id>"
  const KeySchema* key;        // the partition/sort key of what is read
  const KeySchema* table_key;  // the table's key (entries of an index carry it too)
  const IndexDef* index = nullptr;
};

Source source_for(const TableDef& t, const std::string& index_name) {
  if (index_name.empty()) return {table_prefix('i', t.id), &t.key, &t.key, nullptr};
  const IndexDef* idx = t.index(index_name);
  if (!idx) throw validation("The table does not have the specified index: " + index_name);
  return {index_prefix(t.id, idx->id), &idx->key, &t.key, idx};
}

// The storage key of the item or index entry that ExclusiveStartKey names.
std::string start_key(const Source& s, const core::Map& k) {
  auto need = [&](const KeyAttribute& a) -> const core::Value& {
    auto it = k.find(a.name);
    if (it == k.end())
      throw validation(
          "The provided starting key is invalid: The provided key "
          "element does not match the schema");
    return it->second;
  };
  std::string pk;
  append_key_component(pk, need(s.key->hash));
  std::string out = s.prefix;
  append_u16(out, partition_hash(pk));
  out += pk;
  if (s.key->range) append_key_component(out, need(*s.key->range));
  if (s.index) {
    std::string tpk;
    append_key_component(tpk, need(s.table_key->hash));
    out += tpk;  // the table key follows without its partition hash
    if (s.table_key->range) append_key_component(out, need(*s.table_key->range));
  }
  return out;
}

core::Map last_key_of(const Source& s, const core::Map& item) {
  core::Map k = key_of(*s.table_key, item);
  if (s.index)
    for (auto& [n, v] : key_of(*s.key, item)) k.insert_or_assign(n, v);
  return k;
}

// Encoded-key bytes of a string/binary value without the terminator: the prefix every
// encoding of an extension shares (begins_with).
std::string open_prefix(const core::Value& v) {
  std::string out;
  append_key_component(out, v);
  out.resize(out.size() - 2);
  return out;
}

}  // namespace

std::optional<core::Map> TableStore::get_item(const std::string& table,
                                              const core::Map& key) const {
  TablePtr t = get(table);
  validate_key(*t, key);
  return read_item(item_key(*t, key));
}

std::optional<std::string> TableStore::get_encoded(const std::string& table,
                                                   const core::Map& key) const {
  TablePtr t = get(table);
  validate_key(*t, key);
  return kv_.get(Column::kMeta, item_key(*t, key));
}

std::vector<std::optional<core::Map>> TableStore::transact_get(
    const std::vector<std::pair<std::string, core::Map>>& keys) const {
  std::vector<std::string> storage_keys;
  for (const auto& [table, key] : keys) {
    TablePtr t = get(table);
    validate_key(*t, key);
    storage_keys.push_back(item_key(*t, key));
  }
  auto snap = kv_.snapshot();
  std::vector<std::optional<core::Map>> out;
  for (const auto& k : storage_keys) {
    auto v = snap->get(Column::kMeta, k);
    out.push_back(v ? std::optional(decode_item(*v)) : std::nullopt);
  }
  return out;
}

namespace {

// Reads [start, end) in the requested direction into a page.
ReadResult read_range(const storage::Kv& kv, const Source& s, std::string start, std::string end,
                      const ReadRequest& r) {
  if (r.exclusive_start) {
    std::string k = start_key(s, *r.exclusive_start);
    if (r.forward)
      start = std::max(start, k + '\0');
    else
      end = std::min(end, k);
  }
  ReadResult out;
  if (start >= end) return out;
  auto it =
      r.forward ? kv.scan(Column::kMeta, start, end) : kv.scan_reverse(Column::kMeta, start, end);
  size_t bytes = 0;
  for (; it.valid(); it.next()) {
    ++out.scanned;
    bytes += it.value().size();
    // Items are decoded only when a filter needs them: the answer is written from the stored
    // encoding.
    std::optional<core::Map> item;
    if (r.filter) item = decode_item(it.value());
    if (!r.filter || evaluate(*r.filter, *item)) {
      ++out.count;
      if (r.keep_items) out.items.emplace_back(it.value());
    }
    if ((r.limit && out.scanned >= r.limit) || bytes >= kPageBytes) {
      // DynamoDB answers LastEvaluatedKey whenever a page stops early, even if nothing follows.
      out.last_key = last_key_of(s, item ? *item : decode_item(it.value()));
      break;
    }
  }
  return out;
}

}  // namespace

ReadResult TableStore::query(const ReadRequest& r) const {
  TablePtr t = get(r.table);
  Source s = source_for(*t, r.index);
  if (!r.hash || scalar_type(*r.hash) != s.key->hash.type)
    throw validation(
        "One or more parameter values were invalid: Condition parameter type does "
        "not match schema type");
  std::string pk;
  append_key_component(pk, *r.hash);
  std::string p = s.prefix;
  append_u16(p, partition_hash(pk));
  p += pk;
  std::string start = p, end = storage::prefix_end(p);
  using Op = SortKeyCondition::Op;
  if (r.range.op != Op::kNone) {
    if (!s.key->range || scalar_type(r.range.a) != s.key->range->type ||
        (r.range.op == Op::kBetween && scalar_type(r.range.b) != s.key->range->type))
      throw validation(
          "One or more parameter values were invalid: Condition parameter type "
          "does not match schema type");
    std::string a = p;
    append_key_component(a, r.range.a);
    switch (r.range.op) {
      case Op::kEq:
        start = a;
        end = storage::prefix_end(a);
        break;
      case Op::kLt:
        end = a;
        break;
      case Op::kLe:
        end = storage::prefix_end(a);
        break;
      case Op::kGt:
        start = storage::prefix_end(a);
        break;
      case Op::kGe:
        start = a;
        break;
      case Op::kBetween: {
        std::string b = p;
        append_key_component(b, r.range.b);
        start = a;
        end = storage::prefix_end(b);
        break;
      }
      case Op::kBeginsWith: {
        if (s.key->range->type == 'N')
          throw validation(
              "Invalid KeyConditionExpression: Incorrect operand type for operator "
              "or function; operator or function: begins_with, operand type: N");
        std::string pre = p + open_prefix(r.range.a);
        start = pre;
        end = storage::prefix_end(pre);
        break;
      }
      case Op::kNone:
        break;
    }
  }
  return read_range(kv_, s, start, end, r);
}

ReadResult TableStore::scan(const ReadRequest& r) const {
  TablePtr t = get(r.table);
  Source s = source_for(*t, r.index);
  std::string start = s.prefix, end = s.prefix;
  uint32_t lo = static_cast<uint32_t>(uint64_t(r.segment) * kHashSpace / r.total_segments);
  uint32_t hi = static_cast<uint32_t>(uint64_t(r.segment + 1) * kHashSpace / r.total_segments);
  append_u16(start, static_cast<uint16_t>(lo));
  if (hi >= kHashSpace)
    end = storage::prefix_end(s.prefix);
  else
    append_u16(end, static_cast<uint16_t>(hi));
  ReadRequest fwd = r;
  fwd.forward = true;
  return read_range(kv_, s, start, end, fwd);
}

}  // namespace wharf::dynamo
