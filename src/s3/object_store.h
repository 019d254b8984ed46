// The object storage service: buckets, objects and multipart uploads, independent of any wire
// format. s3/api translates S3 requests into these calls; pipelines call them directly.
//
// Durability: every logical write is one RocksDB batch. Payloads up to kInlineLimit live in the
// data column inside that batch; larger ones are blob files, complete (and fsynced by policy)
// before the batch that references them and published under their final name after it. Blobs
// that an overwrite or delete unreferences are recorded as garbage in the same batch and
// unlinked after it, so a crash leaks nothing and tears nothing (docs/storage.md).
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "core/byte_source.h"
#include "s3/checksums.h"
#include "s3/object_meta.h"
#include "storage/blob_store.h"
#include "storage/kv.h"

namespace wharf::s3 {

inline constexpr uint64_t kInlineLimit = 64 * 1024;
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

// An object's payload opened for reading: the inline bytes, or blob files (fds owned here).
class ObjectData {
 public:
  ObjectData() = default;
  ObjectData(ObjectData&&) noexcept;
  ObjectData& operator=(ObjectData&&) noexcept;
  ~ObjectData();
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
  ObjectStore(storage::Kv& kv, storage::BlobStore& blobs);

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
  UploadListing list_uploads(const std::string& bucket, const std::string& prefix,
                             const std::string& delimiter, const std::string& key_marker,
                             const std::string& upload_id_marker, int max_uploads) const;

 private:
  struct Written {
    ObjectMeta meta;  // size, etag, checksum, inline_data/blobs filled in
    std::string inline_bytes;
  };
  Written write_payload(core::ByteSource& body, const PayloadChecks& checks, bool allow_inline,
                        uint64_t max_size);
  // Stamps w with options and commits it; removes w's blobs if the commit fails.
  ObjectMeta commit_object(const std::string& bucket, const std::string& key, Written& w,
                           const WriteOptions& options);
  void commit_locked(const std::string& bucket, const std::string& key, const Written& w,
                     const WriteOptions& options);
  // A batch that starts referencing a new blob adopts it (a note to publish it) and one that
  // stops referencing a blob discards it (a note to unlink it); settle() carries both out once
  // the batch is written, and recover() after a crash. Either way nothing tears or leaks.
  void adopt(storage::Batch& batch, const std::string& blob, std::vector<std::string>& published);
  void discard(storage::Batch& batch, const std::string& blob, std::vector<std::string>& garbage);
  void unreference(storage::Batch& batch, const ObjectMeta& old, std::vector<std::string>& garbage);
  void settle(const std::vector<std::string>& published, const std::vector<std::string>& garbage);
  void recover();
  std::mutex& key_lock(const std::string& bucket, const std::string& key);
  std::shared_mutex& bucket_lock(const std::string& bucket);
  void require_bucket(const std::string& bucket) const;

  storage::Kv& kv_;
  storage::BlobStore& blobs_;
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
