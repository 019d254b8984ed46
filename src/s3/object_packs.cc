// ObjectStore's side of pack files: the index of referenced records, live bytes per pack, and
// the collector that reclaims the space of overwritten and deleted payloads (docs/storage.md).
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "core/encoding.h"
#include "core/error.h"
#include "s3/meta_keys.h"
#include "s3/object_store.h"

namespace wharf::s3 {

using storage::Column;
using storage::PackRef;
using storage::PackStore;

namespace {

// Index entries (column kPackIndex): <pack:8> <offset:8>, big-endian so that one pack's entries
// are one range -> <size:4> <object key>.

std::string pack_prefix(uint64_t pack) {
  std::string k;
  core::append_u64(k, pack);
  return k;
}
std::string index_key(const PackRef& r) {
  std::string k = pack_prefix(r.pack);
  core::append_u64(k, r.offset);
  return k;
}

std::pair<PackRef, std::string> decode_entry(std::string_view key, std::string_view value) {
  if (key.size() != 16 || value.size() < 4) core::throw_internal("malformed pack index entry");
  return {{core::read_u64(key), core::read_u64(key.substr(8)), core::read_u32(value)},
          std::string(value.substr(4))};
}

// The collector looks every few seconds, and at once when half a pack has been freed.
constexpr auto kCollectInterval = std::chrono::seconds(5);

}  // namespace

void ObjectStore::index_packed(storage::Batch& batch, const std::string& okey, const PackRef& ref,
                               Effects& effects) {
  std::string value;
  core::append_u32(value, ref.size);
  value += okey;
  batch.put(Column::kPackIndex, index_key(ref), value);
  effects.packed.push_back(ref);
}

void ObjectStore::unindex_packed(storage::Batch& batch, const PackRef& ref, Effects& effects) {
  batch.del(Column::kPackIndex, index_key(ref));
  effects.unpacked.push_back(ref);
}

void ObjectStore::count_packs() {
  std::lock_guard lock(pack_live_mu_);
  for (auto it = kv_.scan(Column::kPackIndex, "", ""); it.valid(); it.next()) {
    PackRef r = decode_entry(it.key(), it.value()).first;
    pack_live_[r.pack] += static_cast<int64_t>(PackStore::footprint(r));
  }
}

void ObjectStore::account_packs(const Effects& effects) {
  if (effects.packed.empty() && effects.unpacked.empty()) return;
  bool collect = false;
  {
    std::lock_guard lock(pack_live_mu_);
    for (const auto& r : effects.packed)
      pack_live_[r.pack] += static_cast<int64_t>(PackStore::footprint(r));
    for (const auto& r : effects.unpacked) {
      auto it = pack_live_.find(r.pack);
      // A pack collected meanwhile has no entry: nothing to take from.
      if (it != pack_live_.end() && (it->second -= PackStore::footprint(r)) <= 0)
        pack_live_.erase(it);
      freed_since_collect_ += PackStore::footprint(r);
    }
    collect = freed_since_collect_ >= packs_.pack_bytes() / 2;
  }
  if (collect) collector_cv_.notify_one();
}

size_t ObjectStore::collect_packs() {
  std::lock_guard one_at_a_time(collect_mu_);  // the background thread, or a test
  std::map<uint64_t, int64_t> live;
  {
    std::lock_guard lock(pack_live_mu_);
    live = pack_live_;
    freed_since_collect_ = 0;
  }
  struct Candidate {
    uint64_t pack, bytes, live;
  };
  std::vector<Candidate> candidates;
  uint64_t total_bytes = 0, total_live = 0;
  for (const auto& [pack, bytes] : packs_.packs()) {
    if (!packs_.collectable(pack)) continue;  // still open, or a reference may yet commit
    auto it = live.find(pack);
    uint64_t l = it == live.end() ? 0 : static_cast<uint64_t>(std::max<int64_t>(it->second, 0));
    candidates.push_back({pack, bytes, l});
    total_bytes += bytes;
    total_live += l;
  }
  // Emptiest first. Moving a record costs as much as writing it, so a pack is collected when at
  // most a quarter of it is live (a byte moved per three reclaimed), or at most half while the
  // sealed packs hold more dead bytes than live ones (so space stays under twice the data).
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return a.live * b.bytes < b.live * a.bytes;
  });
  size_t removed = 0;
  for (const auto& c : candidates) {
    uint64_t now_live = 0;  // a pass may take a while: decide on the count as it is now
    {
      std::lock_guard lock(pack_live_mu_);
      if (auto it = pack_live_.find(c.pack); it != pack_live_.end() && it->second > 0)
        now_live = static_cast<uint64_t>(it->second);
    }
    bool mostly_dead = now_live * 4 <= c.bytes;
    bool space_bound = now_live * 2 <= c.bytes && total_bytes - total_live > total_live;
    if (!mostly_dead && !space_bound) continue;
    // The index is the truth (live counts are settled after each batch, so they may lag).
    std::string start = pack_prefix(c.pack), end = storage::prefix_end(start);
    std::vector<PackIndexEntry> entries;
    for (auto e = kv_.scan(Column::kPackIndex, start, end); e.valid(); e.next()) {
      auto [ref, okey] = decode_entry(e.key(), e.value());
      entries.push_back({ref, std::move(okey)});
    }
    move_packed(entries);
    if (kv_.scan(Column::kPackIndex, start, end).valid()) continue;  // moved again meanwhile
    packs_.remove(c.pack);
    ++removed;
    total_bytes -= c.bytes;  // its live records are in the open pack now
    total_live -= std::min(total_live, now_live);
    spdlog::debug("pack {} collected: {} live records moved, {} bytes reclaimed", c.pack,
                  entries.size(), c.bytes - std::min(c.bytes, now_live));
  }
  return removed;
}

