// What wharf records about buckets, objects, multipart uploads and parts, and their encoding
// in the metadata store (under order-preserving keys; see docs/storage.md): objects as compact
// binary records, the rest as JSON.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/pack_ref.h"

namespace wharf::s3 {

struct BucketInfo {
  std::string name;
  std::string owner;
  std::string region;
  int64_t created_ms = 0;
};

// A piece of an object's payload stored as a blob file (one per multipart part).
struct BlobRef {
  std::string blob;
  uint64_t size = 0;
};

struct Checksum {
  std::string algorithm;  // "CRC32", ... ; empty when none was requested
  std::string value;      // base64, "-N" suffixed for COMPOSITE multipart checksums
  std::string type;       // "FULL_OBJECT" or "COMPOSITE"
};

struct ObjectMeta {
  uint64_t size = 0;
  std::string etag;  // without quotes
  int64_t mtime_ms = 0;
  std::string owner;
  std::map<std::string, std::string> headers;  // content-type, cache-control, ... (lowercase names)
  std::map<std::string, std::string> user_meta;  // x-amz-meta-* without the prefix, lowercase
  std::map<std::string, std::string> tags;
  Checksum checksum;
  // Where the payload is: exactly one of the three (an empty object is inline).
  bool inline_data = false;                // in the data column under the same key
  std::optional<storage::PackRef> packed;  // a record in a pack file
  std::vector<BlobRef> blobs;              // blob files, in order
};

struct UploadInfo {
  std::string upload_id;
  std::string bucket, key;
  std::string owner;
  int64_t initiated_ms = 0;
  std::map<std::string, std::string> headers;
  std::map<std::string, std::string> user_meta;
  std::map<std::string, std::string> tags;
  std::string checksum_algorithm;
  std::string checksum_type;
};

struct PartInfo {
  int number = 0;
  uint64_t size = 0;
  std::string etag;  // without quotes
  int64_t mtime_ms = 0;
  std::string blob;
  Checksum checksum;
};

std::string encode(const BucketInfo& b);
std::string encode(const ObjectMeta& m);
std::string encode(const UploadInfo& u);
std::string encode(const PartInfo& p);
BucketInfo decode_bucket(std::string_view s);
ObjectMeta decode_object(std::string_view s);
UploadInfo decode_upload(std::string_view s);
PartInfo decode_part(std::string_view s);

}  // namespace wharf::s3
