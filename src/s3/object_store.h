// The object storage service: buckets, objects and multipart uploads, independent of any wire
// format. s3/api translates S3 requests into these calls; pipelines call them directly.
//
// Durability: every logical write is one RocksDB batch. A payload lives in one of three places
// by size: up to kInlineLimit in the data column inside that batch; up to kPackLimit as a record
// in a pack file (storage/pack_store.h), appended before the batch that references it; larger,
// in blob files, complete (and fsynced by policy) before the batch and published under their
// final name after it. Blobs that an overwrite or delete unreferences are recorded as garbage in
// the same batch and unlinked after it; pack records are reclaimed by moving the live records of
// mostly dead packs (object_packs.cc). So a crash leaks nothing and tears nothing
// (docs/storage.md).
#pragma once

#include <array>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/byte_source.h"
#include "s3/checksums.h"
#include "s3/object_meta.h"
#include "storage/blob_store.h"
#include "storage/kv.h"
#include "storage/pack_store.h"

namespace wharf::s3 {

inline constexpr uint64_t kInlineLimit = 1024;         // payloads kept in RocksDB
inline constexpr uint64_t kPackLimit = 64 * 1024;      // payloads kept in pack files; larger: blobs
inline constexpr uint64_t kMaxSinglePut = 5ULL << 30;  // 5 GiB
inline constexpr uint64_t kMinPartSize = 5ULL << 20;   // 5 MiB, all parts but the last
inline constexpr int kMaxPartNumber = 10000;
inline constexpr size_t kMaxKeyBytes = 1024;

// What a writer asks to be verified and recorded about a payload.
struct PayloadChecks {
  std::optional<std::string> content_md5;  // raw 16 bytes
  std::optional<ChecksumAlgorithm> algorithm;
  // The expected checksum (base64), read once the payload has ended: it may come from a header
  // or from an aws-chunked trailer that arrives after the data.
  std::function<std::optional<std::string>()> expected_checksum;
};

struct WriteOptions {
  std::map<std::string, std::string> headers;
  std::map<std::string, std::string> user_meta;
  std::map<std::string, std::string> tags;
  bool if_none_match_star = false;           // fail if the key exists
  std::optional<std::string> if_match_etag;  // fail unless the current ETag matches
  std::string owner;
};

struct ListParams {
  std::string prefix;
  std::string delimiter;
  std::string start_after;  // exclusive
  int max_keys = 1000;
};

struct ListEntry {
  std::string key;
  ObjectMeta meta;
};

struct ListResult {
  std::vector<ListEntry> objects;
  std::vector<std::string> common_prefixes;
  bool truncated = false;
  std::string last;  // last key or common prefix returned: where the next page starts after
  int visited =
      0;  // index entries the scan touched: the cost of the page (tests hold it to the page)
};

// An object's payload opened for reading: its bytes in memory (inline and packed payloads), or
// blob files (fds owned here).
class ObjectData {
 public:
  ObjectData() = default;
  ObjectData(ObjectData&&) noexcept;
  ObjectData& operator=(ObjectData&&) noexcept;
  ~ObjectData();
  bool buffered() const { return segments.empty(); }  // the payload is inline_bytes
  ObjectMeta meta;
  std::string inline_bytes;
  struct Segment {
    int fd = -1;
    uint64_t size = 0;
  };
  std::vector<Segment> segments;
};

struct UploadListing {
  std::vector<UploadInfo> uploads;
  std::vector<std::string> common_prefixes;
  bool truncated = false;
  std::string next_key_marker, next_upload_id_marker;
};

struct CompletedPart {
  int number = 0;
  std::string etag;      // quotes stripped by the caller
  std::string checksum;  // base64, when the request lists one for the upload's algorithm
};

class ObjectStore {
 public:
  ObjectStore(storage::Kv& kv, storage::BlobStore& blobs, storage::PackStore& packs);
  ~ObjectStore();
  ObjectStore(const ObjectStore&) = delete;
  ObjectStore& operator=(const ObjectStore&) = delete;

  // Buckets
  void create_bucket(const std::string& name, const std::string& owner, const std::string& region);
  std::optional<BucketInfo> find_bucket(const std::string& name) const;
  std::vector<BucketInfo> list_buckets(const std::string& owner) const;
  void delete_bucket(const std::string& name);

  // Objects
  ObjectMeta put_object(const std::string& bucket, const std::string& key, core::ByteSource& body,
                        const PayloadChecks& checks, const WriteOptions& options);
  std::optional<ObjectMeta> head_object(const std::string& bucket, const std::string& key) const;
  ObjectData open_object(const std::string& bucket, const std::string& key) const;
  bool delete_object(const std::string& bucket, const std::string& key);
  // Copies payload and checksum; metadata per `options` (already merged by the caller).
  ObjectMeta copy_object(const std::string& src_bucket, const std::string& src_key,
                         const std::string& dst_bucket, const std::string& dst_key,
                         const WriteOptions& options);
  void set_tags(const std::string& bucket, const std::string& key,
                std::map<std::string, std::string> tags);
  ListResult list_objects(const std::string& bucket, const ListParams& params) const;