void ObjectStore::move_packed(const std::vector<PackIndexEntry>& entries) {
  // One batch per kMoveBatch records: a batch each would queue behind every client write.
  constexpr size_t kMoveBatch = 128;
  for (size_t first = 0; first < entries.size(); first += kMoveBatch) {
    const size_t last = std::min(entries.size(), first + kMoveBatch);
    // Lock every record's bucket (shared) and key, each set in address order: no other path
    // holds more than one key lock, so this cannot deadlock.
    std::vector<std::shared_mutex*> bucket_mus;
    std::vector<std::mutex*> key_mus;
    for (size_t i = first; i < last; ++i) {
      auto names = meta_keys::split_object_key(entries[i].okey);
      if (!names) core::throw_internal("pack index names no object: " + entries[i].okey);
      bucket_mus.push_back(&bucket_lock(names->first));
      key_mus.push_back(&key_lock(names->first, names->second));
    }
    auto by_address = [](auto& v) {
      std::sort(v.begin(), v.end());
      v.erase(std::unique(v.begin(), v.end()), v.end());
    };
    by_address(bucket_mus);
    by_address(key_mus);
    std::vector<std::shared_lock<std::shared_mutex>> bucket_guards;
    for (auto* m : bucket_mus) bucket_guards.emplace_back(*m);
    std::vector<std::unique_lock<std::mutex>> key_guards;
    for (auto* m : key_mus) key_guards.emplace_back(*m);

    Effects effects;
    auto batch = kv_.batch();
    std::vector<PackStore::Pending> pending(last - first);
    std::vector<std::string> payloads(last - first);  // alive until the batch is written
    for (size_t i = first; i < last; ++i) {
      const auto& [ref, okey] = entries[i];
      auto raw = kv_.get(Column::kMeta, okey);
      std::optional<ObjectMeta> meta;
      if (raw) meta = decode_object(*raw);
      if (!meta || meta->packed != ref) {
        unindex_packed(batch, ref, effects);  // stale: nothing references the record
        continue;
      }
      auto bytes = packs_.read(ref);
      if (!bytes) continue;
      payloads[i - first] = std::move(*bytes);
      auto append = packs_.append(payloads[i - first], pending[i - first]);
      batch.write_file_first(append.write);
      meta->packed = append.ref;
      unindex_packed(batch, ref, effects);
      index_packed(batch, okey, append.ref, effects);
      batch.put(Column::kMeta, okey, encode(*meta));
    }
    kv_.write(batch);
    settle(effects);
  }
}

void ObjectStore::collect_packs_loop() {
  std::unique_lock lock(collector_mu_);
  while (!stopping_) {
    collector_cv_.wait_for(lock, kCollectInterval);
    if (stopping_) break;
    lock.unlock();
    try {
      collect_packs();
    } catch (const std::exception& e) {
      spdlog::error("collecting pack files: {}", e.what());
    }
    lock.lock();
  }
}

}  // namespace wharf::s3
