// TableStore's change log: sequence numbers, the committed-prefix watermark, reading and
// trimming records.
#include "core/clock.h"
#include "dynamo/change_record.h"
#include "dynamo/item_codec.h"
#include "dynamo/key_codec.h"
#include "dynamo/table_store.h"

namespace wharf::dynamo {

std::string encode_change(const ChangeRecord& r) {
  core::Map m;
  m.emplace("e", r.event);
  m.emplace("k", r.keys);
  if (r.old_image) m.emplace("o", *r.old_image);
  if (r.new_image) m.emplace("n", *r.new_image);
  m.emplace("t", core::Value(static_cast<long long>(r.millis)));
  if (r.ttl) m.emplace("x", true);
  return encode_item(m);
}

ChangeRecord decode_change(uint64_t sequence, std::string_view bytes) {
  core::Map m = decode_item(bytes);
  ChangeRecord r;
  r.sequence = sequence;
  r.event = m["e"].as<std::string>();
  r.keys = std::move(m["k"].as<core::Map>());
  if (auto it = m.find("o"); it != m.end()) r.old_image = std::move(it->second.as<core::Map>());
  if (auto it = m.find("n"); it != m.end()) r.new_image = std::move(it->second.as<core::Map>());
  r.millis = m["t"].as<core::Decimal>().to_int64().value_or(0);
  r.ttl = m.count("x") > 0;
  return r;
}

// Sequence numbers are handed out before a write and retired after it commits. A reader may
// only go up to the lowest number still in flight: a record with a smaller number could
// otherwise appear after the reader moved past it.
// Sequence numbers never go back, even when the records that carried the highest ones were
// trimmed or their table dropped before a restart: the counter persists a bound ahead of
// itself ("Ds"), a million numbers at a time, and restarts from there.
uint64_t TableStore::take_sequence() {
  uint64_t s = next_seq_++;
  if (s >= reserved_seq_) {
    reserved_seq_ = s + (1 << 20);
    std::string v;
    append_u64(v, reserved_seq_);
    auto b = kv_.batch();
    b.put(storage::Column::kMeta, kSequenceBoundKey, v);
    kv_.write(b);
  }
  return s;
}

uint64_t TableStore::begin_sequence() {
  std::lock_guard<std::mutex> l(seq_mu_);
  uint64_t s = take_sequence();
  in_flight_.insert(s);
  return s;
}

uint64_t TableStore::sequence_mark() {
  std::lock_guard<std::mutex> l(seq_mu_);
  return take_sequence();
}

void TableStore::end_sequence(uint64_t seq) {
  std::lock_guard<std::mutex> l(seq_mu_);
  in_flight_.erase(seq);
}

uint64_t TableStore::visible_sequence() const {
  std::lock_guard<std::mutex> l(seq_mu_);
  return in_flight_.empty() ? next_seq_ - 1 : *in_flight_.begin() - 1;
}

std::vector<ChangeRecord> TableStore::read_changes(uint64_t table_id, uint64_t from,
                                                   size_t limit) const {
  uint64_t to = visible_sequence();
  std::vector<ChangeRecord> out;
  if (from > to) return out;
  std::string prefix = table_prefix('c', table_id);
  std::string start = prefix, end = prefix;
  append_u64(start, from);
  append_u64(end, to + 1);
  for (auto it = kv_.scan(storage::Column::kMeta, start, end); it.valid() && out.size() < limit;
       it.next())
    out.push_back(decode_change(read_u64(it.key().substr(prefix.size())), it.value()));
  return out;
}

uint64_t TableStore::first_sequence(uint64_t table_id) const {
  std::string prefix = table_prefix('c', table_id);
  auto it = kv_.scan(storage::Column::kMeta, prefix, storage::prefix_end(prefix));
  return it.valid() ? read_u64(it.key().substr(prefix.size())) : 0;
}

// DynamoDB Streams keep records for 24 hours; the change log keeps them as long.
void TableStore::trim_changes(int64_t older_than_millis) {
  for (const auto& name : list_tables()) {
    TablePtr t = find(name);
    if (!t) continue;
    std::string prefix = table_prefix('c', t->id);
    std::string cut;
    for (auto it = kv_.scan(storage::Column::kMeta, prefix, storage::prefix_end(prefix));
         it.valid(); it.next()) {
      if (decode_change(0, it.value()).millis >= older_than_millis) break;
      cut = std::string(it.key()) + '\0';
    }
    if (cut.empty()) continue;
    auto b = kv_.batch();
    b.del_range(storage::Column::kMeta, prefix, cut);
    kv_.write(b);
  }
}

}  // namespace wharf::dynamo
