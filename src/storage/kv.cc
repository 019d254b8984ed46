#include "storage/kv.h"

#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>

#include <filesystem>

#include "core/error.h"
#include "core/log.h"
#include "storage/rocksdb_crc32c.h"

namespace wharf::storage {

static void check(const rocksdb::Status& s, const char* what) {
  if (!s.ok()) core::throw_internal(std::string(what) + ": " + s.ToString());
}

static rocksdb::Slice slice(std::string_view s) { return rocksdb::Slice(s.data(), s.size()); }

void Batch::put(Column c, std::string_view key, std::string_view value) {
  check(batch_.Put((*cfs_)[static_cast<size_t>(c)], slice(key), slice(value)), "batch put");
}

void Batch::del(Column c, std::string_view key) {
  check(batch_.Delete((*cfs_)[static_cast<size_t>(c)], slice(key)), "batch delete");
}

void Batch::del_range(Column c, std::string_view start, std::string_view end) {
  check(batch_.DeleteRange((*cfs_)[static_cast<size_t>(c)], slice(start), slice(end)),
        "batch delete range");
}

Kv::Kv(const std::string& dir, KvOptions options) : options_(options) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);  // RocksDB creates only the last path component
  rocksdb::Options db_opts;
  db_opts.create_if_missing = true;
  db_opts.create_missing_column_families = true;
  db_opts.IncreaseParallelism(2);
  db_opts.max_open_files = 512;
  // Writes reach RocksDB one at a time through GroupCommit; should one come another way, its
  // waiters block rather than spin (a spinning thread takes the CPU the leader needs on 2 cores).
  db_opts.enable_write_thread_adaptive_yield = false;
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table.checksum = rocksdb::kXXH3;  // Debian's portable RocksDB build has only a slow CRC32C
  table.block_cache = rocksdb::NewLRUCache(128 << 20);
  rocksdb::ColumnFamilyOptions cf_opts;
  cf_opts.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  cf_opts.write_buffer_size = 32 << 20;
  // A Bloom filter of the memtable's keys (2% of its size): a lookup of a key that is not there
  // (a new object's or item's previous version, a condition on a missing item) skips the
  // skiplist search, which profiles showed at 3-6% of a request.
  cf_opts.memtable_prefix_bloom_size_ratio = 0.02;
  cf_opts.memtable_whole_key_filtering = true;
  rocksdb::ColumnFamilyOptions data_opts = cf_opts;
  data_opts.compression = rocksdb::kNoCompression;  // payloads are often already compressed
  std::vector<rocksdb::ColumnFamilyDescriptor> descs = {
      {rocksdb::kDefaultColumnFamilyName, cf_opts}, {"data", data_opts}, {"packs", cf_opts}};
  rocksdb::Status s = rocksdb::DB::Open(rocksdb::DBOptions(db_opts), dir, descs, &cfs_, &db_);
  if (!s.ok())
    throw core::Error("StorageUnavailable", 500, "cannot open " + dir + ": " + s.ToString());
  commits_ = std::make_unique<GroupCommit>(db_, cfs_, options_.sync);
  if (!rocksdb_crc32c_is_replaced())
    spdlog::warn("RocksDB checksums with its portable CRC32C: writes cost more CPU");
}

Kv::~Kv() {
  for (auto* h : cfs_) db_->DestroyColumnFamilyHandle(h);
  delete db_;
}

std::optional<std::string> Kv::get(Column c, std::string_view key) const {
  std::string value;
  auto s = db_->Get(rocksdb::ReadOptions(), cfs_[static_cast<size_t>(c)], slice(key), &value);
  if (s.IsNotFound()) return std::nullopt;
  check(s, "get");
  return value;
}

void Kv::write(Batch& b) { check(commits_->write(b.batch_, b.files_), "write"); }

std::unique_ptr<Snapshot> Kv::snapshot() const {
  return std::unique_ptr<Snapshot>(new Snapshot(this, db_->GetSnapshot()));
}

Snapshot::~Snapshot() { kv_->db_->ReleaseSnapshot(snap_); }

std::optional<std::string> Snapshot::get(Column c, std::string_view key) const {
  rocksdb::ReadOptions ro;
  ro.snapshot = snap_;
  std::string value;
  auto s = kv_->db_->Get(ro, kv_->cfs_[static_cast<size_t>(c)], slice(key), &value);
  if (s.IsNotFound()) return std::nullopt;
  check(s, "get");
  return value;
}

Kv::Iterator::Iterator(const Kv& kv, Column c, std::string_view start, std::string_view end,
                       bool reverse)
    : bounds_(new Bounds{std::string(start), std::string(end), {}, {}}), reverse_(reverse) {
  rocksdb::ReadOptions ro;
  bounds_->lower = slice(bounds_->start);
  bounds_->upper = slice(bounds_->end);
  ro.iterate_lower_bound = &bounds_->lower;
  if (!end.empty()) ro.iterate_upper_bound = &bounds_->upper;
  it_.reset(kv.db_->NewIterator(ro, kv.cfs_[static_cast<size_t>(c)]));
  if (!reverse) {
    it_->Seek(bounds_->lower);
  } else if (end.empty()) {
    it_->SeekToLast();
  } else {
    it_->SeekForPrev(bounds_->upper);
    if (it_->Valid() && it_->key().compare(bounds_->upper) >= 0) it_->Prev();  // end is exclusive
  }
}

Kv::Iterator Kv::scan(Column c, std::string_view start, std::string_view end) const {
  return Iterator(*this, c, start, end, false);
}

Kv::Iterator Kv::scan_reverse(Column c, std::string_view start, std::string_view end) const {
  return Iterator(*this, c, start, end, true);
}

bool Kv::Iterator::valid() const {
  if (!it_->Valid()) {
    check(it_->status(), "iterate");
    return false;
  }
  if (reverse_) return it_->key().compare(bounds_->lower) >= 0;
  return bounds_->end.empty() || it_->key().compare(bounds_->upper) < 0;
}
std::string_view Kv::Iterator::key() const { return {it_->key().data(), it_->key().size()}; }
std::string_view Kv::Iterator::value() const { return {it_->value().data(), it_->value().size()}; }
void Kv::Iterator::next() {
  if (reverse_)
    it_->Prev();
  else
    it_->Next();
}
void Kv::Iterator::seek(std::string_view target) { it_->Seek(slice(target)); }

std::string prefix_end(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty()) {
    auto& c = reinterpret_cast<unsigned char&>(end.back());
    if (c != 0xff) {
      ++c;
      return end;
    }
    end.pop_back();
  }
  return end;
}

}  // namespace wharf::storage
