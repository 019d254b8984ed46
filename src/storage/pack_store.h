// Small payloads appended to shared pack files under <data>/packs, so that each is written once.
// Kept in RocksDB instead, a 4 KiB payload goes through the write-ahead log, the memtable, a
// flush and then every compaction that passes over it: under sustained writes that rewriting was
// 40% of the server's CPU (BENCHMARKS.md).
//
// A pack is appended to until it holds kPackBytes, then sealed for good: records never change
// and sealed packs are never appended to. Each record is a 16-byte header (magic, size, CRC32C of
// the payload) and the payload; every read checks the CRC. This class knows nothing of which
// records are live: the owner of the references (s3::ObjectStore) commits them to RocksDB after
// append() returns, moves the live records of a mostly dead pack into the open one, and then
// removes the pack. An append whose reference never commits (a failed request, a crash) is dead
// space until its pack is collected.
//
// A pack may be removed only once no reference to it can still be committed: it is sealed and
// every append into it has been settled (its Pending released). collectable() says when.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "storage/group_commit.h"
#include "storage/pack_ref.h"

namespace wharf::storage {

class PackStore {
 public:
  static constexpr uint64_t kPackBytes = 64ULL << 20;
  static constexpr uint32_t kHeaderBytes = 16;
  // The bytes a record takes in its pack.
  static uint64_t footprint(const PackRef& r) { return kHeaderBytes + r.size; }

  // fsync: new packs' directory entries are synced (the writer syncs the records). pack_bytes:
  // where a pack is sealed (smaller in tests).
  PackStore(std::string dir, bool fsync, uint64_t pack_bytes = kPackBytes);
  ~PackStore();
  PackStore(const PackStore&) = delete;
  PackStore& operator=(const PackStore&) = delete;

 private:
  struct File;

 public:
  // Holds a pack open for references until released: keep it until the reference is committed
  // (or abandoned), so that the pack cannot be collected in between.
  class Pending {
   public:
    Pending() = default;
    Pending(Pending&&) noexcept = default;
    Pending& operator=(Pending&& o) noexcept {
      if (this != &o) {
        release();
        file_ = std::move(o.file_);
      }
      return *this;
    }
    ~Pending() { release(); }
    void release();

   private:
    friend class PackStore;
    explicit Pending(std::shared_ptr<File> f) : file_(std::move(f)) {}
    std::shared_ptr<File> file_;
  };

  // Reserves room for a record in the open pack (a new one when it is full) and returns where
  // the record will be and the write that puts it there. Hand that write to the batch that
  // references the record (Batch::write_file_first), so that the group-commit leader writes
  // the records of concurrent requests together and before their keys. `payload` must stay
  // alive until then. Thread-safe.
  struct Append {
    PackRef ref;
    FileWrite write;
  };
  Append append(std::string_view payload, Pending& pending);
  // The payload, or nullopt if its pack was removed (the reference is stale: read it again).
  // Throws if the record is corrupt.
  std::optional<std::string> read(const PackRef& ref) const;

  uint64_t pack_bytes() const { return pack_bytes_; }
  // Every pack on disk and the bytes appended to it, ascending.
  std::map<uint64_t, uint64_t> packs() const;
  // Sealed, and no append into it is still pending: no new reference to it can appear.
  bool collectable(uint64_t pack) const;
  void remove(uint64_t pack);

 private:
  std::shared_ptr<File> file(uint64_t pack) const;  // opened on first use; null if absent
  std::string path(uint64_t pack) const;
  void roll();  // seals the open pack and starts the next; append_mu_ held

  std::string dir_;
  bool fsync_;
  uint64_t pack_bytes_;
  mutable std::shared_mutex files_mu_;
  std::map<uint64_t, std::shared_ptr<File>> files_;  // every pack on disk
  std::mutex append_mu_;
  std::shared_ptr<File> open_;  // the pack being appended to (none until the first append)
  uint64_t next_pack_ = 1;
};

}  // namespace wharf::storage
