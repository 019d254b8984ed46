// TableStore's TTL expirer: items whose TTL attribute (a number of epoch seconds) lies in the
// past are deleted, with a REMOVE change record marked as a TTL deletion. Expiry times are
// indexed ("De" keys), so each pass seeks to the expired entries instead of scanning tables.
#include "core/clock.h"
#include "core/log.h"
#include "dynamo/key_codec.h"
#include "dynamo/table_store.h"

namespace wharf::dynamo {

size_t TableStore::expire_items(int64_t now_seconds) {
  size_t deleted = 0;
  for (const auto& name : list_tables()) {
    TablePtr t = find(name);
    if (!t || !t->ttl_attribute) continue;
    std::string prefix = table_prefix('e', t->id);
    std::string end = prefix;
    append_u64(end, static_cast<uint64_t>(now_seconds) + 1);
    std::vector<std::string> item_keys;
    for (auto it = kv_.scan(storage::Column::kMeta, prefix, end);
         it.valid() && item_keys.size() < 1000; it.next())
      item_keys.push_back(table_prefix('i', t->id) +
                          std::string(it.key().substr(prefix.size() + 8)));
    for (const auto& key : item_keys) {
      std::lock_guard<std::mutex> lock(stripe(key));
      auto item = read_item(key);
      if (!item) continue;
      // Re-check under the lock: the item may have been given a later expiry meanwhile.
      auto a = item->find(*t->ttl_attribute);
      if (a == item->end() || !a->second.is<core::Decimal>() ||
          a->second.as<core::Decimal>() > core::Decimal(now_seconds))
        continue;
      uint64_t seq = begin_sequence();
      try {
        auto b = kv_.batch();
        stage(b, *t, key, item, std::nullopt, seq, true);
        kv_.write(b);
      } catch (...) {
        end_sequence(seq);
        throw;
      }
      end_sequence(seq);
      ++deleted;
    }
  }
  return deleted;
}

void TableStore::start_background(int interval_ms) {
  background_ = std::thread([this, interval_ms] {
    int64_t last_trim = 0;
    std::unique_lock<std::mutex> l(background_mu_);
    while (!stop_) {
      background_cv_.wait_for(l, std::chrono::milliseconds(interval_ms));
      if (stop_) break;
      l.unlock();
      try {
        int64_t now = core::now_millis();
        expire_items(now / 1000);
        if (now - last_trim > 60'000) {
          trim_changes(now - 24LL * 3600 * 1000);
          last_trim = now;
        }
      } catch (const std::exception& e) {
        spdlog::warn("dynamodb background work failed: {}", e.what());
      }
      l.lock();
    }
  });
}

}  // namespace wharf::dynamo
