#include "dynamo/table_store.h"

#include "core/clock.h"
#include "dynamo/change_record.h"
#include "dynamo/errors.h"
#include "dynamo/key_codec.h"

namespace wharf::dynamo {

namespace {

// Table definitions live under "Dt<name>"; the next table id under "Dn".
std::string def_key(const std::string& name) { return "Dt" + name; }
const char* kNextIdKey = "Dn";

}  // namespace

ConditionFailed::ConditionFailed(std::optional<core::Map> i)
    : core::Error(
          dynamo_error("ConditionalCheckFailedException", "The conditional request failed")),
      item(std::move(i)) {}

TransactionCanceled::TransactionCanceled(std::vector<CancellationReason> r)
    : core::Error(dynamo_error("TransactionCanceledException",
                               [&] {
                                 std::string codes;
                                 for (const auto& x : r)
                                   codes += (codes.empty() ? "" : ", ") + x.code;
                                 return "Transaction cancelled, please refer cancellation reasons "
                                        "for specific reasons [" +
                                        codes + "]";
                               }())),
      reasons(std::move(r)) {}

TableStore::TableStore(storage::Kv& kv) : kv_(kv) { load(); }

TableStore::~TableStore() {
  {
    std::lock_guard<std::mutex> l(background_mu_);
    stop_ = true;
  }
  background_cv_.notify_all();
  if (background_.joinable()) background_.join();
}

void TableStore::load() {
  if (auto v = kv_.get(storage::Column::kMeta, kNextIdKey)) next_table_id_ = read_u64(*v);
  uint64_t max_seq = 0;
  for (auto it = kv_.scan(storage::Column::kMeta, "Dt", "Du"); it.valid(); it.next()) {
    auto def = std::make_shared<TableDef>(decode_table(it.value()));
    // The sequence counter continues after the highest record of any table.
    std::string start = table_prefix('c', def->id);
    auto last = kv_.scan_reverse(storage::Column::kMeta, start, storage::prefix_end(start));
    if (last.valid()) max_seq = std::max(max_seq, read_u64(last.key().substr(start.size())));
    tables_[def->name] = std::move(def);
  }
  next_seq_ = max_seq + 1;
  if (auto v = kv_.get(storage::Column::kMeta, kSequenceBoundKey))
    next_seq_ = std::max(next_seq_, read_u64(*v));
}

TablePtr TableStore::find(const std::string& name) const {
  std::shared_lock l(tables_mu_);
  auto it = tables_.find(name);
  return it == tables_.end() ? nullptr : it->second;
}

TablePtr TableStore::get(const std::string& name) const {
  if (auto t = find(name)) return t;
  throw dynamo_error("ResourceNotFoundException", "Requested resource not found");
}

std::vector<std::string> TableStore::list_tables() const {
  std::shared_lock l(tables_mu_);
  std::vector<std::string> out;
  for (const auto& [n, t] : tables_) out.push_back(n);
  return out;
}

TablePtr TableStore::create_table(TableDef def) {
  std::lock_guard<std::mutex> control(control_mu_);
  if (find(def.name))
    throw dynamo_error("ResourceInUseException", "Table already exists: " + def.name);
  def.id = next_table_id_++;
  for (auto& i : def.indexes) i.id = def.next_index_id++;
  def.created_millis = core::now_millis();
  if (def.stream.enabled) {
    def.stream.label = core::iso8601_millis(def.created_millis);
    def.stream.start_sequence = sequence_mark();
  }
  auto b = kv_.batch();
  std::string next;
  append_u64(next, next_table_id_);
  b.put(storage::Column::kMeta, kNextIdKey, next);
  b.put(storage::Column::kMeta, def_key(def.name), encode_table(def));
  kv_.write(b);
  auto ptr = std::make_shared<const TableDef>(std::move(def));
  std::unique_lock l(tables_mu_);
  tables_[ptr->name] = ptr;
  return ptr;
}

TablePtr TableStore::delete_table(const std::string& name) {
  std::lock_guard<std::mutex> control(control_mu_);
  TablePtr t = get(name);
  if (t->deletion_protection)
    throw validation(
        "Resource cannot be deleted as it is currently protected against deletion. "
        "Disable deletion protection first.");
  auto b = kv_.batch();
  b.del(storage::Column::kMeta, def_key(name));
  for (char kind : {'i', 'x', 'c', 'e'}) {
    std::string p = table_prefix(kind, t->id);
    b.del_range(storage::Column::kMeta, p, storage::prefix_end(p));
  }
  kv_.write(b);
  std::unique_lock l(tables_mu_);
  tables_.erase(name);
  return t;
}

TablePtr TableStore::update_table(const std::string& name,
                                  const std::function<void(TableDef&)>& change) {
  std::lock_guard<std::mutex> control(control_mu_);
  TablePtr old = get(name);
  TableDef def = *old;
  change(def);
  for (auto& i : def.indexes)
    if (!old->index(i.name)) i.id = def.next_index_id++;  // new indexes get fresh prefixes
  if (def.stream.enabled && (!old->stream.enabled || def.stream.label.empty())) {
    def.stream.label = core::iso8601_millis(core::now_millis());
    def.stream.start_sequence = sequence_mark();
    def.stream.end_sequence = 0;
  }
  if (!def.stream.enabled && old->stream.enabled) {
    def.stream.end_sequence = sequence_mark();  // later writes are not part of the stream
  }
  auto b = kv_.batch();
  b.put(storage::Column::kMeta, def_key(name), encode_table(def));
  // Dropped indexes: their entries go with one range tombstone.
  for (const auto& i : old->indexes)
    if (!def.index(i.name)) {
      std::string p = index_prefix(def.id, i.id);
      b.del_range(storage::Column::kMeta, p, storage::prefix_end(p));
    }
  bool ttl_changed = old->ttl_attribute != def.ttl_attribute;
  if (ttl_changed) {
    std::string p = table_prefix('e', def.id);
    b.del_range(storage::Column::kMeta, p, storage::prefix_end(p));
  }
  kv_.write(b);
  auto ptr = std::make_shared<const TableDef>(std::move(def));
  {
    std::unique_lock l(tables_mu_);
    tables_[name] = ptr;
  }
  // Writers that start from here on maintain the new indexes; backfill covers the items
  // written before, re-reading each under its item lock so that it never writes a stale entry.
  for (const auto& i : ptr->indexes)
    if (!old->index(i.name)) backfill(*ptr, &i, false);
  if (ttl_changed && ptr->ttl_attribute) backfill(*ptr, nullptr, true);
  return ptr;
}

TableStats TableStore::stats(const TableDef& t) const {
  int64_t now = core::now_millis();
  {
    std::lock_guard<std::mutex> l(stats_mu_);
    auto it = stats_cache_.find(t.id);
    if (it != stats_cache_.end() && now - it->second.first < 5000) return it->second.second;
  }
  // DynamoDB refreshes these figures about every six hours; a few seconds is plenty here.
  TableStats s;
  std::string p = table_prefix('i', t.id);
  for (auto it = kv_.scan(storage::Column::kMeta, p, storage::prefix_end(p)); it.valid();
       it.next()) {
    ++s.items;
    s.bytes += it.value().size();
  }
  std::lock_guard<std::mutex> l(stats_mu_);
  stats_cache_[t.id] = {now, s};
  return s;
}

}  // namespace wharf::dynamo