  // Multipart uploads
  UploadInfo create_upload(const std::string& bucket, const std::string& key,
                           const WriteOptions& options, const std::string& checksum_algorithm,
                           const std::string& checksum_type);
  UploadInfo get_upload(const std::string& bucket, const std::string& key,
                        const std::string& upload_id) const;
  PartInfo upload_part(const UploadInfo& upload, int part_number, core::ByteSource& body,
                       const PayloadChecks& checks);
  std::vector<PartInfo> list_parts(const UploadInfo& upload, int marker, int max_parts,
                                   bool& truncated) const;
  // expected_checksum: the whole object's checksum the client sent with the request, if any.
  ObjectMeta complete_upload(const UploadInfo& upload, const std::vector<CompletedPart>& parts,
                             const std::optional<std::string>& if_none_match_star_or_etag,
                             const std::optional<std::string>& expected_checksum = std::nullopt);
  void abort_upload(const UploadInfo& upload);

  // Removes packs without live records and moves the live records of packs at most half live
  // into the open pack, then removes those; returns the number of packs removed. A background
  // thread calls it when overwrites and deletes have freed enough; tests call it directly.
  size_t collect_packs();
  UploadListing list_uploads(const std::string& bucket, const std::string& prefix,
                             const std::string& delimiter, const std::string& key_marker,
                             const std::string& upload_id_marker, int max_uploads) const;

 private:
  struct Written {
    ObjectMeta meta;           // size, etag, checksum and where the payload is filled in
    std::string inline_bytes;  // the payload, when it is inline or to be packed
    bool to_pack = false;      // reference() appends it to a pack and sets meta.packed
    storage::PackStore::Pending pack_pending;  // held until the packed record is referenced
  };
  // What a batch does besides writing its own keys, carried out by settle() once it is written.
  struct Effects {
    std::vector<std::string> published, garbage;     // blob ids
    std::vector<storage::PackRef> packed, unpacked;  // pack records now referenced, no longer
  };
  Written write_payload(core::ByteSource& body, const PayloadChecks& checks, bool allow_inline,
                        uint64_t max_size);
  // Places a small payload (at most kPackLimit) inline or in a pack.
  void place_small(Written& w, std::string bytes);
  // Stamps w with options and commits it; removes w's blobs if the commit fails.
  ObjectMeta commit_object(const std::string& bucket, const std::string& key, Written& w,
                           const WriteOptions& options);
  void commit_locked(const std::string& bucket, const std::string& key, Written& w,
                     const WriteOptions& options);
  // A batch that starts referencing a new blob adopts it (a note to publish it) and one that
  // stops referencing a blob discards it (a note to unlink it); settle() carries both out once
  // the batch is written, and recover() after a crash. Either way nothing tears or leaks.
  void adopt(storage::Batch& batch, const std::string& blob, Effects& effects);
  void discard(storage::Batch& batch, const std::string& blob, Effects& effects);
  // Writes what a new object record at okey references (its inline payload, blob notes, pack
  // index entry), and drops what the old one did.
  void reference(storage::Batch& batch, const std::string& okey, Written& w, Effects& effects);
  void unreference(storage::Batch& batch, const std::string& okey, const ObjectMeta& old,
                   Effects& effects);
  void settle(const Effects& effects);
  void recover();

  // Pack records (object_packs.cc). Each referenced record has an index entry naming the object
  // that references it, written in the same batch as the reference: the live bytes of a pack
  // are the sum of its entries, and the collector finds the objects to move through them.
  void index_packed(storage::Batch& batch, const std::string& okey, const storage::PackRef& ref,
                    Effects& effects);
  void unindex_packed(storage::Batch& batch, const storage::PackRef& ref, Effects& effects);
  void count_packs();                          // live bytes per pack, from the index (at startup)
  void account_packs(const Effects& effects);  // after a batch: live bytes moved
  void collect_packs_loop();
  // Moves records of a pack being collected into the open pack (those still referenced: an
  // entry whose object no longer references its record is dropped).
  struct PackIndexEntry {
    storage::PackRef ref;
    std::string okey;
  };
  void move_packed(const std::vector<PackIndexEntry>& entries);
  std::mutex& key_lock(const std::string& bucket, const std::string& key);
  std::shared_mutex& bucket_lock(const std::string& bucket);
  void require_bucket(const std::string& bucket) const;

  storage::Kv& kv_;
  storage::BlobStore& blobs_;
  storage::PackStore& packs_;
  std::mutex pack_live_mu_;
  std::map<uint64_t, int64_t> pack_live_;  // pack -> bytes of its referenced records
  uint64_t freed_since_collect_ = 0;       // bytes unreferenced since the collector last ran
  std::mutex collect_mu_;                  // one collection pass at a time
  std::mutex collector_mu_;
  std::condition_variable collector_cv_;
  bool stopping_ = false;
  std::thread collector_;  // started last, stopped first
  std::array<std::mutex, 256> key_locks_;
  std::array<std::shared_mutex, 64> bucket_locks_;
  std::mutex bucket_create_lock_;
  // Every bucket, in name order (ListBuckets' order): S3 caps an account at a few thousand, and
  // every request needs its bucket, so they live in memory; written through under the locks above.
  void load_buckets();
  mutable std::shared_mutex buckets_mu_;
  std::map<std::string, BucketInfo> buckets_;
};

}  // namespace wharf::s3
