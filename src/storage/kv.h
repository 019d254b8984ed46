// The metadata store: RocksDB with column families, atomic multi-key batches and ordered scans.
// Keys are order-preserving encodings (storage/keys.h), so listings are seeks, not scans.
#pragma once

#include <rocksdb/db.h>
#include <rocksdb/utilities/write_batch_with_index.h>
#include <rocksdb/write_batch.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/group_commit.h"

namespace wharf::storage {

// kData: small object payloads kept inline. kPackIndex: the records of pack files that objects
// reference (s3/object_packs.cc), apart so that they do not crowd the metadata's memtable.
enum class Column { kMeta = 0, kData = 1, kPackIndex = 2 };

struct KvOptions {
  bool sync = false;  // fsync the write-ahead log on every batch
};

class Batch {
 public:
  void put(Column c, std::string_view key, std::string_view value);
  void del(Column c, std::string_view key);
  // Deletes every key in [start, end): one tombstone, however many keys (dropping a table).
  void del_range(Column c, std::string_view start, std::string_view end);
  // Writes into a file before the batch's keys (see FileWrite): for a record the batch refers to.
  void write_file_first(const FileWrite& w) { files_.push_back(w); }
  bool empty() const { return batch_.Count() == 0 && files_.empty(); }

 private:
  friend class Kv;
  explicit Batch(std::vector<rocksdb::ColumnFamilyHandle*>* cfs) : cfs_(cfs) {}
  std::vector<rocksdb::ColumnFamilyHandle*>* cfs_;
  rocksdb::WriteBatch batch_;
  std::vector<FileWrite> files_;
};

// A consistent view for multi-key reads (e.g. an object's metadata and its inline payload).
class Snapshot {
 public:
  ~Snapshot();
  std::optional<std::string> get(Column c, std::string_view key) const;

 private:
  friend class Kv;
  Snapshot(const class Kv* kv, const rocksdb::Snapshot* s) : kv_(kv), snap_(s) {}
  const class Kv* kv_;
  const rocksdb::Snapshot* snap_;
};

class Kv {
 public:
  // Opens (creating if needed) the database in `dir`. Throws core::Error on failure.
  Kv(const std::string& dir, KvOptions options);
  ~Kv();

  std::optional<std::string> get(Column c, std::string_view key) const;
  Batch batch() { return Batch(&cfs_); }
  void write(Batch& b);
  std::unique_ptr<Snapshot> snapshot() const;

  // Iteration over [start, end) in key order (scan) or reverse key order (scan_reverse).
  class Iterator {
   public:
    bool valid() const;
    std::string_view key() const;
    std::string_view value() const;
    void next();                         // the next key in the iteration's direction
    void seek(std::string_view target);  // forward iterators only

   private:
    friend class Kv;
    // The range, also given to RocksDB as iterate bounds: without them an iterator that meets
    // deleted keys skips tombstones past `end` until it finds a live key, however far away (a
    // scan of a range whose keys were all deleted would cost every tombstone after it).
    struct Bounds {
      std::string start, end;
      rocksdb::Slice lower, upper;
    };
    Iterator(const Kv& kv, Column c, std::string_view start, std::string_view end, bool reverse);
    std::unique_ptr<Bounds> bounds_;  // declared first: it_ points into it until destroyed
    std::unique_ptr<rocksdb::Iterator> it_;
    bool reverse_;
  };
  Iterator scan(Column c, std::string_view start, std::string_view end) const;
  Iterator scan_reverse(Column c, std::string_view start, std::string_view end) const;

 private:
  friend class Snapshot;
  rocksdb::DB* db_ = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> cfs_;
  KvOptions options_;
  std::unique_ptr<GroupCommit> commits_;
};

// The smallest key greater than every key that starts with `prefix` ("" when there is none).
std::string prefix_end(std::string_view prefix);

}  // namespace wharf::storage
