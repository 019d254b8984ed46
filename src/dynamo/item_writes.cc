// TableStore's write path: validation, the atomic batch of item + index entries + TTL entry +
// change record, conditional writes under the item's stripe lock, transactions, backfill.
#include <algorithm>

#include "core/clock.h"
#include "dynamo/attribute_value.h"
#include "dynamo/change_record.h"
#include "dynamo/errors.h"
#include "dynamo/expression_eval.h"
#include "dynamo/item_codec.h"
#include "dynamo/key_codec.h"
#include "dynamo/table_store.h"

namespace wharf::dynamo {

using storage::Column;

namespace {

constexpr size_t kItemPrefix = 10;  // "Di" + table id

bool empty_scalar(const core::Value& v) {
  return (v.is<std::string>() && v.as<std::string>().empty()) ||
         (v.is<core::Binary>() && v.as<core::Binary>().bytes.empty());
}

size_t scalar_size(const core::Value& v) {
  if (v.is<std::string>()) return v.as<std::string>().size();
  if (v.is<core::Binary>()) return v.as<core::Binary>().bytes.size();
  return value_size(v);
}

const core::Map kNoItem;

void check_key_size(const core::Value& v, bool is_hash) {
  size_t n = scalar_size(v);
  if (is_hash && n > 2048)
    throw validation(
        "One or more parameter values were invalid: Size of hashkey has exceeded the maximum "
        "size limit of2048 bytes");
  if (!is_hash && n > 1024)
    throw validation(
        "One or more parameter values were invalid: Aggregated size of all range keys has "
        "exceeded the size limit of 1024 bytes");
}

// The index entry of `item` (nullopt when the item lacks an index key attribute): its storage
// key, after the item's own key suffix.
std::optional<std::string> index_entry_key(const TableDef& t, const IndexDef& idx,
                                           const core::Map& item, std::string_view item_suffix) {
  auto h = item.find(idx.key.hash.name);
  if (h == item.end() || scalar_type(h->second) != idx.key.hash.type) return std::nullopt;
  const core::Value* r = nullptr;
  if (idx.key.range) {
    auto it = item.find(idx.key.range->name);
    if (it == item.end() || scalar_type(it->second) != idx.key.range->type) return std::nullopt;
    r = &it->second;
  }
  std::string pk;
  append_key_component(pk, h->second);
  std::string key = index_prefix(t.id, idx.id);
  append_u16(key, partition_hash(pk));
  key += pk;
  if (r) append_key_component(key, *r);
  key.append(item_suffix.substr(2));  // the table key without its partition hash
  return key;
}

core::Map index_projection(const TableDef& t, const IndexDef& idx, const core::Map& item) {
  if (idx.projection.type == ProjectionType::kAll) return item;
  core::Map out = key_of(t.key, item);
  for (const auto& [k, v] : key_of(idx.key, item)) out.insert_or_assign(k, v);
  if (idx.projection.type == ProjectionType::kInclude)
    for (const auto& a : idx.projection.non_key_attributes)
      if (auto it = item.find(a); it != item.end()) out.insert_or_assign(a, it->second);
  return out;
}

std::optional<std::string> ttl_entry_key(const TableDef& t, const core::Map& item,
                                         std::string_view item_suffix) {
  if (!t.ttl_attribute) return std::nullopt;
  auto it = item.find(*t.ttl_attribute);
  if (it == item.end() || !it->second.is<core::Decimal>()) return std::nullopt;
  double seconds = it->second.as<core::Decimal>().to_double();
  if (!(seconds >= 0) || seconds > 1e15) return std::nullopt;  // never expires
  std::string key = table_prefix('e', t.id);
  append_u64(key, static_cast<uint64_t>(seconds));
  key.append(item_suffix);
  return key;
}

}  // namespace

std::mutex& TableStore::stripe(std::string_view item_key) const {
  return stripes_[std::hash<std::string_view>()(item_key) % stripes_.size()];
}

void TableStore::validate_key(const TableDef& t, const core::Map& key) {
  size_t expected = t.key.range ? 2 : 1;
  auto matches = [&](const KeyAttribute& a) {
    auto it = key.find(a.name);
    return it != key.end() && scalar_type(it->second) == a.type;
  };
  if (key.size() != expected || !matches(t.key.hash) || (t.key.range && !matches(*t.key.range)))
    throw validation("The provided key element does not match the schema");
  for (const auto& [name, v] : key)
    if (empty_scalar(v))
      throw validation(
          "One or more parameter values were invalid: The AttributeValue for a key attribute "
          "cannot contain an empty " +
          std::string(v.is<std::string>() ? "string" : "binary") + " value. Key: " + name);
  for (const KeyAttribute* a : {&t.key.hash, t.key.range ? &*t.key.range : nullptr})
    if (a) check_key_size(key.at(a->name), a == &t.key.hash);
}

std::string TableStore::item_key(const TableDef& t, const core::Map& item) const {
  std::string pk;
  append_key_component(pk, item.at(t.key.hash.name));
  std::string key = table_prefix('i', t.id);
  append_u16(key, partition_hash(pk));
  key += pk;
  if (t.key.range) append_key_component(key, item.at(t.key.range->name));
  return key;
}

void TableStore::validate_item(const TableDef& t, const core::Map& item, bool from_update) {
  auto check_key = [&](const KeyAttribute& a, bool is_hash) {
    auto it = item.find(a.name);
    if (it == item.end())
      throw validation("One or more parameter values were invalid: Missing the key " + a.name +
                       " in the item");
    char ty = scalar_type(it->second);
    if (ty != a.type)
      throw validation("One or more parameter values were invalid: Type mismatch for key " +
                       a.name + " expected: " + a.type +
                       " actual: " + type_code(it->second.type()));
    if (empty_scalar(it->second))
      throw validation(
          "One or more parameter values are not valid. The AttributeValue for a key attribute "
          "cannot contain an empty " +
          std::string(ty == 'S' ? "string" : "binary") + " value. Key: " + a.name);
    check_key_size(it->second, is_hash);
  };
  check_key(t.key.hash, true);
  if (t.key.range) check_key(*t.key.range, false);
  for (const auto& idx : t.indexes) {
    for (const KeyAttribute* a : {&idx.key.hash, idx.key.range ? &*idx.key.range : nullptr}) {
      if (!a) continue;
      auto it = item.find(a->name);
      if (it == item.end()) continue;
      char ty = scalar_type(it->second);
      if (ty != a->type)
        throw validation("One or more parameter values were invalid: Type mismatch for Index Key " +
                         a->name + " Expected: " + a->type +
                         " Actual: " + type_code(it->second.type()) + " IndexName: " + idx.name);
      if (empty_scalar(it->second))
        throw validation(
            "One or more parameter values are not valid. A value specified for a secondary index "
            "key is not supported. The AttributeValue for a key attribute cannot contain an "
            "empty string value. IndexName: " +
            idx.name + ", IndexKey: " + a->name);
    }
  }
  if (item_size(item) > kMaxItemSize)
    throw validation(from_update ? "Item size to update has exceeded the maximum allowed size"
                                 : "Item size has exceeded the maximum allowed size");
}

std::optional<core::Map> TableStore::read_item(const std::string& key) const {
  auto v = kv_.get(Column::kMeta, key);
  if (!v) return std::nullopt;
  return decode_item(*v);
}

void TableStore::stage(storage::Batch& b, const TableDef& t, const std::string& key,
                       const std::optional<core::Map>& old_item,
                       const std::optional<core::Map>& new_item, uint64_t seq, bool ttl) const {
  std::string_view suffix = std::string_view(key).substr(kItemPrefix);
  if (new_item)
    b.put(Column::kMeta, key, encode_item(*new_item));
  else
    b.del(Column::kMeta, key);
  for (const auto& idx : t.indexes) {
    auto before = old_item ? index_entry_key(t, idx, *old_item, suffix) : std::nullopt;
    auto after = new_item ? index_entry_key(t, idx, *new_item, suffix) : std::nullopt;
    if (before && before != after) b.del(Column::kMeta, *before);
    if (after) b.put(Column::kMeta, *after, encode_item(index_projection(t, idx, *new_item)));
  }
  if (t.ttl_attribute) {
    auto before = old_item ? ttl_entry_key(t, *old_item, suffix) : std::nullopt;
    auto after = new_item ? ttl_entry_key(t, *new_item, suffix) : std::nullopt;
    if (before && before != after) b.del(Column::kMeta, *before);
    if (after && before != after) b.put(Column::kMeta, *after, "");
  }
  ChangeRecord rec;
  rec.sequence = seq;
  rec.event = !old_item ? "INSERT" : new_item ? "MODIFY" : "REMOVE";
  rec.keys = key_of(t.key, new_item ? *new_item : *old_item);
  rec.old_image = old_item;
  rec.new_image = new_item;
  rec.millis = core::now_millis();
  rec.ttl = ttl;
  std::string ck = table_prefix('c', t.id);
  append_u64(ck, seq);
  b.put(Column::kMeta, ck, encode_change(rec));
}

WriteResult TableStore::mutate(
    const std::string& table, const core::Map& key_or_item,
    const std::function<std::optional<core::Map>(const std::optional<core::Map>&)>& compute,
    const expr::Condition* cond, bool ttl) {
  TablePtr t = get(table);
  std::string key = item_key(*t, key_or_item);
  std::lock_guard<std::mutex> lock(stripe(key));
  WriteResult r;
  r.old_item = read_item(key);
  if (cond && !evaluate(*cond, r.old_item ? *r.old_item : kNoItem))
    throw ConditionFailed(r.old_item);
  r.new_item = compute(r.old_item);
  // Writes that change nothing (deleting a missing item, putting an identical one) leave no
  // change record, as DynamoDB Streams show no record for them.
  if (!r.old_item && !r.new_item) return r;
  if (r.old_item && r.new_item && values_equal(core::Value(*r.old_item), core::Value(*r.new_item)))
    return r;
  uint64_t seq = begin_sequence();
  try {
    auto b = kv_.batch();
    stage(b, *t, key, r.old_item, r.new_item, seq, ttl);
    kv_.write(b);
  } catch (...) {
    end_sequence(seq);
    throw;
  }
  end_sequence(seq);
  return r;
}

WriteResult TableStore::put_item(const std::string& table, core::Map item,
                                 const expr::Condition* cond) {
  TablePtr t = get(table);
  validate_item(*t, item, false);
  return mutate(
      table, item, [&](const std::optional<core::Map>&) { return std::optional(std::move(item)); },
      cond);
}

namespace {

// Removing from an item that does not exist does not create it (DynamoDB behaves so); SET and
// ADD do, and so does an update with no actions at all (the item gets its key).
bool creates_item(const expr::Update& update) {
  return update.actions.empty() ||
         std::any_of(update.actions.begin(), update.actions.end(), [](const auto& a) {
           return a.kind == expr::UpdateKind::kSet || a.kind == expr::UpdateKind::kAdd;
         });
}

void reject_key_updates(const TableDef& t, const expr::Update& update) {
  for (const auto& a : update.actions)
    if (t.is_table_key(a.path.top()))
      throw validation("One or more parameter values were invalid: Cannot update attribute " +
                       a.path.top() + ". This attribute is part of the key");
}

}  // namespace

WriteResult TableStore::update_item(const std::string& table, const core::Map& key,
                                    const expr::Update& update, const expr::Condition* cond) {
  TablePtr t = get(table);
  validate_key(*t, key);
  reject_key_updates(*t, update);
  return mutate(
      table, key,
      [&](const std::optional<core::Map>& old) -> std::optional<core::Map> {
        if (!old && !creates_item(update)) return std::nullopt;
        const core::Map& base = old ? *old : key;
        core::Map item = base;
        apply_update(update, base, item);
        validate_item(*t, item, true);
        return std::optional(std::move(item));
      },
      cond);
}

WriteResult TableStore::delete_item(const std::string& table, const core::Map& key,
                                    const expr::Condition* cond) {
  TablePtr t = get(table);
  validate_key(*t, key);
  return mutate(
      table, key, [](const std::optional<core::Map>&) { return std::optional<core::Map>(); }, cond);
}

void TableStore::transact_write(const std::vector<TransactWrite>& ops) {
  struct Op {
    const TransactWrite* w;
    TablePtr t;
    std::string key;
    std::optional<core::Map> old_item, new_item;
  };
  std::vector<Op> staged;
  for (const auto& w : ops) {
    TablePtr t = get(w.table);
    if (w.kind == TransactWrite::Kind::kPut)
      validate_item(*t, w.item, false);
    else
      validate_key(*t, w.item);
    if (w.update) reject_key_updates(*t, *w.update);
    std::string key = item_key(*t, w.item);
    for (const auto& o : staged)
      if (o.key == key)
        throw validation("Transaction request cannot include multiple operations on one item");
    staged.push_back({&w, std::move(t), std::move(key), {}, {}});
  }
  // Lock every item's stripe in address order: two transactions never wait on each other in
  // a cycle.
  std::vector<std::mutex*> locks;
  for (const auto& o : staged) locks.push_back(&stripe(o.key));
  std::sort(locks.begin(), locks.end());
  locks.erase(std::unique(locks.begin(), locks.end()), locks.end());
  for (auto* m : locks) m->lock();
  struct Unlock {
    std::vector<std::mutex*>& l;
    ~Unlock() {
      for (auto it = l.rbegin(); it != l.rend(); ++it) (*it)->unlock();
    }
  } unlock{locks};

  std::vector<CancellationReason> reasons(staged.size(), CancellationReason{"None", "", {}});
  bool failed = false;
  for (size_t i = 0; i < staged.size(); ++i) {
    Op& o = staged[i];
    const TransactWrite& w = *o.w;
    o.old_item = read_item(o.key);
    const core::Map& current = o.old_item ? *o.old_item : kNoItem;
    if (w.condition && !evaluate(*w.condition, current)) {
      reasons[i] = {"ConditionalCheckFailed", "The conditional request failed",
                    w.return_old_on_failure ? o.old_item : std::nullopt};
      failed = true;
      continue;
    }
    try {
      switch (w.kind) {
        case TransactWrite::Kind::kPut:
          o.new_item = w.item;
          break;
        case TransactWrite::Kind::kUpdate: {
          if (!o.old_item && !creates_item(*w.update)) break;
          const core::Map& base = o.old_item ? *o.old_item : w.item;
          core::Map item = base;
          apply_update(*w.update, base, item);
          validate_item(*o.t, item, true);
          o.new_item = std::move(item);
          break;
        }
        case TransactWrite::Kind::kDelete:
          break;
        case TransactWrite::Kind::kCheck:
          o.new_item = o.old_item;  // unchanged; nothing is written for it
          break;
      }
    } catch (const core::Error& e) {
      reasons[i] = {"ValidationError", e.message(), std::nullopt};
      failed = true;
    }
  }
  if (failed) throw TransactionCanceled(std::move(reasons));

  std::vector<uint64_t> seqs;
  auto b = kv_.batch();
  try {
    for (auto& o : staged) {
      if (o.w->kind == TransactWrite::Kind::kCheck) continue;
      if (!o.old_item && !o.new_item) continue;
      if (o.old_item && o.new_item &&
          values_equal(core::Value(*o.old_item), core::Value(*o.new_item)))
        continue;
      seqs.push_back(begin_sequence());
      stage(b, *o.t, o.key, o.old_item, o.new_item, seqs.back(), false);
    }
    kv_.write(b);
  } catch (...) {
    for (auto s : seqs) end_sequence(s);
    throw;
  }
  for (auto s : seqs) end_sequence(s);
}

void TableStore::backfill(const TableDef& t, const IndexDef* index, bool ttl_entries) {
  std::string p = table_prefix('i', t.id);
  std::string end = storage::prefix_end(p);
  std::string from = p;
  // Keys are collected a page at a time so that no iterator is held across the item locks.
  while (true) {
    std::vector<std::string> keys;
    for (auto it = kv_.scan(Column::kMeta, from, end); it.valid() && keys.size() < 1000; it.next())
      keys.emplace_back(it.key());
    if (keys.empty()) break;
    for (const auto& key : keys) {
      std::lock_guard<std::mutex> lock(stripe(key));
      auto item = read_item(key);
      if (!item) continue;
      std::string_view suffix = std::string_view(key).substr(kItemPrefix);
      auto b = kv_.batch();
      if (index)
        if (auto k = index_entry_key(t, *index, *item, suffix))
          b.put(Column::kMeta, *k, encode_item(index_projection(t, *index, *item)));
      if (ttl_entries)
        if (auto k = ttl_entry_key(t, *item, suffix)) b.put(Column::kMeta, *k, "");
      if (!b.empty()) kv_.write(b);
    }
    from = keys.back() + '\0';
  }
}

}  // namespace wharf::dynamo
